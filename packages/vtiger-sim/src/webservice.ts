import { type SimEngine, bump } from './engine';
import { decideFault } from './faults';
import { sleep } from './internal/time';
import { type RequestCost, latencyMs } from './latency';
import { type OperationContext } from './operations/context';
import { HANDLERS } from './operations/index';
import { errorEnvelope, successEnvelope } from './protocol/envelope';
import { PhpFatal, RestrictedFile, WsError, WsErrorCode, WsMessage } from './protocol/errors';
import { OPERATIONS, type WsOperationSpec } from './protocol/operation-table';
import { type PhpRequest, phpRequest, wsParameter } from './protocol/request-params';
import { type SessionRow } from './store/sessions';

/** The raw pieces of an HTTP request to `webservice.php`. */
export interface WebserviceRequest {
  readonly method: string;
  /** Query string including the leading `?` (or empty). */
  readonly search: string;
  readonly contentType: string | undefined;
  readonly cookie: string | undefined;
  readonly body: Buffer;
}

/** What to send back. */
export type WebserviceResponse =
  | { readonly kind: 'json'; readonly body: string; readonly sessionStarted: boolean }
  | { readonly kind: 'http500'; readonly sessionStarted: boolean }
  | { readonly kind: 'restricted' }
  | { readonly kind: 'reset' };

const noop = (): void => undefined;

/**
 * One request through `webservice.php`, in the server's order (reference §6): operation lookup and format
 * (HTTP 500 when unknown, outside the try-block), extendsession's POST check, session start and validation
 * (holding the per-session lock for the rest of the request, like PHP's session file lock), the
 * AUTHENTICATION_REQUIRED check, the op's parameters from the superglobal of its type, the handler, then the
 * latency model's sleep before answering.
 */
export async function handleWebservice(engine: SimEngine, raw: WebserviceRequest): Promise<WebserviceResponse> {
  const counters = engine.counters;
  counters.requests++;
  const fault = decideFault(engine.faults, engine.faultPrng);
  const php = phpRequest(raw.method, raw.search, raw.contentType, raw.body, raw.cookie);
  const operation = (wsParameter(php.request, 'operation') ?? '').toLowerCase();
  bump(counters.byOperation, operation || '(none)');
  let sessionId = wsParameter(php.request, 'sessionName');
  if (sessionId !== null) bump(counters.bySessionName, sessionId);

  if (fault.kind === 'http500') {
    counters.http500Injected++;
    counters.http500++;
    return { kind: 'http500', sessionStarted: false };
  }
  if (fault.kind === 'reset') {
    counters.resetsInjected++;
    return { kind: 'reset' };
  }
  if (fault.delayMs > 0) counters.slowInjected++;

  const spec = OPERATIONS.get(operation);
  const format = wsParameter(php.request, 'format') ?? 'json';
  if (!spec || format.toLowerCase() !== 'json') {
    // Unknown/missing operation and unknown format throw before the request's try-block: HTTP 500, empty body.
    await delay(engine, fault.delayMs, { kind: 'other' });
    counters.http500++;
    return { kind: 'http500', sessionStarted: false };
  }

  if (sessionId !== null && sessionId.toLowerCase() === 'null') sessionId = null;
  let adopt = false;
  if (operation === 'extendsession') {
    // §7.4: the op's input is the POST body; without `operation` there the server answers before any session.
    if (!php.post.has('operation')) {
      await delay(engine, fault.delayMs, { kind: 'extendsession' });
      return jsonError(engine, new WsError(WsErrorCode.AUTHENTICATION_REQUIRED, WsMessage.authRequired), false);
    }
    // A PHPSESSID cookie picks the session, and so does PHPSESSID as a request parameter: that makes the library
    // hand the choice to PHP, which (use_only_cookies) only reads the cookie, so without one a fresh empty session
    // is started.
    if (php.request.has('PHPSESSID') || php.cookies.has('PHPSESSID')) sessionId = wsParameter(php.cookies, 'PHPSESSID');
    adopt = true;
  }

  const release = sessionId !== null ? await engine.locks.acquire(sessionId) : noop;
  try {
    const ctx = startRequest(engine, spec, php, sessionId, adopt);
    let response: WebserviceResponse;
    if (ctx instanceof WsError) {
      response = jsonError(engine, ctx, true);
    } else {
      response = runOperation(engine, spec, ctx);
    }
    await delay(engine, fault.delayMs, ctx instanceof WsError ? { kind: 'other' } : ctx.cost);
    return response;
  } finally {
    release();
  }
}

async function delay(engine: SimEngine, extraMs: number, cost: RequestCost): Promise<void> {
  const modelMs = engine.latency ? latencyMs(engine.latency, cost, engine.latencyPrng) : 0;
  await sleep(extraMs + modelMs, engine.sleeps);
}

function jsonError(engine: SimEngine, error: WsError, sessionStarted: boolean): WebserviceResponse {
  bump(engine.counters.errorsByCode, error.code);
  return { kind: 'json', body: errorEnvelope(error), sessionStarted };
}

/** Session start and validation (§6 steps 4–7, §7.3); returns the handler context or the error to answer. */
function startRequest(
  engine: SimEngine,
  spec: WsOperationSpec,
  php: PhpRequest,
  sessionId: string | null,
  adopt: boolean,
): OperationContext | WsError {
  let session: SessionRow | null = null;
  if (sessionId !== null) {
    const found = engine.sessions.lookup(sessionId);
    if (found.kind === 'live') session = found.session;
    else if (found.kind === 'idle-dead') {
      return engine.sessions.mode === 'expired-first'
        ? new WsError(WsErrorCode.SESSION_EXPIRED, WsMessage.sessionExpired)
        : new WsError(WsErrorCode.SESSION_LEFT_IDLE, WsMessage.sessionIdle);
    } else if (adopt) {
      // use_strict_mode=0: the unknown id is created, marked as existing, and holds no user (§7.4).
      session = engine.sessions.adopt(sessionId);
    } else {
      return new WsError(WsErrorCode.INVALID_SESSIONID, WsMessage.invalidSession);
    }
  }
  if (sessionId === null && !spec.prelogin) {
    return new WsError(WsErrorCode.AUTHENTICATION_REQUIRED, WsMessage.authRequired);
  }
  const user = session?.userId != null ? (engine.users.byNumericId(session.userId) ?? null) : null;
  const input = spec.type === 'GET' ? php.get : php.post;
  const params: Record<string, unknown> = {};
  for (const [name, type] of spec.params) {
    const value = wsParameter(input, name);
    params[name] = type === 'encoded' ? decodeJson(value) : value;
  }
  return { engine, request: php, params, session, user, cost: { kind: 'other' } };
}

/** The "encoded" parameter type: JSON text decoded; invalid JSON decodes to null (observed). */
function decodeJson(value: string | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}

function runOperation(engine: SimEngine, spec: WsOperationSpec, ctx: OperationContext): WebserviceResponse {
  try {
    // The handler file is included (and checked) before it runs: changePassword/deleteUser die here (§2).
    if (spec.name === 'changepassword' || spec.name === 'deleteuser') throw new RestrictedFile();
    // A session with the "exists" marker but no user (poisoned by extendsession): no user privileges file.
    if (!spec.prelogin && !ctx.user) throw new PhpFatal('user privileges file missing');
    const handler = HANDLERS.get(spec.name);
    if (!handler) throw new PhpFatal(`no handler for ${spec.name}`);
    const result = handler(ctx);
    return { kind: 'json', body: successEnvelope(result), sessionStarted: true };
  } catch (error) {
    if (error instanceof WsError) return jsonError(engine, error, true);
    if (error instanceof RestrictedFile) return { kind: 'restricted' };
    if (error instanceof PhpFatal) {
      engine.counters.http500++;
      return { kind: 'http500', sessionStarted: true };
    }
    // Anything else is a simulator bug; PHP would have died too.
    engine.counters.http500++;
    process.emitWarning(`vtiger-sim: ${spec.name} failed: ${(error as Error).stack ?? String(error)}`);
    return { kind: 'http500', sessionStarted: true };
  }
}
