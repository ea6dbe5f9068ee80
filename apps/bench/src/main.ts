#!/usr/bin/env node
/**
 * `npm run bench`: the sync benchmarks. Starts a Temporal dev server (default history limits), the Vtiger simulator
 * with its default latency model, the worker app as a child process, and measures throughput against a bare client
 * loop, requests and sessions, history size and continue-as-new, worker memory, lanes, and offset vs keyset paging.
 * Prints progress lines, a table and one JSON line. Everything it starts is stopped at the end, on failure and on
 * Ctrl-C. See the README for what each figure means.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '@vtiger-temporal/common';
import { checksumRecords, openSink, parseSinkUrl } from '@vtiger-temporal/sinks';
import { resolveTemporalCli, startDevServer, type DevServer } from '@vtiger-temporal/temporal-dev';
import { startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';
import type { SyncInput } from '@vtiger-temporal/workflows';
import { runBareLoop } from './bare-loop';
import { BenchConfigError, loadBenchConfig, USAGE, type BenchConfig } from './config';
import { CpuMeter } from './cpu';
import { loadAverage, machineInfo } from './machine';
import { runPagingBench } from './paging';
import {
  MIB,
  renderReport,
  type BenchResult,
  type MemoryFigures,
  type RequestFigures,
  type Target,
  type TimedRun,
} from './report';
import { Resources } from './resources';
import { runSync, type SyncRunOutcome } from './temporal-sync';
import { startWorkerProcess, type WorkerProcess } from './worker-process';

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const MODULE = 'Contacts';
const LANE_MODULES = ['Accounts', 'Leads', 'Potentials', 'HelpDesk'];
const CAN_MODULE = 'Products';
const CAN_PAGE_SIZE = 10;

type Vtiger = { url: string; username: string; accessKey: string };
const vtigerOf = (sim: VtigerSim): Vtiger => ({
  url: sim.url,
  username: sim.admin.username,
  accessKey: sim.admin.accessKey,
});

/** What every phase needs. */
interface Bench {
  config: BenchConfig;
  resources: Resources;
  server: DevServer;
  client: Client;
  dir: string;
  /** The live helper processes whose CPU counts as ours. */
  pids: () => number[];
}

/** Sink checksums of `modules` equal the simulator's (count and sha256)? Prints any difference. */
async function sinkMatchesSim(sinkUrl: string, sim: VtigerSim, modules: readonly string[]): Promise<boolean> {
  const sink = await openSink(parseSinkUrl(sinkUrl));
  try {
    let ok = true;
    for (const module of modules) {
      const stored = await sink.checksum(module);
      const expected = checksumRecords(
        sim.records(module).map((r) => ({ id: r.id!, modifiedtime: r.modifiedtime!, data: r })),
      );
      if (stored.count !== expected.count || stored.sha256 !== expected.sha256) {
        ok = false;
        say(
          `  !! ${module}: sink has ${stored.count} records (${stored.sha256.slice(0, 12)}…), the simulator ${expected.count} (${expected.sha256.slice(0, 12)}…)`,
        );
      }
    }
    return ok;
  } finally {
    await sink.close();
  }
}

function requestFigures(sim: VtigerSim, records: number): RequestFigures {
  const c = sim.counters();
  return {
    total: c.requests,
    per100Records: (c.requests / records) * 100,
    byOperation: { ...c.byOperation },
    logins: c.logins,
    extendsessions: c.extendsessions,
  };
}

/** Prints a progress line every 5 s while a run goes on; the estimate counts query pages at the simulator. */
function progressTicker(label: string, sim: VtigerSim, total: number, pageSize: number, worker?: WorkerProcess) {
  const started = performance.now();
  const timer = setInterval(() => {
    const pages = sim.counters().byOperation.query ?? 0;
    const read = Math.min(total, pages * pageSize);
    const rss = worker ? `, worker RSS ${(worker.memory().rss / MIB).toFixed(0)} MiB` : '';
    say(
      `  … ${label}: ~${read.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} records read, ${((performance.now() - started) / 1000).toFixed(0)} s${rss}`,
    );
  }, 5_000);
  return () => clearInterval(timer);
}

/**
 * Forces one session renewal: once half of `module`'s pages have been read, kills every simulator session (as PHP's
 * session GC or a server restart would).
 */
async function killSessionsHalfway(sim: VtigerSim, module: string, pageSize: number): Promise<void> {
  const half = Math.ceil(sim.records(module).length / pageSize / 2);
  while ((sim.counters().byOperation.query ?? 0) < half) await new Promise((resolve) => setTimeout(resolve, 100));
  const killed = sim.killAllSessions();
  say(`  killed ${killed} simulator session(s) at page ~${half}: the lane must log in again and go on`);
}

function timed(records: number, ms: number, cpu: TimedRun['cpu'], verified: boolean): TimedRun {
  return { records, ms, recordsPerSec: (records / ms) * 1000, cpu, verified };
}

/** One Temporal sync on `worker`, timed, with the CPU others used meanwhile, checked against the simulator. */
async function temporalRun(
  bench: Bench,
  worker: WorkerProcess,
  taskQueue: string,
  sim: VtigerSim,
  label: string,
  input: SyncInput,
  sinkUrl: string,
  whileRunning?: () => Promise<void>,
): Promise<{ outcome: SyncRunOutcome; run: TimedRun }> {
  const total = input.modules.reduce((n, m) => n + sim.records(m).length, 0);
  say(`- ${label}: Temporal sync of ${total.toLocaleString('en-US')} records, ${JSON.stringify(input)}`);
  sim.resetCounters();
  worker.sampler.reset();
  const meter = new CpuMeter(bench.pids);
  meter.start();
  const stopTicker = progressTicker(label, sim, total, input.pageSize ?? 100, worker);
  let outcome: SyncRunOutcome;
  try {
    outcome = await runSync(bench.client, {
      taskQueue,
      workflowId: `bench-${label.replace(/\W+/g, '-')}-${process.pid}-${Date.now()}`,
      input,
      whileRunning,
    });
  } finally {
    stopTicker();
  }
  const cpu = meter.stop();
  const verified = await sinkMatchesSim(sinkUrl, sim, input.modules);
  if (outcome.result.recordsSynced !== total) {
    say(`  !! the workflow synced ${outcome.result.recordsSynced} records, the simulator has ${total}`);
  }
  const run: TimedRun = {
    ...timed(outcome.result.recordsSynced, outcome.ms, cpu, verified && outcome.result.recordsSynced === total),
    timeline: outcome.runs.length === 1 ? outcome.runs[0]!.timeline : undefined,
  };
  say(
    `  done: ${run.recordsPerSec.toFixed(0)} records/s in ${(run.ms / 1000).toFixed(1)} s, ${outcome.runs.length} run(s), ${outcome.runs.reduce((n, r) => n + r.events, 0)} events; ${verified ? 'sink = simulator' : 'SINK MISMATCH'}; others used ${cpu.othersCores.toFixed(2)} cores`,
  );
  return { outcome, run };
}

/** The bare loop over `modules` (one concurrent loop each), timed and checked. */
async function bareRun(
  bench: Bench,
  sim: VtigerSim,
  label: string,
  modules: string[],
): Promise<{ run: TimedRun; hwm: number; requests: RequestFigures }> {
  const total = modules.reduce((n, m) => n + sim.records(m).length, 0);
  say(`- ${label}: bare loop over ${modules.join(', ')} (${total.toLocaleString('en-US')} records), one session each`);
  const sinkUrl = `sqlite:${path.join(bench.dir, `${label.replace(/\W+/g, '-')}.db`)}`;
  sim.resetCounters();
  const meter = new CpuMeter(bench.pids);
  meter.start();
  const stopTicker = progressTicker(label, sim, total, 100);
  let out;
  try {
    out = await runBareLoop(bench.resources, { vtiger: vtigerOf(sim), sinkUrl, modules });
  } finally {
    stopTicker();
  }
  const cpu = meter.stop();
  const records = out.modules.reduce((n, m) => n + m.records, 0);
  const requests = requestFigures(sim, records);
  const verified = await sinkMatchesSim(sinkUrl, sim, modules);
  const run = timed(records, out.ms, cpu, verified && records === total);
  say(
    `  done: ${run.recordsPerSec.toFixed(0)} records/s in ${(run.ms / 1000).toFixed(1)} s; ${verified ? 'sink = simulator' : 'SINK MISMATCH'}; others used ${cpu.othersCores.toFixed(2)} cores`,
  );
  return { run, hwm: out.hwm, requests };
}

async function startWorker(
  bench: Bench,
  sim: VtigerSim,
  name: string,
  sinks: Record<string, string>,
): Promise<{ worker: WorkerProcess; taskQueue: string; release: () => Promise<void> }> {
  const taskQueue = `bench-${name}-${process.pid}`;
  const sinksFile = path.join(bench.dir, `${name}-sinks.json`);
  fs.writeFileSync(sinksFile, JSON.stringify(sinks));
  say(`- starting worker process "${name}"…`);
  const worker = await startWorkerProcess({
    vtiger: vtigerOf(sim),
    temporal: { address: bench.server.address, namespace: bench.server.namespace },
    taskQueue,
    sinksFile,
    defaultSinkUrl: `sqlite:${path.join(bench.dir, `${name}-default.db`)}`,
  });
  const release = bench.resources.add(`worker ${name} (pid ${worker.pid})`, async () => void (await worker.stop()));
  say(
    `  ready in ${(worker.startupMs / 1000).toFixed(1)} s, pid ${worker.pid}, RSS ${(worker.readyRss / MIB).toFixed(0)} MiB`,
  );
  return { worker, taskQueue, release };
}

function memoryFigures(records: number, worker: WorkerProcess): MemoryFigures {
  return {
    records,
    startupMs: worker.startupMs,
    readyRss: worker.readyRss,
    maxSampledRss: worker.sampler.peek().max,
    hwm: worker.memory().hwm,
  };
}

async function run(config: BenchConfig, resources: Resources): Promise<BenchResult> {
  const began = performance.now();
  const machine = machineInfo();
  say(
    `vtiger-temporal sync benchmarks${config.quick ? ' (--quick)' : ''}: ${machine.cpus} CPUs (${machine.cpuModel}), ${(machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB, Node ${machine.node}, load average ${machine.loadAverageAtStart.toFixed(2)}`,
  );
  say(
    `sizes: throughput ${config.records}, memory ${config.smallRecords} vs ${config.records}, lanes 4 × ${config.laneRecords}, continue-as-new ${config.canRecords} (pages of ${CAN_PAGE_SIZE}), paging ${config.records} (${config.pagingPages} pages per end)`,
  );

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vtiger-bench-'));
  resources.add(`temp folder ${dir}`, () => fs.rmSync(dir, { recursive: true, force: true }));

  const cli = await resolveTemporalCli({ env: process.env, onProgress: say });
  say(`- starting the Temporal dev server (${cli.path})…`);
  const server = await startDevServer({ cliPath: cli.path, searchAttributes: { ...SEARCH_ATTRIBUTE_REGISTRATIONS } });
  resources.add('Temporal dev server', () => server.stop());
  const connection = await Connection.connect({ address: server.address });
  resources.add('Temporal client connection', () => connection.close());
  const client = new Client({ connection, namespace: server.namespace });
  const workers = new Set<number>();
  const bench: Bench = { config, resources, server, client, dir, pids: () => [server.pid, ...workers] };

  // 4, small: a fresh worker syncs the small module, then stops; its peak is the baseline of "flat".
  say(`\n[memory baseline] ${config.smallRecords.toLocaleString('en-US')} ${MODULE}, fresh worker`);
  const small = await startVtigerSim({ records: { [MODULE]: config.smallRecords }, latency: true, seed: config.seed });
  const closeSmallSim = resources.add('simulator (small)', () => small.close());
  const smallSink = `sqlite:${path.join(dir, 'small.db')}`;
  const w1 = await startWorker(bench, small, 'small', { small: smallSink });
  workers.add(w1.worker.pid);
  const smallRun = await temporalRun(
    bench,
    w1.worker,
    w1.taskQueue,
    small,
    'small',
    { modules: [MODULE], lanes: 1, sink: 'small' },
    smallSink,
  );
  const smallMemory = memoryFigures(config.smallRecords, w1.worker);
  workers.delete(w1.worker.pid);
  await w1.release();
  await closeSmallSim();

  // The main simulator: the throughput module, the four lane modules and the continue-as-new module.
  say(`\n- seeding the simulator…`);
  const sim = await startVtigerSim({
    records: {
      [MODULE]: config.records,
      ...Object.fromEntries(LANE_MODULES.map((m) => [m, config.laneRecords])),
      [CAN_MODULE]: config.canRecords,
    },
    latency: true,
    seed: config.seed,
  });
  const closeSim = resources.add('simulator', () => sim.close());
  const sinkUrls = Object.fromEntries(
    ['throughput', 'lanes4', 'lanes1', 'can'].map((name) => [name, `sqlite:${path.join(dir, `${name}.db`)}`]),
  );

  // 1-4: the throughput pair back to back, then the worker's memory after the big sync. The worker starts after the
  // bare loop so that, like the small one, it syncs right after it is ready (an idle worker shrinks its heap first,
  // which would flatter the big run) and so that it does not share the CPU with the bare loop.
  say(`\n[throughput] 1 module × ${config.records.toLocaleString('en-US')}, 1 lane vs one bare loop`);
  const bare = await bareRun(bench, sim, 'bare-1x', [MODULE]);
  const w2 = await startWorker(bench, sim, 'main', sinkUrls);
  workers.add(w2.worker.pid);
  const tput = await temporalRun(
    bench,
    w2.worker,
    w2.taskQueue,
    sim,
    'temporal-1x',
    { modules: [MODULE], lanes: 1, sink: 'throughput' },
    sinkUrls.throughput!,
  );
  const tputRequests = requestFigures(sim, tput.run.records);
  const largeMemory = memoryFigures(config.records, w2.worker);

  // 5: lanes, back to back.
  say(`\n[lanes] ${LANE_MODULES.length} modules × ${config.laneRecords.toLocaleString('en-US')}`);
  const bare4 = await bareRun(bench, sim, 'bare-4x', LANE_MODULES);
  const lanes4 = await temporalRun(
    bench,
    w2.worker,
    w2.taskQueue,
    sim,
    'lanes-4',
    { modules: LANE_MODULES, lanes: 4, sink: 'lanes4' },
    sinkUrls.lanes4!,
  );
  const lanes1 = await temporalRun(
    bench,
    w2.worker,
    w2.taskQueue,
    sim,
    'lanes-1',
    { modules: LANE_MODULES, lanes: 1, sink: 'lanes1' },
    sinkUrls.lanes1!,
  );

  // 2-3: continue-as-new at the server's default limits (many one-page batches) with a short keep-alive.
  say(
    `\n[continue-as-new + keep-alive] ${config.canRecords.toLocaleString('en-US')} ${CAN_MODULE}, pages of ${CAN_PAGE_SIZE}, one page per batch, keep-alive every ${config.keepAliveIntervalMs / 1000} s`,
  );
  const can = await temporalRun(
    bench,
    w2.worker,
    w2.taskQueue,
    sim,
    'continue-as-new',
    {
      modules: [CAN_MODULE],
      lanes: 1,
      sink: 'can',
      pageSize: CAN_PAGE_SIZE,
      pagesPerBatch: 1,
      keepAliveInterval: config.keepAliveIntervalMs,
    },
    sinkUrls.can!,
    () => killSessionsHalfway(sim, CAN_MODULE, CAN_PAGE_SIZE),
  );
  const canCounters = sim.counters();

  const problems = w2.worker.problems();
  if (problems.count > 0) {
    say(
      `  the worker logged ${problems.count} warning/error line(s) (the session kill above explains one); the last: ${problems.last}`,
    );
  }
  const afterAll = w2.worker.memory().hwm;
  workers.delete(w2.worker.pid);
  await w2.release();

  // 6: paging, client only, with no worker running.
  say(`\n[paging] offset vs keyset on ${config.records.toLocaleString('en-US')} ${MODULE}, client only`);
  const ids = sim
    .records(MODULE)
    .map((r) => r.id!)
    .sort((a, b) => Number(a.split('x')[1]) - Number(b.split('x')[1]));
  const paging = await runPagingBench({ vtiger: vtigerOf(sim), module: MODULE, ids, pages: config.pagingPages });
  say(
    `  keyset ${paging.keyset.startMs.toFixed(1)} → ${paging.keyset.endMs.toFixed(1)} ms/page, offset ${paging.offset.startMs.toFixed(1)} → ${paging.offset.endMs.toFixed(1)} ms/page`,
  );
  await closeSim();

  const history = tput.outcome.runs;
  const events = history.reduce((n, r) => n + r.events, 0);
  const batches = history.reduce((n, r) => n + r.batches, 0);
  const byKind: Record<string, number> = {};
  for (const r of history) for (const [k, n] of Object.entries(r.byKind)) byKind[k] = (byKind[k] ?? 0) + n;
  const keepAliveMinutes = can.outcome.ms / 60_000;
  const expectedPerMinute = 60_000 / config.keepAliveIntervalMs;
  const keepAlivePerMinute = can.outcome.result.sessions.keepAlives / keepAliveMinutes;
  // Each run starts its lane's timer afresh, so a run of d ms has floor(d / interval) ticks.
  const expectedKeepAlives = can.outcome.runs.reduce(
    (n, r) => n + Math.floor(r.timeline.totalMs / config.keepAliveIntervalMs),
    0,
  );

  const result: Omit<BenchResult, 'targets'> = {
    date: new Date().toISOString(),
    quick: config.quick,
    elapsedS: (performance.now() - began) / 1000,
    machine: { ...machine, loadAverageAtEnd: loadAverage(), temporalCli: `${cli.path} (${cli.source})` },
    config,
    throughput: {
      layout: `1 module (${MODULE}, ${config.records.toLocaleString('en-US')} seeded, ${tput.run.records.toLocaleString('en-US')} live), 1 lane vs 1 loop, pages of 100`,
      temporal: tput.run,
      bare: { ...bare.run, hwm: bare.hwm },
      ratio: tput.run.recordsPerSec / bare.run.recordsPerSec,
    },
    requests: {
      temporal: tputRequests,
      bare: bare.requests,
      sessions: { logins: tput.outcome.result.sessions.logins, renewals: tput.outcome.result.sessions.renewals },
    },
    history: {
      records: tput.run.records,
      runs: history.length,
      events,
      batches,
      eventsPer1000Records: (events / tput.run.records) * 1000,
      eventsPerBatch: events / Math.max(1, batches),
      byKind,
    },
    continueAsNew: {
      records: can.run.records,
      pageSize: CAN_PAGE_SIZE,
      pagesPerBatch: 1,
      ms: can.outcome.ms,
      runs: can.outcome.runs.map(({ events: e, batches: b, keepAlives, continuedAsNew }) => ({
        events: e,
        batches: b,
        keepAlives,
        continuedAsNew,
      })),
      logins: can.outcome.result.sessions.logins,
      renewals: can.outcome.result.sessions.renewals,
      simLogins: canCounters.logins,
      verified: can.run.verified,
    },
    keepAlive: {
      intervalMs: config.keepAliveIntervalMs,
      durationS: can.outcome.ms / 1000,
      calls: can.outcome.result.sessions.keepAlives,
      extendsessions: canCounters.extendsessions,
      perMinute: keepAlivePerMinute,
      expectedPerMinute,
      expectedCalls: expectedKeepAlives,
    },
    memory: {
      small: { ...smallMemory, run: smallRun.run },
      large: largeMemory,
      afterAllRunsHwm: afterAll,
      warnings: problems.count,
    },
    lanes: {
      modules: LANE_MODULES,
      recordsPerModule: config.laneRecords,
      oneLane: lanes1.run,
      fourLanes: lanes4.run,
      bareFourLoops: bare4.run,
      speedup: lanes4.run.recordsPerSec / lanes1.run.recordsPerSec,
      fourLanesVsBare: lanes4.run.recordsPerSec / bare4.run.recordsPerSec,
    },
    paging,
  };
  return { ...result, targets: targets(result) };
}

function targets(r: Omit<BenchResult, 'targets'>): Target[] {
  const t = (name: string, value: number, target: string, met: boolean): Target => ({ name, value, target, met });
  const runs = [
    r.memory.small.run,
    r.throughput.temporal,
    r.throughput.bare,
    r.lanes.oneLane,
    r.lanes.fourLanes,
    r.lanes.bareFourLoops,
  ];
  const can = r.continueAsNew;
  const ka = r.keepAlive;
  const kaLow = ka.expectedCalls - can.runs.length;
  return [
    t('1. throughput Temporal / bare', r.throughput.ratio, '≥ 0.90', r.throughput.ratio >= 0.9),
    t(
      '1. every sink equals the simulator',
      runs.filter((x) => x.verified).length + (can.verified ? 1 : 0),
      `= ${runs.length + 1} runs`,
      runs.every((x) => x.verified) && can.verified,
    ),
    t(
      '2. requests per 100 records',
      r.requests.temporal.per100Records,
      '≤ 1.02',
      r.requests.temporal.per100Records <= 1.02,
    ),
    t(
      '2. logins, 1 lane, no renewal',
      r.requests.sessions.logins,
      '= 1 (workflow and simulator)',
      r.requests.sessions.logins === 1 && r.requests.temporal.logins === 1,
    ),
    t(
      '2. logins, 1 lane, sessions killed once',
      can.logins,
      '= 2 (workflow and simulator)',
      can.logins === 2 && can.simLogins === 2 && can.renewals === 1,
    ),
    t(
      '2. keep-alive calls',
      ka.calls,
      `${kaLow}–${ka.expectedCalls}`,
      ka.calls <= ka.expectedCalls && ka.calls >= kaLow,
    ),
    t(
      '3. history events per 1,000 records',
      r.history.eventsPer1000Records,
      '≤ 10',
      r.history.eventsPer1000Records <= 10,
    ),
    t('3. continue-as-new at default limits', can.runs.length, '≥ 2 runs', can.runs.length >= 2),
    t('4. worker peak RSS, MiB', r.memory.large.hwm / MIB, '≤ 300 MB (286 MiB)', r.memory.large.hwm <= 300e6),
    t(
      '4. peak RSS at 10× the records / at 1×',
      r.memory.large.hwm / r.memory.small.hwm,
      '≤ 1.20 (flat)',
      r.memory.large.hwm <= 1.2 * r.memory.small.hwm,
    ),
    t('5. 4 lanes / 1 lane', r.lanes.speedup, '≥ 3', r.lanes.speedup >= 3),
  ];
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    say(USAGE);
    return;
  }
  let config: BenchConfig;
  try {
    config = loadBenchConfig(process.env, argv);
  } catch (error) {
    if (error instanceof BenchConfigError) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    throw error;
  }
  const resources = new Resources();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`\n${signal}: stopping everything the benchmark started…`);
      void resources.closeAll(say).finally(() => process.exit(130));
    });
  }
  try {
    const result = await run(config, resources);
    say(`\n${renderReport(result)}\n`);
    const json = JSON.stringify(result);
    say(json);
    if (config.jsonOut) fs.writeFileSync(config.jsonOut, `${json}\n`);
    // Targets are figures to read; only a sink that differs from the simulator (a correctness bug) fails the run.
    if (result.targets.some((t) => t.name.includes('sink equals') && !t.met)) process.exitCode = 1;
  } finally {
    await resources.closeAll(say);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
