/** Everything the benchmark reads from its environment and command line, once, at start. */
export interface BenchConfig {
  /** `--quick` or `BENCH_QUICK=1`: smaller defaults for a smoke run (about a minute). */
  readonly quick: boolean;
  /** Records of the throughput pair (one module, one lane) and of the paging module. @default 100000 (quick 10000) */
  readonly records: number;
  /** Records of the small memory run (same module, fresh worker). @default records / 10 */
  readonly smallRecords: number;
  /** Records of each of the four modules of the lanes runs. @default records / 4 */
  readonly laneRecords: number;
  /** Records of the continue-as-new run (10-record pages, one page per batch). @default 7000 (quick 1500) */
  readonly canRecords: number;
  /** Keep-alive interval of the continue-as-new run, in ms (passed to the workflow as a number). @default 5000 */
  readonly keepAliveIntervalMs: number;
  /** Pages timed at each end of the module, per paging strategy. @default 10 (quick 5) */
  readonly pagingPages: number;
  /** Seed of the simulator's data and latency noise. @default 1 */
  readonly seed: number;
  /** Also write the JSON result to this file. @default none */
  readonly jsonOut: string | undefined;
}

/** Thrown when an option is malformed; the message names the variable. */
export class BenchConfigError extends Error {
  override readonly name = 'BenchConfigError';
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1) {
    throw new BenchConfigError(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

const UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  second: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
};

/** `"5s"`, `"1.5 minutes"`, `"800ms"` → milliseconds. */
function durationMs(name: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/.exec(text.trim());
  const word = match?.[2] ?? '';
  const unit = UNITS[word] ?? (word.endsWith('s') ? UNITS[word.slice(0, -1)] : undefined);
  const value = match && unit !== undefined ? Number(match[1]) * unit : Number.NaN;
  if (!Number.isFinite(value) || value < 1000) {
    throw new BenchConfigError(
      `${name} must be a duration of at least 1 s like "5s" or "1 minute", got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

/**
 * Reads the benchmark's options from `BENCH_*` variables and `argv` (`--quick`, `--help`).
 *
 * @throws BenchConfigError naming the bad variable or flag
 */
export function loadBenchConfig(env: NodeJS.ProcessEnv, argv: readonly string[]): BenchConfig {
  for (const arg of argv) {
    if (arg !== '--quick') throw new BenchConfigError(`unknown argument ${JSON.stringify(arg)}; try --quick or --help`);
  }
  const quick = argv.includes('--quick') || env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  const records = positiveInt(env, 'BENCH_RECORDS', quick ? 10_000 : 100_000);
  const keepAliveIntervalMs = durationMs('BENCH_KEEPALIVE_INTERVAL', env.BENCH_KEEPALIVE_INTERVAL || '5s');
  return Object.freeze({
    quick,
    records,
    smallRecords: positiveInt(env, 'BENCH_SMALL_RECORDS', Math.max(1, Math.round(records / 10))),
    laneRecords: positiveInt(env, 'BENCH_LANE_RECORDS', Math.max(1, Math.round(records / 4))),
    canRecords: positiveInt(env, 'BENCH_CAN_RECORDS', quick ? 1_500 : 7_000),
    keepAliveIntervalMs,
    pagingPages: positiveInt(env, 'BENCH_PAGING_PAGES', quick ? 5 : 10),
    seed: positiveInt(env, 'BENCH_SEED', 1),
    jsonOut: env.BENCH_JSON_OUT || undefined,
  });
}

/** What `--help` prints. */
export const USAGE = `Usage: node dist/main.js [--quick]

Runs the sync benchmarks against the Vtiger simulator (default latency model) and a fresh Temporal dev server,
prints a table and one JSON line. Environment (all optional):
  BENCH_RECORDS             records of the throughput pair and the paging module (100000; --quick 10000)
  BENCH_SMALL_RECORDS       records of the small memory run (BENCH_RECORDS / 10)
  BENCH_LANE_RECORDS        records of each of the 4 modules of the lanes runs (BENCH_RECORDS / 4)
  BENCH_CAN_RECORDS         records of the continue-as-new run, 10-record pages (7000; --quick 1500)
  BENCH_KEEPALIVE_INTERVAL  keep-alive interval of that run ("5s"; at least 1 s)
  BENCH_PAGING_PAGES        pages timed at each end per paging strategy (10; --quick 5)
  BENCH_SEED                simulator seed (1)
  BENCH_QUICK=1             same as --quick
  BENCH_JSON_OUT            also write the JSON result to this file
  TEMPORAL_CLI_PATH         the temporal binary (else PATH, then .tools/bin/temporal)`;
