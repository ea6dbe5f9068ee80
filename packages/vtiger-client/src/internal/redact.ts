/** Replacement for every secret value. */
export const REDACTED = 'REDACTED';

// Parameters that carry secrets in query strings, form bodies and headers. Matched case-insensitively because
// Vtiger reads `sessionName` from any source and people paste URLs in all shapes.
const SECRET_PARAM = /\b(sessionName|accessKey|PHPSESSID)=[^&\s"'<>;,]*/gi;
const SECRET_JSON_FIELD = /("(?:sessionName|accessKey)"\s*:\s*")[^"]*/gi;
const SECRET_HEADER = /\b(authorization|cookie|set-cookie)(["']?\s*[:=]\s*["']?)[^"'\r\n,}]*/gi;

/**
 * Removes known secret values and secret-looking parameters from `text`. `secrets` are exact values (access key,
 * md5 login key, session names); values shorter than 4 characters are ignored so that redaction cannot shred
 * ordinary text.
 */
export function redactText(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(SECRET_PARAM, `$1=${REDACTED}`)
    .replace(SECRET_JSON_FIELD, `$1${REDACTED}`)
    .replace(SECRET_HEADER, `$1$2${REDACTED}`);
}

/** A one-line, redacted, length-capped excerpt of a response body for error messages. */
export function excerptOf(body: string, secrets: readonly (string | undefined)[], max = 160): string {
  const oneLine = body.replace(/\s+/g, ' ').trim();
  const cut = oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
  return redactText(cut, secrets);
}

/**
 * A copy of a low-level error that is safe to attach as `cause`: name, redacted message and the diagnostic
 * codes, nothing else (undici errors can hold sockets, headers and bodies).
 */
export function sanitizeCause(err: unknown, secrets: readonly (string | undefined)[]): Error | undefined {
  if (err === undefined || err === null) return undefined;
  if (!(err instanceof Error)) return new Error(redactText(String(err), secrets));
  const copy = new Error(redactText(err.message, secrets));
  copy.name = err.name;
  copy.stack = `${copy.name}: ${copy.message}`;
  const e = err as Error & { code?: unknown; errno?: unknown; syscall?: unknown };
  const target = copy as Error & { code?: unknown; errno?: unknown; syscall?: unknown };
  if (typeof e.code === 'string' || typeof e.code === 'number') target.code = e.code;
  if (typeof e.errno === 'number') target.errno = e.errno;
  if (typeof e.syscall === 'string') target.syscall = e.syscall;
  return copy;
}
