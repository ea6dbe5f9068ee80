import fs from 'node:fs';
import os from 'node:os';

/** The machine a run happened on, as the report shows it. */
export interface MachineInfo {
  /** Online CPUs (what `nproc` prints). */
  cpus: number;
  /** `model name` of the first CPU in /proc/cpuinfo. */
  cpuModel: string;
  /** MemTotal, bytes. */
  memoryBytes: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started. */
  loadAverageAtStart: number;
}

export function machineInfo(): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (line?.[1]) cpuModel = line[1].trim();
  } catch {
    // Not Linux: os.cpus() is as good as it gets.
  }
  return {
    cpus: os.availableParallelism(),
    cpuModel,
    memoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg()[0] ?? Number.NaN,
  };
}

/** Other processes that used CPU while the benchmark ran: the 1-minute load average now. */
export function loadAverage(): number {
  return os.loadavg()[0] ?? Number.NaN;
}
