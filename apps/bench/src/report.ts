import type { BenchConfig } from './config';
import type { CpuUse } from './cpu';
import type { MachineInfo } from './machine';
import type { PagingResult } from './paging';
import type { RunTimeline } from './temporal-sync';

/** One timed sync: records, wall time, rate, and the CPU others used meanwhile. */
export interface TimedRun {
  records: number;
  ms: number;
  recordsPerSec: number;
  cpu: CpuUse;
  /** Sink checksum (count + sha256) equals the simulator's, for every module. */
  verified: boolean;
  /** Temporal runs without continue-as-new: where the time went. */
  timeline?: RunTimeline | undefined;
}

export interface RequestFigures {
  total: number;
  per100Records: number;
  byOperation: Record<string, number>;
  logins: number;
  extendsessions: number;
}

export interface MemoryFigures {
  records: number;
  /** Spawn to "ready" (bundles the workflow code). */
  startupMs: number;
  readyRss: number;
  /** Largest VmRSS sampled every 250 ms during the sync. */
  maxSampledRss: number;
  /** VmHWM right after the sync (peak since the process started, bundling included). */
  hwm: number;
}

export interface Target {
  name: string;
  value: number;
  target: string;
  met: boolean;
}

/** Everything one benchmark run measured; printed as a table and as one JSON line. */
export interface BenchResult {
  date: string;
  quick: boolean;
  elapsedS: number;
  machine: MachineInfo & { loadAverageAtEnd: number; temporalCli: string };
  config: BenchConfig;
  throughput: {
    layout: string;
    temporal: TimedRun;
    bare: TimedRun & { hwm: number };
    ratio: number;
  };
  requests: { temporal: RequestFigures; bare: RequestFigures; sessions: { logins: number; renewals: number } };
  history: {
    records: number;
    runs: number;
    events: number;
    batches: number;
    eventsPer1000Records: number;
    eventsPerBatch: number;
    byKind: Record<string, number>;
  };
  continueAsNew: {
    records: number;
    pageSize: number;
    pagesPerBatch: number;
    ms: number;
    runs: { events: number; batches: number; keepAlives: number; continuedAsNew: boolean }[];
    logins: number;
    renewals: number;
    simLogins: number;
    verified: boolean;
  };
  keepAlive: {
    intervalMs: number;
    durationS: number;
    /** Keep-alives the workflow counted (`sessions.keepAlives`). */
    calls: number;
    /** `extendsession` requests the simulator answered. */
    extendsessions: number;
    perMinute: number;
    expectedPerMinute: number;
    /** Σ ⌊run duration / interval⌋ over the runs of the chain. */
    expectedCalls: number;
  };
  memory: {
    /** The fresh worker's small sync (its run is also checked against the simulator). */
    small: MemoryFigures & { run: TimedRun };
    large: MemoryFigures;
    afterAllRunsHwm: number;
    warnings: number;
  };
  lanes: {
    modules: string[];
    recordsPerModule: number;
    oneLane: TimedRun;
    fourLanes: TimedRun;
    bareFourLoops: TimedRun;
    speedup: number;
    fourLanesVsBare: number;
  };
  paging: PagingResult;
  targets: Target[];
}

/** A mebibyte (2^20 bytes): what /proc reports in kB is KiB, and the bench prints MiB. */
export const MIB = 1024 * 1024;

const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const fixed = (n: number, digits: number): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const mb = (bytes: number): string => (Number.isFinite(bytes) ? `${(bytes / MIB).toFixed(0)} MiB` : 'n/a');
const s = (ms: number): string => `${fixed(ms / 1000, 1)} s`;

function rows(table: [string, string, string?][]): string {
  const w0 = Math.max(...table.map((r) => r[0].length));
  const w1 = Math.max(...table.map((r) => r[1].length));
  return table.map(([a, b, c]) => `  ${a.padEnd(w0)}  ${b.padStart(w1)}${c ? `   ${c}` : ''}`).join('\n');
}

function run(r: TimedRun): string {
  return `${int(r.recordsPerSec)} rec/s (${int(r.records)} in ${s(r.ms)}; ${r.verified ? 'sink = sim' : 'SINK MISMATCH'})`;
}

function others(r: TimedRun): string {
  return `others used ${fixed(r.cpu.othersCores, 2)} cores`;
}

/** The human-readable report. */
export function renderReport(r: BenchResult): string {
  const m = r.machine;
  const out: string[] = [];
  out.push(
    `vtiger-temporal sync benchmarks, ${r.date}${r.quick ? ' (QUICK: smoke sizes, not for the record)' : ''}`,
    `machine: ${m.cpus} CPUs (${m.cpuModel}), ${fixed(m.memoryBytes / 1024 ** 3, 1)} GiB, Node ${m.node}, ${m.platform}; load average ${fixed(m.loadAverageAtStart, 2)} at start, ${fixed(m.loadAverageAtEnd, 2)} at end`,
    `simulator latency: default model (latency: true); Temporal dev server with default history limits; total ${fixed(r.elapsedS, 0)} s`,
    '',
    `1. Throughput, ${r.throughput.layout}`,
    rows([
      [
        'Temporal sync (dev server + worker process + SQLite)',
        run(r.throughput.temporal),
        others(r.throughput.temporal),
      ],
      ['bare loop (same client + SQLite, no Temporal)', run(r.throughput.bare), others(r.throughput.bare)],
      ['ratio Temporal / bare', fixed(r.throughput.ratio, 3), 'target ≥ 0.90'],
    ]),
    ...timelineLines(r.throughput.temporal.timeline),
    '',
    '2. Requests and sessions (Temporal run above)',
    rows([
      [
        'HTTP requests per 100 records',
        fixed(r.requests.temporal.per100Records, 4),
        `target ≤ 1.02; ${int(r.requests.temporal.total)} requests: ${ops(r.requests.temporal.byOperation)}`,
      ],
      ['  bare loop, for comparison', fixed(r.requests.bare.per100Records, 4), ops(r.requests.bare.byOperation)],
      [
        'logins (workflow / simulator)',
        `${r.requests.sessions.logins} / ${r.requests.temporal.logins}`,
        `1 lane, renewals ${r.requests.sessions.renewals}`,
      ],
      [
        '  continue-as-new run, sessions killed halfway',
        `${r.continueAsNew.logins} / ${r.continueAsNew.simLogins}`,
        `1 lane + ${r.continueAsNew.renewals} renewal(s) over ${r.continueAsNew.runs.length} run(s)`,
      ],
      [
        `keep-alive calls, every ${s(r.keepAlive.intervalMs)} (continue-as-new run, ${s(r.keepAlive.durationS * 1000)})`,
        `${r.keepAlive.calls}`,
        `expected ${r.keepAlive.expectedCalls} (⌊run / interval⌋ per run); ${fixed(r.keepAlive.perMinute, 1)}/min vs ${fixed(r.keepAlive.expectedPerMinute, 1)}/min; ${r.keepAlive.extendsessions} extendsession requests at the simulator`,
      ],
    ]),
    '',
    '3. History',
    rows([
      [
        'events per 1,000 records (Temporal run above)',
        fixed(r.history.eventsPer1000Records, 2),
        `target ≤ 10; ${int(r.history.events)} events, ${r.history.runs} run(s), ${r.history.batches} batches, ${fixed(r.history.eventsPerBatch, 2)} events/batch`,
      ],
      [
        `continue-as-new run: ${int(r.continueAsNew.records)} records, pageSize ${r.continueAsNew.pageSize}, pagesPerBatch ${r.continueAsNew.pagesPerBatch}`,
        `${r.continueAsNew.runs.length} run(s)`,
        `events per run ${r.continueAsNew.runs.map((x) => `${x.events}${x.continuedAsNew ? ' (CAN)' : ''}`).join(', ')}; logins ${r.continueAsNew.logins}, renewals ${r.continueAsNew.renewals}; ${r.continueAsNew.verified ? 'sink = sim' : 'SINK MISMATCH'}`,
      ],
    ]),
    '',
    '4. Worker memory (child process, /proc/<pid>/status)',
    rows([
      [
        `${int(r.memory.small.records)} records: peak (VmHWM)`,
        mb(r.memory.small.hwm),
        `max sampled VmRSS ${mb(r.memory.small.maxSampledRss)}, at ready ${mb(r.memory.small.readyRss)}, startup ${s(r.memory.small.startupMs)}`,
      ],
      [
        `${int(r.memory.large.records)} records: peak (VmHWM)`,
        mb(r.memory.large.hwm),
        `max sampled VmRSS ${mb(r.memory.large.maxSampledRss)}, at ready ${mb(r.memory.large.readyRss)}, startup ${s(r.memory.large.startupMs)}; target ≤ 300 MB (286 MiB)`,
      ],
      [
        'growth 10× the records (VmHWM)',
        `${fixed((r.memory.large.hwm - r.memory.small.hwm) / MIB, 0)} MiB`,
        `sampled VmRSS ${fixed((r.memory.large.maxSampledRss - r.memory.small.maxSampledRss) / MIB, 0)} MiB; worker after all runs ${mb(r.memory.afterAllRunsHwm)}`,
      ],
    ]),
    '',
    `5. Lanes: ${r.lanes.modules.length} modules × ${int(r.lanes.recordsPerModule)}`,
    rows([
      ['1 lane (one session)', run(r.lanes.oneLane), others(r.lanes.oneLane)],
      ['4 lanes (one session each)', run(r.lanes.fourLanes), others(r.lanes.fourLanes)],
      ['speed-up 4 lanes / 1 lane', `${fixed(r.lanes.speedup, 2)}×`, 'target ≥ 3×'],
      ['bare loop, 4 concurrent module loops', run(r.lanes.bareFourLoops), others(r.lanes.bareFourLoops)],
      ['ratio 4 lanes / bare 4 loops', fixed(r.lanes.fourLanesVsBare, 3), 'secondary comparison'],
    ]),
    '',
    `6. Paging one ${int(r.paging.records)}-record module, client only, median ms per 100-record page over ${r.paging.pagesTimed} pages`,
    rows([
      [
        'keyset (id > last ORDER BY id LIMIT 100)',
        `${fixed(r.paging.keyset.startMs, 1)} → ${fixed(r.paging.keyset.endMs, 1)} ms`,
        `start → end; whole scan ≈ ${fixed(r.paging.keyset.fullScanEstimateS, 0)} s`,
      ],
      [
        'offset (ORDER BY id LIMIT offset,100)',
        `${fixed(r.paging.offset.startMs, 1)} → ${fixed(r.paging.offset.endMs, 1)} ms`,
        `start → end; whole scan ≈ ${fixed(r.paging.offset.fullScanEstimateS, 0)} s`,
      ],
      ['offset / keyset at the end', `${fixed(r.paging.offset.endMs / r.paging.keyset.endMs, 1)}×`],
    ]),
    '',
    'Targets',
    rows(r.targets.map((t) => [t.name, t.met ? 'met' : 'MISSED', `${fixed(t.value, 3)} (target ${t.target})`])),
  );
  return out.join('\n');
}

function timelineLines(t: RunTimeline | undefined): string[] {
  if (!t) return [];
  return [
    `  where the Temporal run's ${s(t.totalMs)} went (history event times): before the first batch ${s(t.beforeBatchesMs)}, in batches ${s(t.inBatchesMs)}, between batches ${s(t.betweenBatchesMs)}, after the last ${s(t.afterBatchesMs)}`,
  ];
}

function ops(byOperation: Record<string, number>): string {
  return Object.entries(byOperation)
    .sort((a, b) => b[1] - a[1])
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
}
