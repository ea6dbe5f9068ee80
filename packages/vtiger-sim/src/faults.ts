import { type Prng } from './internal/prng';

/**
 * Transport faults injected into `webservice.php` requests (never into the admin API). Decisions draw from a
 * PRNG forked from the seed, so the same request sequence meets the same faults.
 */
export interface FaultOptions {
  /** Probability of answering HTTP 500 with an empty body, without processing. @default 0 */
  readonly http500Rate: number;
  /** Probability of destroying the socket without any response, without processing. @default 0 */
  readonly resetRate: number;
  /** Probability of delaying a request by {@link slowMs} (inside the session lock). @default 0 */
  readonly slowRate: number;
  /** Extra delay of a slow request, milliseconds. @default 2000 */
  readonly slowMs: number;
}

/** No faults. */
export const NO_FAULTS: FaultOptions = Object.freeze({ http500Rate: 0, resetRate: 0, slowRate: 0, slowMs: 2000 });

/** Merges and validates a partial fault configuration onto `base`. */
export function resolveFaults(
  partial: Partial<FaultOptions> | undefined,
  base: FaultOptions = NO_FAULTS,
): FaultOptions {
  const merged = { ...base, ...partial };
  for (const key of ['http500Rate', 'resetRate', 'slowRate'] as const) {
    const v = merged[key];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1))
      throw new TypeError(`faults.${key} must be a probability in [0, 1] (got ${String(v)})`);
  }
  if (typeof merged.slowMs !== 'number' || !(merged.slowMs >= 0)) {
    throw new TypeError(`faults.slowMs must be a non-negative number of milliseconds (got ${String(merged.slowMs)})`);
  }
  return Object.freeze(merged);
}

/** The fault chosen for one request. */
export interface FaultDecision {
  readonly kind: 'none' | 'http500' | 'reset';
  /** Extra delay in ms (0 unless the request is slow). */
  readonly delayMs: number;
}

/** Draws the fault for the next request. */
export function decideFault(faults: FaultOptions, prng: Prng): FaultDecision {
  // Always draw three numbers so one rate never shifts the sequence of another.
  const a = prng.next();
  const b = prng.next();
  const c = prng.next();
  const delayMs = c < faults.slowRate ? faults.slowMs : 0;
  if (a < faults.http500Rate) return { kind: 'http500', delayMs };
  if (b < faults.resetRate) return { kind: 'reset', delayMs };
  return { kind: 'none', delayMs };
}
