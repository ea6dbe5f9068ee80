import type { RetryPolicy } from '@temporalio/common';

/**
 * Failure types an activity can fail with. An activity error becomes an `ApplicationFailure` whose `type` is the
 * client error's class name, so these strings are a contract between `@vtiger-temporal/vtiger-client` (class
 * names), the activities (which throw them) and workflows (which branch on them).
 */
export const FailureTypes = {
  /** A client failure that fits no narrower type; retryable or not per failure. */
  Unknown: 'VtigerError',
  /** Bad options or arguments (never retried). */
  Config: 'VtigerConfigError',
  /** Connection refused/reset, socket closed (retried by Temporal). */
  Connection: 'VtigerConnectionError',
  /** A request took longer than its timeout (retried). */
  Timeout: 'VtigerTimeoutError',
  /** The activity was cancelled while a request ran. */
  Abort: 'VtigerAbortError',
  /** Non-2xx answer; 5xx is retried, 4xx is not. */
  Http: 'VtigerHttpError',
  /** A 2xx answer that is not a Vtiger envelope. */
  Protocol: 'VtigerProtocolError',
  /** `success:false` with a code no narrower type covers. */
  Api: 'VtigerApiError',
  /** Wrong credentials, inactive user, no access key (never retried: fix the profile). */
  Auth: 'VtigerAuthError',
  /** The session is dead: log in again. Never retried with the same session. */
  Session: 'VtigerSessionError',
  /** ACCESS_DENIED: no permission, unknown module or column, missing or deleted record. */
  AccessDenied: 'VtigerAccessDeniedError',
  /** VTQL grammar error. */
  QuerySyntax: 'VtigerQuerySyntaxError',
  /** create/update without a mandatory field. */
  MandatoryFields: 'VtigerMandatoryFieldsError',
  /** An id of the wrong module or malformed. */
  InvalidId: 'VtigerInvalidIdError',
  /** Activity or workflow input that fails validation. */
  Input: 'VtigerInputError',
  /** The input names a connection profile the worker does not have. */
  UnknownConnection: 'VtigerUnknownConnectionError',
  /** The sink (SQLite/PostgreSQL) failed in its driver. Retried when transient (connection lost, deadlock, busy). */
  Sink: 'SinkError',
  /** A sink profile's configuration is invalid (never retried: fix the worker's config). */
  SinkConfig: 'SinkConfigError',
  /** The sink refused its arguments, e.g. a malformed id from Vtiger (never retried). */
  SinkInput: 'SinkInputError',
  /** The input names a sink profile the worker does not have. */
  UnknownSink: 'VtigerUnknownSinkError',
} as const;

/** One of {@link FailureTypes}. */
export type FailureType = (typeof FailureTypes)[keyof typeof FailureTypes];

/**
 * Failure types Temporal must never retry, whatever their own flag says, because the same call would fail the same
 * way: bad options or arguments (`Config`), a cancelled request (`Abort`), a 2xx answer that is not a Vtiger envelope
 * (`Protocol`), wrong credentials (`Auth`), a dead session (`Session`), access denied, a VTQL grammar error, missing
 * mandatory fields, a malformed or wrong-module id (`InvalidId`), activity or workflow input that fails validation
 * (`Input`), an unknown connection profile, an invalid sink config (`SinkConfig`), arguments the sink refused
 * (`SinkInput`) and an unknown sink profile.
 *
 * Not listed, so retried or not per failure by its own `nonRetryable` flag: `VtigerError`, connection and timeout
 * errors, `VtigerHttpError` (5xx retried, 4xx not), `VtigerApiError` (`DATABASE_QUERY_ERROR` is transient) and
 * `SinkError` (transient driver errors retried). A dead session is never retried with the same id; the session helper
 * logs in again instead.
 */
export const NON_RETRYABLE_FAILURE_TYPES: readonly FailureType[] = [
  FailureTypes.Config,
  FailureTypes.Abort,
  FailureTypes.Protocol,
  FailureTypes.Auth,
  FailureTypes.Session,
  FailureTypes.AccessDenied,
  FailureTypes.QuerySyntax,
  FailureTypes.MandatoryFields,
  FailureTypes.InvalidId,
  FailureTypes.Input,
  FailureTypes.UnknownConnection,
  FailureTypes.SinkConfig,
  FailureTypes.SinkInput,
  FailureTypes.UnknownSink,
];

/**
 * Default retry policy for Vtiger activities. A retryable failure (transport faults, timeouts, 5xx, transient API and
 * sink errors) is retried after 1 s, doubling up to 1 minute between attempts, for at most 10 attempts: 9 waits of
 * 1 + 2 + 4 + 8 + 16 + 32 + 60 + 60 + 60 s, about 4 minutes (243 s) of backoff on top of the attempts' own run time,
 * before the activity fails for good. {@link NON_RETRYABLE_FAILURE_TYPES} fail on the first attempt.
 */
export const DEFAULT_VTIGER_RETRY_POLICY: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  maximumAttempts: 10,
  nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES],
};

/**
 * Retry policy for `login`: at most 5 attempts (about 15 s of backoff), and only for transport faults: the login POST
 * is not repeated by the client, and under a 10 % fault rate 3 attempts still lost about one sync lane in 200. The
 * client already retries the token race with a fresh challenge, and wrong credentials (`VtigerAuthError`) are
 * non-retryable, so they fail the caller after one attempt.
 */
export const LOGIN_RETRY_POLICY: RetryPolicy = {
  ...DEFAULT_VTIGER_RETRY_POLICY,
  maximumAttempts: 5,
};

/** Details attached to every Vtiger activity failure (`ApplicationFailure.details[0]`). Never holds a secret. */
export interface VtigerFailureDetails {
  /** Vtiger's error code (`INVALID_SESSIONID`, …) when Vtiger answered one. */
  code?: string | number;
  /** The webservice operation that failed. */
  operation?: string;
  /** HTTP status for HTTP and protocol errors. */
  status?: number;
  /** For batch activities: how far the attempt got (a cursor to resume from). */
  progress?: unknown;
}
