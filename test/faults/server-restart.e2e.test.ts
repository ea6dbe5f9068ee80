import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { DevServer } from '@vtiger-temporal/temporal-dev';
import { freeLoopbackPort, startOwnDevServer } from '../support/dev-server';
import { compareSinkWithSim, waitForProgress } from '../support/sync';
import {
  activityStarts,
  connectClient,
  drillFixture,
  drillTaskQueue,
  startSync,
  waitFor,
  workerProcessEnv,
} from './drill';

// Drill: the Temporal server goes away mid-sync (SIGTERM) and comes back on the same port with the same database.
// What the SDK worker does meanwhile (observed with SDK 1.24 / CLI 1.5.1): the process stays up; Core retries its
// polls and task completions with back-off and says so on the console (WARN lines "gRPC call poll_…_task_queue retried
// N times", plain text, not the worker's JSON); batches already running finish their pages into the sink, but the
// server never hears of their results, and nothing new is dispatched. Once the server is back the same process
// reconnects by itself, the server times those batches out on their heartbeat timeout and retries them from their
// last recorded heartbeat, and the sync finishes with the sink exactly equal to the simulator.

const MODULES = ['Contacts', 'Accounts'];
// No client of the shared test server: this drill runs a Temporal server of its own.
const drill = drillFixture({
  sim: { records: { Contacts: 5000, Accounts: 4000 }, seed: 64, latency: true },
  client: false,
});
let dir: string;
let server: DevServer | undefined;
let client: Client | undefined;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vtiger-drill-server-'));
});

// After the fixture's own afterAll, which stops the worker while the server is still up.
afterAll(async () => {
  await client?.connection.close();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const storedLive = async (): Promise<number> =>
  (await drill.sink.count('Contacts')) + (await drill.sink.count('Accounts'));

test('the Temporal server stops mid-sync and comes back on the same port and database: the same worker process reconnects and the sink equals the simulator', async () => {
  const { sim, sinkUrl, sink } = drill;
  const port = await freeLoopbackPort();
  const dbFilename = path.join(dir, 'temporal.db');
  server = await startOwnDevServer({ port, dbFilename });
  client = await connectClient(server.address);
  const taskQueue = drillTaskQueue('restart');
  const worker = drill.spawnWorker(workerProcessEnv({ sim, sinkUrl, taskQueue, address: server.address }));
  await worker.ready();

  const total = MODULES.reduce((n, m) => n + sim.records(m).length, 0);
  const handle = await startSync(client, taskQueue, 'restart', {
    modules: MODULES,
    pageSize: 100,
    pagesPerBatch: 4,
    heartbeatTimeout: '5s',
  });
  await waitForProgress(handle, (p) => p.recordsSynced >= 1600 && p.recordsSynced < total / 2, 60_000);

  const stoppedAt = Date.now();
  await server.stop();
  // Down until the worker has noticed: Core reports its poll retries (after ~6 failed attempts each).
  await waitFor(
    'the worker to report failing polls',
    () => (/poll_(workflow|activity)_task_queue retried/.test(worker.output()) ? true : undefined),
    60_000,
  );
  // The batches that were running finish into the sink, then it stops moving: nothing new is dispatched.
  const whileDown = await waitFor(
    'the sink to stop moving while the server is down',
    async () => {
      const a = await storedLive();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return (await storedLive()) === a ? a : undefined;
    },
    60_000,
  );
  expect(whileDown).toBeLessThan(total);
  expect(worker.output()).not.toMatch(/vtiger worker (failed|stopped)/);

  const restartedAt = Date.now();
  server = await startOwnDevServer({ port, dbFilename });
  const result = await handle.result();
  const doneAt = Date.now();

  expect(result.state).toBe('completed');
  const compared = await compareSinkWithSim(sink, sim, MODULES);
  expect(compared.sink).toEqual(compared.sim);
  // The same process did all of it: it outlived the outage and every activity ran on it.
  expect(worker.output()).not.toMatch(/vtiger worker (failed|stopped)/);
  const starts = await activityStarts(client, handle);
  expect(new Set(starts.map((s) => s.identity))).toEqual(new Set([worker.identity]));
  // The sessions survived too: Vtiger never saw the outage.
  expect(result.sessions).toMatchObject({ logins: MODULES.length, renewals: 0 });
  const retried = starts.filter((s) => s.attempt > 1);
  console.log(
    `server-restart drill: down ${restartedAt - stoppedAt} ms, done ${doneAt - restartedAt} ms after the restart; ` +
      `${whileDown}/${total} rows stored while down; retried after the restart: ` +
      `${retried.map((s) => `${s.activityType}#${s.attempt} (${s.lastFailure?.message})`).join(', ') || 'none'}; ` +
      `recordsSynced ${result.recordsSynced}`,
  );
}, 120_000);
