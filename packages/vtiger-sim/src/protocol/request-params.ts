/**
 * PHP superglobals for one request: `$_GET` from the query string, `$_POST` from an urlencoded or multipart body
 * (a JSON body is not parsed, reference §1), `$_REQUEST` = GET overlaid by POST, and `$_COOKIE`.
 */
export interface PhpRequest {
  readonly method: string;
  readonly get: ReadonlyMap<string, string>;
  readonly post: ReadonlyMap<string, string>;
  readonly request: ReadonlyMap<string, string>;
  readonly cookies: ReadonlyMap<string, string>;
}

/** Builds the superglobals from the raw pieces of an HTTP request. */
export function phpRequest(
  method: string,
  search: string,
  contentType: string | undefined,
  body: Buffer,
  cookieHeader: string | undefined,
): PhpRequest {
  const get = parseUrlEncoded(search.startsWith('?') ? search.slice(1) : search);
  const post = method === 'POST' ? parseBody(contentType ?? '', body) : new Map<string, string>();
  const request = new Map(get);
  for (const [k, v] of post) request.set(k, v);
  return { method, get, post, request, cookies: parseCookies(cookieHeader) };
}

/**
 * `vtws_getParameter()`: a value PHP considers falsy (`""` or `"0"`) is replaced by the default, so it reads
 * as absent (reference §1). addslashes + stripslashes cancel out, so the value is otherwise unchanged.
 */
export function wsParameter(source: ReadonlyMap<string, string>, name: string): string | null {
  const value = source.get(name);
  return value === undefined || value === '' || value === '0' ? null : value;
}

function parseUrlEncoded(text: string): Map<string, string> {
  const out = new Map<string, string>();
  // URLSearchParams decodes `+` as a space like PHP, and a later duplicate wins like PHP.
  for (const [k, v] of new URLSearchParams(text)) out.set(k, v);
  return out;
}

function parseBody(contentType: string, body: Buffer): Map<string, string> {
  const type = contentType.toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded')) return parseUrlEncoded(body.toString('utf8'));
  if (type.startsWith('multipart/form-data')) return parseMultipart(contentType, body);
  return new Map();
}

function parseMultipart(contentType: string, body: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  const boundaryMatch = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = boundaryMatch?.[1] ?? boundaryMatch?.[2];
  if (!boundary) return out;
  const parts = body.toString('latin1').split(`--${boundary}`);
  for (const part of parts) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const headers = part.slice(0, headerEnd);
    const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined || /filename=/i.test(headers)) continue;
    let value = part.slice(headerEnd + 4);
    if (value.endsWith('\r\n')) value = value.slice(0, -2);
    out.set(Buffer.from(name, 'latin1').toString('utf8'), Buffer.from(value, 'latin1').toString('utf8'));
  }
  return out;
}

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const key = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1).trim();
    try {
      out.set(key, decodeURIComponent(raw));
    } catch {
      out.set(key, raw);
    }
  }
  return out;
}
