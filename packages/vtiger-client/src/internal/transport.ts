/**
 * The only place that talks to undici and the only place that translates undici's low-level errors into the
 * client's hierarchy. Everything above this file sees `{ status, body }` or a `VtigerError`.
 */
import { type Dispatcher } from 'undici';
import {
  type HttpMethod,
  VtigerAbortError,
  VtigerConfigError,
  VtigerConnectionError,
  VtigerError,
  type VtigerRequestInfo,
  VtigerTimeoutError,
} from '../errors';
import { redactText, sanitizeCause } from './redact';

/** The parsed webservice endpoint. */
export interface Endpoint {
  /** `http://host:port`, what undici pools connections by. */
  readonly origin: string;
  /** Path of `webservice.php`, e.g. `/vtiger/webservice.php`. */
  readonly path: string;
  /** Full URL without query string; safe to show (the options validator refuses credentials in the URL). */
  readonly href: string;
}

/** One HTTP exchange. */
export interface TransportRequest {
  readonly method: HttpMethod;
  readonly operation: string;
  /** `application/x-www-form-urlencoded` parameters: the query string for GET, the body for POST. */
  readonly encodedParams: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  /** Exact secret values this request carries, for redaction of anything that leaves this file. */
  readonly secrets: readonly (string | undefined)[];
  /** The redacted request description for errors, built only when one is thrown. */
  readonly describe: () => VtigerRequestInfo;
}

/** The raw answer; the body has always been read completely, whatever the status. */
export interface TransportResponse {
  readonly status: number;
  readonly body: string;
  readonly contentType: string | undefined;
}

const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' } as const;

// Markers passed as abort reasons so the catch block can tell our timeout from the caller's abort, whatever
// undici wraps them in.
const TIMEOUT = Symbol('vtiger-client timeout');
const CALLER_ABORT = Symbol('vtiger-client caller abort');

/**
 * Sends one request and reads the whole body. Throws {@link VtigerTimeoutError} when `timeoutMs` passes before the
 * body is complete, {@link VtigerAbortError} when the caller's signal aborts, {@link VtigerConnectionError} for
 * socket-level failures.
 */
export async function send(
  dispatcher: Dispatcher,
  endpoint: Endpoint,
  req: TransportRequest,
): Promise<TransportResponse> {
  const caller = req.signal;
  if (caller?.aborted) throw abortError(req, caller.reason);

  // One controller per attempt combines the caller's signal with the timeout; undici destroys the socket's
  // request and the body stream when it fires, so nothing is left half-read in the keep-alive pool.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(TIMEOUT), req.timeoutMs);
  const onCallerAbort = (): void => controller.abort(CALLER_ABORT);
  caller?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    const isGet = req.method === 'GET';
    const res = await dispatcher.request({
      origin: endpoint.origin,
      path: isGet ? `${endpoint.path}?${req.encodedParams}` : endpoint.path,
      method: req.method,
      headers: isGet ? undefined : FORM_HEADERS,
      body: isGet ? undefined : req.encodedParams,
      signal: controller.signal,
    });
    const body = await res.body.text();
    const contentType = res.headers['content-type'];
    return { status: res.statusCode, body, contentType: typeof contentType === 'string' ? contentType : undefined };
  } catch (err) {
    const reason: unknown = controller.signal.reason;
    if (reason === TIMEOUT) {
      throw new VtigerTimeoutError(
        `Vtiger did not answer \`${req.operation}\` within ${req.timeoutMs} ms (${endpoint.href})`,
        { request: req.describe(), timeoutMs: req.timeoutMs },
      );
    }
    if (reason === CALLER_ABORT) throw abortError(req, caller?.reason);
    throw translate(err, endpoint, req);
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener('abort', onCallerAbort);
  }
}

function abortError(req: TransportRequest, reason: unknown): VtigerAbortError {
  return new VtigerAbortError(`The call to \`${req.operation}\` was aborted by the caller`, {
    request: req.describe(),
    cause: sanitizeCause(reason, req.secrets),
  });
}

const CONNECTION_CODES = new Set([
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'UND_ERR_ABORTED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_HEADERS_OVERFLOW',
  'UND_ERR_INFO',
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function codeOf(err: unknown): string | undefined {
  if (err instanceof AggregateError) {
    // Happy-eyeballs connects (several addresses) fail with an AggregateError of the per-address errors.
    for (const inner of err.errors) {
      const code = codeOf(inner);
      if (code) return code;
    }
  }
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function translate(err: unknown, endpoint: Endpoint, req: TransportRequest): VtigerError {
  if (err instanceof VtigerError) return err;
  const code = codeOf(err);
  const detail = redactText(err instanceof Error ? err.message || code || err.name : String(err), req.secrets);
  const common = { request: req.describe(), cause: sanitizeCause(err, req.secrets) };
  if (code && TIMEOUT_CODES.has(code)) {
    return new VtigerTimeoutError(
      `Vtiger at ${endpoint.href} did not answer \`${req.operation}\` in time: ${detail} (${code})`,
      common,
    );
  }
  if (code === 'UND_ERR_INVALID_ARG') {
    return new VtigerConfigError(`The request for \`${req.operation}\` was refused by undici: ${detail}`, common);
  }
  // System errors (E*) and HTTP parse errors (HPE_*, garbage on a reused socket) are connection failures.
  if (code && (CONNECTION_CODES.has(code) || /^E[A-Z_]+$/.test(code) || code.startsWith('HPE_'))) {
    return new VtigerConnectionError(
      `Could not talk to Vtiger at ${endpoint.href} for \`${req.operation}\`: ${detail} (${code})`,
      { ...common, code },
    );
  }
  return new VtigerError(`Unexpected failure calling \`${req.operation}\` at ${endpoint.href}: ${detail}`, common);
}
