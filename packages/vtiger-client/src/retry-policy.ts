/**
 * Which requests the client retries by itself: idempotent reads only, on connection errors, timeouts and
 * retryable HTTP statuses (5xx, 408, 429), with jittered exponential back-off. Writes and Vtiger API errors are
 * never retried here; durable retries belong to the caller (Temporal).
 */
import { VtigerConnectionError, VtigerHttpError, VtigerTimeoutError } from './errors';

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
