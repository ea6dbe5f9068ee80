import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

/** The worker app's real entry point, as `npx vtiger-temporal-worker` runs it. */
export const WORKER_MAIN = path.join(
  path.dirname(require.resolve('@vtiger-temporal/worker/package.json')),
  'dist',
  'main.js',
);

/** How a worker process ended. */
export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A worker process (`apps/worker/dist/main.js`) spawned by a test. */
export interface WorkerProcess {
  readonly pid: number;
  /** The SDK's default worker identity, `<pid>@<hostname>`: what history events of this worker carry. */
  readonly identity: string;
  /** Everything the process printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<WorkerExit>;
  /** Resolves once the worker logged `vtiger worker ready`; rejects if it exits first or after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<void>;
  /** `kill -9`: no shutdown, no goodbye to the server. Resolves when the process is gone. */
  crash(): Promise<WorkerExit>;
  /** SIGTERM (graceful shutdown), SIGKILL after `graceMs`. Safe to call on an exited process. */
  stop(graceMs?: number): Promise<WorkerExit>;
}

const spawned = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Spawns the worker app as a child process with exactly `env` (plus `PATH`), stdout and stderr captured. Every
 * process spawned here is SIGKILLed when the test process exits, so a failed test leaves nothing behind.
 */
export function spawnWorkerProcess(env: Record<string, string>): WorkerProcess {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const child of spawned) child.kill('SIGKILL');
    });
  }
  const child = spawn(process.execPath, [WORKER_MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.add(child);
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<WorkerExit>((resolve) => {
    child.on('exit', (code, signal) => {
      spawned.delete(child);
      resolve({ code, signal });
    });
  });
  let gone = false;
  void exited.then(() => (gone = true));

  const signalAndWait = async (signal: NodeJS.Signals, graceMs: number): Promise<WorkerExit> => {
    if (!gone) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    pid: child.pid ?? -1,
    identity: `${child.pid}@${os.hostname()}`,
    output: () => out,
    exited,
    async ready(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!out.includes('"msg":"vtiger worker ready"')) {
        if (gone) throw new Error(`the worker process exited before it was ready:\n${out}`);
        if (Date.now() > deadline) throw new Error(`the worker process was not ready within ${timeoutMs} ms:\n${out}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    crash: () => signalAndWait('SIGKILL', 10_000),
    stop: (graceMs = 15_000) => signalAndWait('SIGTERM', graceMs),
  };
}
