import fs from 'node:fs';

/** Linux reports /proc CPU times in USER_HZ ticks, 100 per second on every mainstream kernel config. */
const TICKS_PER_SECOND = 100;

/** Busy CPU of the whole machine (all CPUs), in ticks: everything but idle and iowait. */
function machineBusyTicks(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return user + nice + system + irq + softirq + steal;
}

/** utime+stime of a process, plus cutime+cstime (its waited-for children) when `withChildren`. */
function processTicks(pid: number, withChildren: boolean): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at field 3, "state".
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const [utime = 0, stime = 0, cutime = 0, cstime = 0] = fields.slice(11, 15);
    return utime + stime + (withChildren ? cutime + cstime : 0);
  } catch {
    return 0;
  }
}

/** CPU use during a measured window: ours (this process tree) and everybody else's. */
export interface CpuUse {
  wallS: number;
  /** CPU seconds of this process, its exited children, and the live processes it was told about. */
  oursS: number;
  /** CPU seconds the rest of the machine used meanwhile (other people's tests and builds). */
  othersS: number;
  /** `othersS / wallS`: how many cores others kept busy on average. */
  othersCores: number;
}

/**
 * Measures CPU over a window: `/proc/stat` for the machine, `/proc/<pid>/stat` for this process (with its reaped
 * children, e.g. the bare loop) and the live ones it runs (dev server, worker). Linux only; elsewhere it reports NaN.
 */
export class CpuMeter {
  readonly #pids: () => number[];
  #start: { wall: number; machine: number; ours: number } | undefined;

  /** `pids`: the live helper processes to count as ours (asked at start and stop). */
  constructor(pids: () => number[]) {
    this.#pids = pids;
  }

  #ours(): number {
    return processTicks(process.pid, true) + this.#pids().reduce((n, pid) => n + processTicks(pid, false), 0);
  }

  start(): void {
    try {
      this.#start = { wall: performance.now(), machine: machineBusyTicks(), ours: this.#ours() };
    } catch {
      this.#start = undefined;
    }
  }

  stop(): CpuUse {
    const wallS = this.#start ? (performance.now() - this.#start.wall) / 1000 : Number.NaN;
    if (!this.#start) return { wallS, oursS: Number.NaN, othersS: Number.NaN, othersCores: Number.NaN };
    const machineS = (machineBusyTicks() - this.#start.machine) / TICKS_PER_SECOND;
    const oursS = (this.#ours() - this.#start.ours) / TICKS_PER_SECOND;
    const othersS = Math.max(0, machineS - oursS);
    return { wallS, oursS, othersS, othersCores: othersS / wallS };
  }
}
