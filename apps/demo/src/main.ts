#!/usr/bin/env node
/**
 * `npm start`: the sync on one machine. Resolves the `temporal` CLI (building it once if needed), starts the dev
 * server with the Web UI, the Vtiger simulator seeded with a few thousand records per module (unless VTIGER_URL,
 * VTIGER_USERNAME and VTIGER_ACCESS_KEY point at a real CRM), the worker, and a `follow` sync started with the real
 * `temporal` binary; prints the Web UI link and a live progress line. Ctrl-C stops the sync gracefully and then
 * everything else; nothing is left running.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '@vtiger-temporal/common';
import { redactConnectionString } from '@vtiger-temporal/sinks';
import { resolveTemporalCli, startDevServer } from '@vtiger-temporal/temporal-dev';
import { startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';
import { loadWorkerConfig, runVtigerWorker } from '@vtiger-temporal/worker';
import { stopSyncSignal, syncProgressQuery, type SyncProgress } from '@vtiger-temporal/workflows';
import { startMutator } from './mutator';

const run = promisify(execFile);
const say = (line: string): void => void process.stdout.write(`${line}\n`);
const REPO_ROOT = path.resolve(__dirname, '../../..');
const SIM_RECORDS = { Contacts: 4000, Accounts: 2500, Leads: 3000 };

/** One line: state, records synced, per-module position. */
function progressLine(p: SyncProgress): string {
  const modules = p.modules
    .map((m) => {
      const stored = m.counters.inserted + m.counters.updated;
      if (m.phase === 'full' && m.total) return `${m.module} ${Math.floor((m.counters.read / m.total) * 100)}%`;
      return `${m.module} ${stored}${m.counters.tombstoned ? ` (-${m.counters.tombstoned})` : ''}`;
    })
    .join(' · ');
  const s = p.sessions;
  return `[${p.state}] ${p.recordsSynced} records synced, ${p.recordsDeleted} deleted · ${modules} · logins ${s.logins}, keep-alives ${s.keepAlives}${p.run ? ` · run ${p.run + 1}` : ''}`;
}

async function main(): Promise<void> {
  const env = process.env;
  // The SDK's own logs (webpack's bundle report, worker state) only when something is wrong; and Ctrl-C is ours:
  // the SDK must not shut the worker down before the sync has been stopped gracefully.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  const cli = await resolveTemporalCli({ env, onProgress: say });
  say(`temporal CLI: ${cli.path} (${cli.source})`);
  const server = await startDevServer({
    cliPath: cli.path,
    ui: true,
    searchAttributes: { ...SEARCH_ATTRIBUTE_REGISTRATIONS },
  });
  const cleanups: Array<() => Promise<void>> = [() => server.stop()];
  try {
    const useSim = !(env.VTIGER_URL && env.VTIGER_USERNAME && env.VTIGER_ACCESS_KEY);
    let sim: VtigerSim | undefined;
    if (useSim) {
      sim = await startVtigerSim({ records: SIM_RECORDS, latency: true });
      const s = sim;
      cleanups.unshift(() => s.close());
    }
    const modules = sim ? Object.keys(SIM_RECORDS) : (env.DEMO_MODULES ?? 'Contacts,Accounts,Leads').split(',');

    // The demo's own SQLite file unless VTIGER_SINK_URL says otherwise; a fresh one for each simulator run.
    let sinkUrl = env.VTIGER_SINK_URL;
    if (!sinkUrl) {
      const file = path.join(REPO_ROOT, '.data', sim ? 'demo-sim.db' : 'demo-vtiger.db');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      if (sim) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
      sinkUrl = `sqlite:${file}`;
    }
    const config = loadWorkerConfig({
      ...env,
      ...(sim
        ? { VTIGER_URL: sim.url, VTIGER_USERNAME: sim.admin.username, VTIGER_ACCESS_KEY: sim.admin.accessKey }
        : {}),
      VTIGER_SINK_URL: sinkUrl,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: server.namespace,
    });
    const controller = new AbortController();
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const worker = runVtigerWorker(config, { signal: controller.signal, onReady: () => ready() });
    cleanups.unshift(async () => {
      controller.abort();
      await worker.catch(() => undefined);
    });
    await Promise.race([isReady, worker]);

    // The sync, started with the real temporal binary and plain JSON, as users start it on their own servers.
    const workflowId = `vtiger-sync-demo-${Date.now()}`;
    const input = JSON.stringify({
      connection: 'default',
      modules,
      mode: 'follow',
      pollInterval: '5s',
      reconcileInterval: '1 minute',
      keepAliveInterval: '5 minutes',
    });
    const startArgs = [
      'workflow',
      'start',
      '--task-queue',
      config.taskQueue,
      '--type',
      'vtigerSyncWorkflow',
      '--workflow-id',
      workflowId,
      '--static-summary',
      `Vtiger follow sync: ${modules.join(', ')} → ${redactConnectionString(sinkUrl)}`,
      '--input',
      input,
    ];
    await run(cli.path, [...startArgs, '--address', server.address]);

    say(`\nVtiger:   ${sim ? `simulator ${sim.url} (user ${sim.admin.username})` : env.VTIGER_URL}`);
    say(`Sink:     ${redactConnectionString(sinkUrl)}`);
    say(`Temporal: ${server.address}`);
    say(`Web UI:   ${server.uiUrl}/namespaces/${server.namespace}/workflows/${workflowId}`);
    say(`Started:  temporal ${startArgs.map((a) => (/[\s"{}→,]/.test(a) ? `'${a}'` : a)).join(' ')}`);
    say(`Control:  temporal workflow signal --workflow-id ${workflowId} --name pause|resume|syncNow|stop`);
    if (sim) say('Mutator:  the simulator creates, modifies and deletes a record every second or so.');
    say('Ctrl-C stops the sync (gracefully) and everything else.\n');

    const stopMutator = sim && env.DEMO_MUTATE !== '0' ? startMutator(sim, modules) : undefined;
    if (stopMutator) cleanups.unshift(async () => stopMutator());

    const connection = await Connection.connect({ address: server.address });
    cleanups.unshift(() => connection.close());
    const handle = new Client({ connection, namespace: server.namespace }).workflow.getHandle(workflowId);

    let stopping = false;
    const ticker = setInterval(() => {
      if (stopping) return;
      handle.query(syncProgressQuery).then(
        (p) => {
          const line = progressLine(p);
          if (process.stdout.isTTY) process.stdout.write(`\r\x1b[2K${line.slice(0, process.stdout.columns - 1)}`);
          else say(line);
        },
        () => undefined, // between runs (continue-as-new) or while the worker restarts: try again next tick
      );
    }, 1000);
    cleanups.unshift(async () => clearInterval(ticker));

    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    stopping = true;
    say('\nStopping the sync (it finishes the running batch and logs out)…');
    await handle.signal(stopSyncSignal).catch(() => undefined);
    const result = await Promise.race([
      handle.result() as Promise<SyncProgress>,
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 15_000).unref()),
    ]).catch(() => undefined);
    if (result) say(`Sync ${result.state}: ${progressLine(result)}`);
  } finally {
    say('Stopping: worker, simulator, Temporal dev server…');
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    say('Stopped. Nothing left running.');
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
