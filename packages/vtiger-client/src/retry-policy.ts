/**
 * Which requests the client retries by itself: idempotent reads only, on connection errors, timeouts and
 * retryable HTTP statuses (5xx, 408, 429), with jittered exponential back-off. Writes and Vtiger API errors are
 * never retried here; durable retries belong to the caller (Temporal).
 */
import { VtigerConnectionError, VtigerHttpError, VtigerTimeoutError } from './errors';

/**
 * Operations Vtiger registers as GET; they only read, so repeating them is harmless. Every other operation
 * (create, update, revise, delete, add_related, convertlead, login, logout, extendsession, …) is POST and is sent
 * exactly once.
 */
export const IDEMPOTENT_OPERATIONS: ReadonlySet<string> = new Set([
  'getchallenge',
  'listtypes',
  'describe',
  'retrieve',
  'query',
  'sync',
  'relatedtypes',
  'retrieve_related',
  'query_related',
]);

/** Whether the client may repeat `operation` (case-insensitive, like Vtiger's own lookup). */
export function isIdempotentOperation(operation: string): boolean {
  return IDEMPOTENT_OPERATIONS.has(operation.toLowerCase());
}

/**
 * Whether the client retries a failed request: only when the request is idempotent and the error is a
 * {@link VtigerConnectionError}, a {@link VtigerTimeoutError} or a retryable {@link VtigerHttpError}. Aborts,
 * protocol errors and every Vtiger API error (`success:false`) are final.
 */
export function shouldClientRetry(err: unknown, idempotent: boolean): boolean {
  if (!idempotent) return false;
  return (
    err instanceof VtigerConnectionError ||
    err instanceof VtigerTimeoutError ||
    (err instanceof VtigerHttpError && err.retryable)
  );
}

/**
 * Back-off before retry number `retry` (1-based): `min(maxDelayMs, baseDelayMs * 2^(retry-1))`, scaled by a random
 * factor in [0.5, 1) ("equal jitter") so that many clients do not retry in lockstep.
 */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}
