import path from 'node:path';
import { readProcMemory, RssSampler, spawnNode, type NodeChild } from './proc';

/** The worker app's entry (`apps/worker/dist/main.js`), found through its package name. */
export const WORKER_MAIN = path.join(
  path.dirname(require.resolve('@vtiger-temporal/worker/package.json')),
  'dist',
  'main.js',
);

/** The gist of a JSON log line: level, message, activity type and error (no task tokens). */
function summarize(line: string): string {
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    // The worker's logger serialises errors with JSON.stringify: `message` is lost, `type` and `details` remain.
    const error = (entry.error ?? {}) as {
      type?: string;
      name?: string;
      message?: string;
      details?: { code?: string }[];
    };
    const why = [error.type ?? error.name, error.message, error.details?.[0]?.code].filter(Boolean).join(' ');
    return [entry.level, entry.msg, entry.activityType, why].filter(Boolean).join(' | ').slice(0, 300);
  } catch {
    return line.slice(0, 300);
  }
}

/** Options of {@link startWorkerProcess}. */
export interface WorkerProcessOptions {
  vtiger: { url: string; username: string; accessKey: string };
  temporal: { address: string; namespace: string };
  taskQueue: string;
  /** Sink profiles by name (`default` included) → sink URL; written to a `VTIGER_SINKS_FILE`. */
  sinksFile: string;
  defaultSinkUrl: string;
  /** How long to wait for the "ready" line (it bundles the workflows first). @default 120000 */
  readyTimeoutMs?: number;
}

/** A worker app process, ready and polling. */
export interface WorkerProcess {
  readonly pid: number;
  /** Milliseconds from spawn to its "vtiger worker ready" line (includes bundling the workflow code). */
  readonly startupMs: number;
  /** VmRSS right after it said ready. */
  readonly readyRss: number;
  /** Samples VmRSS every 250 ms from the ready line on. */
  readonly sampler: RssSampler;
  /** Warn/error lines it logged so far, and the last of them. */
  problems(): { count: number; last: string | undefined };
  /** VmRSS/VmHWM now. */
  memory(): { rss: number; hwm: number };
  /** Reads VmHWM, then stops it gracefully (SIGTERM; SIGKILL after 20 s). */
  stop(): Promise<{ hwm: number; exit: number | string }>;
}

/**
 * Runs the worker app as a child process (so that its memory is its own) with the env a deployment would set, and
 * waits until it logs that it is ready.
 *
 * @throws Error with the tail of its output when it exits or is not ready in time
 */
export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess & { child: NodeChild }> {
  const started = performance.now();
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const problems = { count: 0, last: undefined as string | undefined };
  const child = spawnNode(
    WORKER_MAIN,
    {
      VTIGER_URL: options.vtiger.url,
      VTIGER_USERNAME: options.vtiger.username,
      VTIGER_ACCESS_KEY: options.vtiger.accessKey,
      TEMPORAL_ADDRESS: options.temporal.address,
      TEMPORAL_NAMESPACE: options.temporal.namespace,
      VTIGER_TEMPORAL_TASK_QUEUE: options.taskQueue,
      VTIGER_SINK_URL: options.defaultSinkUrl,
      VTIGER_SINKS_FILE: options.sinksFile,
    },
    (line) => {
      if (line.includes('"msg":"vtiger worker ready"')) ready();
      else if (/"level":"(warn|error)"/.test(line)) {
        problems.count++;
        problems.last = summarize(line);
      }
    },
  );
  const timeoutMs = options.readyTimeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    isReady.then(() => 'ready' as const),
    child.exited.then((code) => `exited (${code})`),
    new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`not ready after ${timeoutMs} ms`), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (outcome !== 'ready') {
    await child.stop(2_000);
    throw new Error(`the worker process ${outcome}; its last lines:\n${child.tail()}`);
  }
  const startupMs = performance.now() - started;
  const sampler = new RssSampler(child.pid);
  const readyRss = sampler.sample() ?? Number.NaN;
  sampler.start();
  const memory = (): { rss: number; hwm: number } => readProcMemory(child.pid) ?? { rss: Number.NaN, hwm: Number.NaN };
  return {
    child,
    pid: child.pid,
    startupMs,
    readyRss,
    sampler,
    problems: () => ({ ...problems }),
    memory,
    async stop() {
      const { hwm } = memory();
      sampler.stop();
      const exit = await child.stop(20_000);
      return { hwm, exit };
    },
  };
}
