/**
 * Turns a raw answer into a result or a typed error (protocol §2): non-2xx ⇒ VtigerHttpError; 2xx that is not a
 * `{"success":…}` JSON envelope ⇒ VtigerProtocolError; `success:false` ⇒ the VtigerApiError subclass of its code.
 */
import { errorForCode, VtigerHttpError, VtigerProtocolError, type VtigerRequestInfo } from '../errors';
import { excerptOf, redactText } from './redact';
import { type TransportResponse } from './transport';

/** What the interpreter needs to write useful messages. */
export interface AnswerContext {
  readonly operation: string;
  readonly endpointHref: string;
  readonly secrets: readonly (string | undefined)[];
  readonly describe: () => VtigerRequestInfo;
  /** The user of a getchallenge/login, for messages that name the user. */
  readonly username?: string;
}

/** Operations that stock Vtiger 8 on PHP 8 always answers with HTTP 500 (protocol §8, §7.5, §10). */
const KNOWN_HTTP_500: Readonly<Record<string, string>> = {
  sync: "stock Vtiger 8 on PHP 8 cannot run `sync` (its dispatcher passes arguments by name and sync's do not match, protocol §8); page with `query` instead (session.pages)",
  logout:
    'stock Vtiger 8 on PHP 8 cannot run `logout` (protocol §7.5); the session stays valid until it idles out, so treat logout as best-effort',
  convertlead: 'stock Vtiger 8 on PHP 8 cannot run `convertlead` (parameter-name mismatch, protocol §10)',
  retrieve_inventory: 'stock Vtiger 8 on PHP 8 cannot run `retrieve_inventory` (protocol §10)',
  files_retrieve: 'stock Vtiger 8 on PHP 8 cannot run `files_retrieve` (protocol §10)',
};

const GENERIC_500 =
  'an unhandled PHP error on the server: an unknown operation, a session id left without a user by a failed extendsession (log in again), or a server bug (protocol §10)';

/** Returns `result` of a successful envelope or throws the matching error. */
export function interpretAnswer(res: TransportResponse, ctx: AnswerContext): unknown {
  const { status, body } = res;
  if (status < 200 || status > 299) throw httpError(res, ctx);

  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw protocolError(res, ctx, 'a body that is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || typeof (parsed as { success?: unknown }).success !== 'boolean') {
    throw protocolError(res, ctx, 'JSON without a boolean "success"');
  }
  const envelope = parsed as { success: boolean; result?: unknown; error?: unknown };
  if (envelope.success) {
    if (!('result' in envelope)) throw protocolError(res, ctx, 'a success envelope without "result"');
    return envelope.result;
  }
  const error = envelope.error as { message?: unknown; code?: unknown } | null | undefined;
  const code = error?.code;
  if (typeof code !== 'string' && typeof code !== 'number') {
    throw protocolError(res, ctx, 'a failure envelope without an error code');
  }
  const vtigerMessage = redactText(typeof error?.message === 'string' ? error.message : '', ctx.secrets);
  return throwApiError(code, vtigerMessage, ctx);
}

function throwApiError(code: string | number, vtigerMessage: string, ctx: AnswerContext): never {
  throw errorForCode(code, vtigerMessage, {
    operation: ctx.operation,
    request: ctx.describe(),
    message: apiMessage(code, vtigerMessage, ctx),
  });
}

function apiMessage(code: string | number, vtigerMessage: string, ctx: AnswerContext): string {
  const op = `\`${ctx.operation}\``;
  const user = ctx.username === undefined ? 'the user' : `user ${JSON.stringify(ctx.username)}`;
  const at = ctx.endpointHref;
  const what = `${code}${vtigerMessage ? `: ${vtigerMessage}` : ''}`;
  switch (code) {
    case 'INVALID_USER_CREDENTIALS':
      return `Vtiger rejected the credentials of ${user} at ${at} (${code}): check VTIGER_USERNAME and the access key from My Preferences (an inactive user gets the same answer)`;
    case 'INVALID_AUTH_TOKEN':
      return `Vtiger refused the login token of ${user} at ${at} (${what}): the challenge token expired or other logins of the same user kept replacing it`;
    case 'ACCESSKEY_UNDEFINED':
      return `Vtiger has no access key for ${user} at ${at} (${what}): generate one under My Preferences in Vtiger`;
    case 'INVALID_SESSIONID':
      return `Vtiger no longer knows this session (${what}) in ${op}: it idled out, was logged out or garbage-collected; log in again`;
    case 'SESSION_EXPIRED':
    case 'SESSION_LEFT_IDLE':
      return `Vtiger ended this session (${what}) in ${op}: log in again`;
    case 'AUTHENTICATION_REQUIRED':
      return `Vtiger wants a session for ${op} (${what}): log in first`;
    case 'AUTHENTICATION_FAILURE':
      return ctx.operation === 'extendsession'
        ? `Vtiger could not extend this session (${what}): it is already dead and extendsession cannot revive it; log in again (the old session id now answers HTTP 500)`
        : `Vtiger rejected ${op} (${what}): log in again`;
    case 'ACCESS_DENIED':
      if (ctx.operation === 'getchallenge') {
        return `Vtiger at ${at} refused a login challenge for ${user} (${what}): check VTIGER_USERNAME`;
      }
      return `Vtiger denied ${op} (${what}); Vtiger also says this for nonexistent or deleted ids and unknown modules or columns`;
    default:
      return `Vtiger rejected ${op} (${what})`;
  }
}

function httpError(res: TransportResponse, ctx: AnswerContext): VtigerHttpError {
  const excerpt = excerptOf(res.body, ctx.secrets);
  const known = KNOWN_HTTP_500[ctx.operation];
  let message: string;
  if (res.status === 500 && excerpt === '') {
    message = `Vtiger answered HTTP 500 with an empty body to \`${ctx.operation}\` (${known ?? GENERIC_500})`;
  } else {
    message = `Vtiger answered HTTP ${res.status} to \`${ctx.operation}\` at ${ctx.endpointHref}${
      excerpt ? `: ${JSON.stringify(excerpt)}` : ' with an empty body'
    }`;
  }
  return new VtigerHttpError(message, { status: res.status, excerpt, request: ctx.describe() });
}

function protocolError(res: TransportResponse, ctx: AnswerContext, what: string): VtigerProtocolError {
  const excerpt = excerptOf(res.body, ctx.secrets);
  let hint = '';
  if (/restricted file/i.test(excerpt)) {
    hint = ': the operation is registered but its handler file is missing on this server (protocol §2)';
  } else if (/<html|<!doctype/i.test(excerpt)) {
    hint = ': an HTML page, so options.url probably does not point at the Vtiger site (or a proxy answered)';
  }
  return new VtigerProtocolError(
    `Vtiger answered \`${ctx.operation}\` with HTTP ${res.status} and ${what}${
      excerpt ? ` ${JSON.stringify(excerpt)}` : ' (empty body)'
    }${hint}`,
    { status: res.status, excerpt, request: ctx.describe() },
  );
}
