/**
 * The one error hierarchy of the client.
 *
 * Class names are part of the retry contract: Temporal turns an activity error into a failure whose `type` is the
 * class name, and workflows branch on it. Rename nothing without updating the activities package.
 *
 * Nothing in here ever carries a secret: messages, `request.url`, excerpts and `cause` chains are redacted before
 * an error is built (access keys, the md5 login key, session names, `Authorization`/`Cookie` headers).
 */

/** HTTP method of a webservice operation: Vtiger registers every operation as one or the other. */
export type HttpMethod = 'GET' | 'POST';

/** The request an error belongs to, safe to log: the URL has `sessionName=REDACTED` and no body. */
export interface VtigerRequestInfo {
  readonly method: HttpMethod;
  /** The endpoint URL; for GET operations with the query string, the session name replaced by `REDACTED`. */
  readonly url: string;
  readonly operation: string;
}

/** Options shared by every error constructor. */
export interface VtigerErrorOptions {
  /** Whether trying the same request again may succeed. Defaults per class. */
  retryable?: boolean;
  operation?: string;
  request?: VtigerRequestInfo;
  /** Already redacted by the caller. */
  cause?: unknown;
}

/**
 * Base class of every error the client throws. Thrown as-is only for failures that fit no subclass.
 *
 * `retryable` says whether the same request may succeed if tried again later; the client itself retries only
 * idempotent reads (see {@link isRetryable}).
 */
export class VtigerError extends Error {
  override readonly name: string = 'VtigerError';
  /** Whether trying the same request again may succeed. */
  readonly retryable: boolean;
  /** The webservice operation (`query`, `login`, …) that failed, when there was one. */
  readonly operation: string | undefined;
  /** The failed request, redacted. */
  readonly request: VtigerRequestInfo | undefined;

  constructor(message: string, options: VtigerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = options.retryable ?? false;
    this.operation = options.operation ?? options.request?.operation;
    this.request = options.request;
  }
}

/**
 * Thrown when options or arguments are invalid (bad URL, missing access key, a page size over 100, an unsafe VTQL
 * identifier, `sync` with `modifiedTime < 1`, …), or when the client was closed. Never retryable: fix the input.
 */
export class VtigerConfigError extends VtigerError {
  override readonly name: string = 'VtigerConfigError';
  constructor(message: string, options: VtigerErrorOptions = {}) {
    super(message, { ...options, retryable: false });
  }
}

/**
 * Thrown when the connection to Vtiger failed: refused, reset, closed by the other side, DNS failure, or a
 * response cut short. Retryable.
 */
export class VtigerConnectionError extends VtigerError {
  override readonly name: string = 'VtigerConnectionError';
  /** The system or undici error code (`ECONNREFUSED`, `UND_ERR_SOCKET`, …), when known. */
  readonly code: string | undefined;
  constructor(message: string, options: VtigerErrorOptions & { code?: string } = {}) {
    super(message, { ...options, retryable: true });
    this.code = options.code;
  }
}

/**
 * Thrown when Vtiger did not answer within the per-request timeout (`timeoutMs`), or a connection could not be
 * established in time. Retryable.
 */
export class VtigerTimeoutError extends VtigerError {
  override readonly name: string = 'VtigerTimeoutError';
  /** The timeout that expired, in milliseconds. */
  readonly timeoutMs: number | undefined;
  constructor(message: string, options: VtigerErrorOptions & { timeoutMs?: number } = {}) {
    super(message, { ...options, retryable: true });
    this.timeoutMs = options.timeoutMs;
  }
}

/** Thrown when the caller's `AbortSignal` aborted the call. Not retryable, and the client never retries it. */
export class VtigerAbortError extends VtigerError {
  override readonly name: string = 'VtigerAbortError';
  constructor(message: string, options: VtigerErrorOptions = {}) {
    super(message, { ...options, retryable: false });
  }
}

/**
 * Thrown when Vtiger answered with a non-2xx HTTP status. Stock Vtiger reports every unhandled PHP failure as
 * HTTP 500 with an empty body (an unknown operation, `sync`/`logout`/`convertlead` on Vtiger 8 with PHP 8, a
 * session id poisoned by a failed `extendsession`); the message says which case applies. Retryable for 5xx, 408
 * and 429.
 */
export class VtigerHttpError extends VtigerError {
  override readonly name: string = 'VtigerHttpError';
  /** The HTTP status code. */
  readonly status: number;
  /** The start of the response body, redacted (empty for Vtiger's own 500s). */
  readonly excerpt: string;
  constructor(message: string, options: VtigerErrorOptions & { status: number; excerpt?: string }) {
    super(message, {
      ...options,
      retryable: options.retryable ?? (options.status >= 500 || options.status === 408 || options.status === 429),
    });
    this.status = options.status;
    this.excerpt = options.excerpt ?? '';
  }
}

/**
 * Thrown when Vtiger answered 2xx but the body is not a JSON `{"success":…}` envelope, e.g. the plain text
 * "Sorry! Attempt to access restricted file." that stock Vtiger returns for `changePassword`, or an HTML page from
 * a proxy or a misconfigured URL. Not retryable.
 */
export class VtigerProtocolError extends VtigerError {
  override readonly name: string = 'VtigerProtocolError';
  readonly status: number;
  /** The start of the response body, redacted. */
  readonly excerpt: string;
  constructor(message: string, options: VtigerErrorOptions & { status: number; excerpt: string }) {
    super(message, { ...options, retryable: false });
    this.status = options.status;
    this.excerpt = options.excerpt;
  }
}

/** Options of {@link VtigerApiError} and its subclasses. */
export interface VtigerApiErrorOptions extends VtigerErrorOptions {
  /** Vtiger's error code, e.g. `ACCESS_DENIED`; the number `0` for a duplicate-prevention rejection. */
  code: string | number;
  /** Vtiger's own message, redacted, e.g. "Permission to perform the operation is denied". */
  vtigerMessage: string;
}

/**
 * Thrown when Vtiger answered `{"success":false,"error":{"message","code"}}` with a code no subclass covers
 * (`REFERENCE_INVALID`, `UNKOWN_ENTITY`, the convert-lead codes, a numeric duplicate code, …). Not retryable,
 * except `DATABASE_QUERY_ERROR`, which a database hiccup can cause. The client never retries API errors.
 */
export class VtigerApiError extends VtigerError {
  override readonly name: string = 'VtigerApiError';
  /** Vtiger's error code, e.g. `ACCESS_DENIED`; the number `0` for a duplicate-prevention rejection. */
  readonly code: string | number;
  /** Vtiger's own message, redacted. */
  readonly vtigerMessage: string;
  constructor(message: string, options: VtigerApiErrorOptions) {
    super(message, { ...options, retryable: options.retryable ?? options.code === 'DATABASE_QUERY_ERROR' });
    this.code = options.code;
    this.vtigerMessage = options.vtigerMessage;
  }
}

/**
 * Thrown when Vtiger rejects a login: `INVALID_USER_CREDENTIALS` (wrong access key, inactive user, or a token
 * replaced by a concurrent login that retries could not get around), `INVALID_AUTH_TOKEN` (no live challenge
 * token), `ACCESSKEY_UNDEFINED` (the user has no access key). The message names the user and the URL. Not
 * retryable: fix the credentials.
 */
export class VtigerAuthError extends VtigerApiError {
  override readonly name: string = 'VtigerAuthError';
}

/**
 * Thrown when the session is no longer valid and a new login is needed: `INVALID_SESSIONID` (the usual way a
 * session dies: idle timeout, logout, garbage collection), `SESSION_EXPIRED`, `SESSION_LEFT_IDLE`,
 * `AUTHENTICATION_REQUIRED`, and `AUTHENTICATION_FAILURE` from `extendsession` on a dead session. Never retry with
 * the same session name; log in again.
 */
export class VtigerSessionError extends VtigerApiError {
  override readonly name: string = 'VtigerSessionError';
}

/**
 * Thrown for `ACCESS_DENIED` and `OPERATION_NOT_SUPPORTED`. Vtiger uses `ACCESS_DENIED` for far more than
 * permissions: a nonexistent or deleted record id, an unknown module or column, a malformed id, an unknown user in
 * `getchallenge`. Not retryable.
 */
export class VtigerAccessDeniedError extends VtigerApiError {
  override readonly name: string = 'VtigerAccessDeniedError';
}

/** Thrown for `QUERY_SYNTAX_ERROR`: the VTQL violates the grammar (missing `;`, `OFFSET`, parentheses, …). */
export class VtigerQuerySyntaxError extends VtigerApiError {
  override readonly name: string = 'VtigerQuerySyntaxError';
}

/**
 * Thrown for `MANDATORY_FIELDS_MISSING`: create or update without a mandatory field (update checks the whole
 * element; use revise for partial changes).
 */
export class VtigerMandatoryFieldsError extends VtigerApiError {
  override readonly name: string = 'VtigerMandatoryFieldsError';
}

/**
 * Thrown for `INVALID_ID_ATTRIBUTE`: an id whose prefix belongs to another module (retrieve `4x2` for a Contact),
 * a reference value without its `NNx` prefix in a query, or an invalid owner.
 */
export class VtigerInvalidIdError extends VtigerApiError {
  override readonly name: string = 'VtigerInvalidIdError';
}

/** Constructor type of {@link VtigerApiError} and its subclasses. */
export type VtigerApiErrorClass = new (message: string, options: VtigerApiErrorOptions) => VtigerApiError;

const CLASS_BY_CODE: ReadonlyMap<string, VtigerApiErrorClass> = new Map<string, VtigerApiErrorClass>([
  ['INVALID_USER_CREDENTIALS', VtigerAuthError],
  ['INVALID_AUTH_TOKEN', VtigerAuthError],
  ['ACCESSKEY_UNDEFINED', VtigerAuthError],
  ['INVALID_SESSIONID', VtigerSessionError],
  ['SESSION_EXPIRED', VtigerSessionError],
  ['SESSION_LEFT_IDLE', VtigerSessionError],
  ['AUTHENTICATION_REQUIRED', VtigerSessionError],
  ['AUTHENTICATION_FAILURE', VtigerSessionError],
  ['ACCESS_DENIED', VtigerAccessDeniedError],
  ['OPERATION_NOT_SUPPORTED', VtigerAccessDeniedError],
  ['QUERY_SYNTAX_ERROR', VtigerQuerySyntaxError],
  ['MANDATORY_FIELDS_MISSING', VtigerMandatoryFieldsError],
  ['INVALID_ID_ATTRIBUTE', VtigerInvalidIdError],
]);

/**
 * The error class for a Vtiger error code: {@link VtigerAuthError} for the login codes, {@link VtigerSessionError}
 * for the "log in again" codes, … and {@link VtigerApiError} for everything else (including numeric codes).
 */
export function apiErrorClassForCode(code: string | number): VtigerApiErrorClass {
  return (typeof code === 'string' && CLASS_BY_CODE.get(code)) || VtigerApiError;
}

/**
 * Builds the typed error for a `{"success":false}` answer. `message` defaults to
 * `` Vtiger rejected `<operation>` (<code>): <vtigerMessage> ``; the client passes richer messages for logins.
 */
export function errorForCode(
  code: string | number,
  vtigerMessage: string,
  options: Omit<VtigerApiErrorOptions, 'code' | 'vtigerMessage'> & { message?: string } = {},
): VtigerApiError {
  const Class = apiErrorClassForCode(code);
  const operation = options.operation ?? options.request?.operation;
  const message =
    options.message ?? `Vtiger rejected ${operation ? `\`${operation}\`` : 'the request'} (${code}): ${vtigerMessage}`;
  const { message: _omit, ...rest } = options;
  return new Class(message, { ...rest, code, vtigerMessage });
}

/**
 * Whether an error may succeed if the same request is tried again later: `retryable` of a {@link VtigerError}
 * (connection errors, timeouts, HTTP 5xx/408/429, `DATABASE_QUERY_ERROR`), `false` for anything else.
 */
export function isRetryable(err: unknown): boolean {
  return err instanceof VtigerError && err.retryable;
}
