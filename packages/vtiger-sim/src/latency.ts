import { type Prng } from './internal/prng';
import { type QueryStats } from './vtql/evaluator';

/**
 * The fitted latency model of reference §13 (a small PHP server on loopback). Times are milliseconds. The
 * simulator sleeps this long while holding the session lock, so requests on one session serialise like PHP's.
 */
export interface LatencyModel {
  /** `SELECT *` page: fixed part. @default 17.3 */
  readonly selectAllBaseMs: number;
  /** `SELECT *` page: per returned row. @default 0.152 */
  readonly selectAllPerRowMs: number;
  /** `SELECT *` page: per row skipped by a LIMIT offset. @default 0.0048 */
  readonly selectAllPerSkippedRowMs: number;
  /** `SELECT id` (any column list) page: fixed part. @default 12.5 */
  readonly selectColumnsBaseMs: number;
  /** `SELECT id` page: per returned row. @default 0.134 */
  readonly selectColumnsPerRowMs: number;
  /** `SELECT id` page: per skipped offset row. @default 0.00082 */
  readonly selectColumnsPerSkippedRowMs: number;
  /** Per row examined by an unindexed filter or a sort. @default 0.0015 */
  readonly perScannedRowMs: number;
  /** `count(*)`: fixed part. @default 10 */
  readonly countBaseMs: number;
  /** `count(*)`: per counted row (≈89 ms at 100k rows). @default 0.0008 */
  readonly countPerRowMs: number;
  /** `extendsession`. @default 6 */
  readonly extendSessionMs: number;
  /** Every other request, failures included. @default 8 */
  readonly otherMs: number;
  /** Relative noise: each request is scaled by a uniform factor in [1-noise, 1+noise]. @default 0.1 */
  readonly noise: number;
}

/** The §13 defaults (what `latency: true` means). */
export const DEFAULT_LATENCY_MODEL: LatencyModel = Object.freeze({
  selectAllBaseMs: 17.3,
  selectAllPerRowMs: 0.152,
  selectAllPerSkippedRowMs: 0.0048,
  selectColumnsBaseMs: 12.5,
  selectColumnsPerRowMs: 0.134,
  selectColumnsPerSkippedRowMs: 0.00082,
  perScannedRowMs: 0.0015,
  countBaseMs: 10,
  countPerRowMs: 0.0008,
  extendSessionMs: 6,
  otherMs: 8,
  noise: 0.1,
});

/** `false` (no latency), `true` (the defaults) or the defaults overridden field by field. */
export type LatencyOption = boolean | Partial<LatencyModel>;

/** Resolves a {@link LatencyOption}; null means off. */
export function resolveLatency(option: LatencyOption | undefined): LatencyModel | null {
  if (option === undefined || option === false) return null;
  if (option === true) return DEFAULT_LATENCY_MODEL;
  const model = { ...DEFAULT_LATENCY_MODEL, ...option };
  for (const [key, value] of Object.entries(model)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TypeError(`latency.${key} must be a non-negative number of milliseconds (got ${String(value)})`);
    }
  }
  return model;
}

/** What a request did, for pricing. */
export type RequestCost =
  | { readonly kind: 'query'; readonly stats: QueryStats }
  | { readonly kind: 'extendsession' }
  | { readonly kind: 'other' };

/** Milliseconds a request should take under `model`. */
export function latencyMs(model: LatencyModel, cost: RequestCost, prng: Prng): number {
  let ms: number;
  if (cost.kind === 'extendsession') ms = model.extendSessionMs;
  else if (cost.kind === 'other') ms = model.otherMs;
  else {
    const s = cost.stats;
    const scan = s.scanned * model.perScannedRowMs;
    if (s.kind === 'count') ms = model.countBaseMs + s.scanned * model.countPerRowMs;
    else if (s.kind === 'all')
      ms =
        model.selectAllBaseMs +
        s.returned * model.selectAllPerRowMs +
        s.skipped * model.selectAllPerSkippedRowMs +
        scan;
    else
      ms =
        model.selectColumnsBaseMs +
        s.returned * model.selectColumnsPerRowMs +
        s.skipped * model.selectColumnsPerSkippedRowMs +
        scan;
  }
  return ms * (1 + model.noise * (2 * prng.next() - 1));
}
