import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/** Resident memory of a process from `/proc/<pid>/status`, in bytes. */
export interface ProcMemory {
  /** `VmRSS`: resident now. */
  rss: number;
  /** `VmHWM`: the peak resident size since the process started. */
  hwm: number;
}

/** Reads `VmRSS` and `VmHWM` of `pid` (Linux); undefined once the process is gone. */
export function readProcMemory(pid: number): ProcMemory | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
}

/** Samples a process's `VmRSS` every `intervalMs` while started; `max` is the largest sample since `reset()`. */
export class RssSampler {
  #timer: NodeJS.Timeout | undefined;
  #max = 0;
  #samples = 0;
  constructor(
    readonly pid: number,
    readonly intervalMs = 250,
  ) {}

  start(): void {
    this.#timer ??= setInterval(() => this.sample(), this.intervalMs).unref();
  }

  sample(): number | undefined {
    const rss = readProcMemory(this.pid)?.rss;
    if (rss !== undefined && Number.isFinite(rss)) {
      this.#samples++;
      if (rss > this.#max) this.#max = rss;
    }
    return rss;
  }

  /** Largest sampled VmRSS and the number of samples since the last reset. */
  peek(): { max: number; samples: number } {
    return { max: this.#max, samples: this.#samples };
  }

  reset(): void {
    this.#max = 0;
    this.#samples = 0;
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

/** Keeps the last `size` lines a child printed, for error messages. */
class Tail {
  readonly #lines: string[] = [];
  constructor(readonly size: number) {}
  push(line: string): void {
    this.#lines.push(line);
    if (this.#lines.length > this.size) this.#lines.shift();
  }
  text(): string {
    return this.#lines.join('\n');
  }
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A node child process whose stdout/stderr are read line by line. */
export interface NodeChild {
  readonly process: ChildProcess;
  readonly pid: number;
  /** Resolves with the exit code (or the signal's name) when the process has exited. */
  readonly exited: Promise<number | string>;
  /** The last lines it printed (stdout and stderr). */
  tail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. Safe to call twice. */
  stop(graceMs?: number): Promise<number | string>;
}

/**
 * Spawns `node <script>` with exactly `env` (plus PATH), calling `onLine` for every line of its stdout. A failed or
 * interrupted benchmark never leaves such a child behind: they are SIGKILLed when this process exits.
 */
export function spawnNode(script: string, env: Record<string, string>, onLine?: (line: string) => void): NodeChild {
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C reaches the benchmark only, which stops its children in order.
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`could not start ${script}`);
  children.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of children) c.kill('SIGKILL');
    });
  }
  const tail = new Tail(40);
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve(code ?? signal ?? 'unknown');
    });
  });
  const lines = (stream: NodeJS.ReadableStream, handler?: (line: string) => void): void => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) {
        tail.push(line);
        handler?.(line);
      }
    });
  };
  lines(child.stdout!, onLine);
  lines(child.stderr!);
  const stop = async (graceMs = 20_000): Promise<number | string> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    }
    return exited;
  };
  return { process: child, pid: child.pid, exited, tail: () => tail.text(), stop };
}
