import { decodeTimeoutType } from '@temporalio/common';
import { compareSinkWithSim, waitForProgress } from '../support/sync';
import { activityStarts, drillFixture, drillTaskQueue, startSync, waitFor, workerProcessEnv } from './drill';

// Drill: the worker process dies with `kill -9` in the middle of a sync (no graceful shutdown, no goodbye to the
// server); a new worker process takes over and the sync ends with the sink exactly equal to the simulator.

const MODULES = ['Contacts', 'Accounts'];
/** `PENDING_ACTIVITY_STATE_STARTED`: a worker has picked the activity up. */
const STARTED = 2;
const drill = drillFixture({
  // The §13 latency model makes a page take tens of milliseconds, so the sync is still running when it is killed.
  sim: { records: { Contacts: 4000, Accounts: 3000 }, seed: 61, latency: true },
});

test('kill -9 of the worker mid-sync: a new worker process finishes it, the lost batch is retried after the heartbeat timeout, and the sink equals the simulator', async () => {
  const { sim, sinkUrl, sink, client } = drill;
  const taskQueue = drillTaskQueue('crash');
  const env = workerProcessEnv({ sim, sinkUrl, taskQueue });
  const first = drill.spawnWorker(env);
  await first.ready();

  const total = MODULES.reduce((n, m) => n + sim.records(m).length, 0);
  const handle = await startSync(client, taskQueue, 'crash', {
    modules: MODULES,
    pageSize: 100,
    pagesPerBatch: 6,
    heartbeatTimeout: '3s',
  });
  // Mid-way: batches committed on both lanes, far from the end, and batches running right now (so one is lost).
  const before = await waitForProgress(
    handle,
    (p) => p.modules.every((m) => m.counters.batches >= 1) && p.recordsSynced < total / 2,
    60_000,
  );
  expect(before.state).toBe('loading');
  await waitFor('a syncBatch running on every lane', async () => {
    const { raw } = await handle.describe();
    const running = raw.pendingActivities?.filter((a) => a.activityType?.name === 'syncBatch' && a.state === STARTED);
    // Both lanes mid-batch: even if one batch completes in the instant before the kill, the other is lost.
    return (running?.length ?? 0) >= MODULES.length ? true : undefined;
  });
  const killed = await first.crash();
  expect(killed.signal).toBe('SIGKILL');
  const syncedWhenKilled = await sink.count('Contacts').then(async (n) => n + (await sink.count('Accounts')));
  expect(syncedWhenKilled).toBeGreaterThan(0);
  expect(syncedWhenKilled).toBeLessThan(total);

  const second = drill.spawnWorker(env);
  await second.ready();
  const result = await handle.result();

  expect(result.state).toBe('completed');
  const compared = await compareSinkWithSim(sink, sim, MODULES);
  expect(compared.sink).toEqual(compared.sim);
  // Every record was read at least once; the pages the dead attempt wrote after its last heartbeat were read again
  // (and count as `unchanged`, so `recordsSynced` can fall short of the total after a crash: see the drill report).
  for (const m of result.modules) {
    expect(m.counters.inserted + m.counters.updated + m.counters.unchanged).toBe(m.counters.read);
    expect(m.counters.read).toBeGreaterThanOrEqual(sim.records(m.module).length);
  }

  // The history shows it: a syncBatch attempt that timed out on its heartbeat, retried by the new worker.
  const starts = await activityStarts(client, handle);
  const retried = starts.filter((s) => s.activityType === 'syncBatch' && s.attempt > 1);
  expect(retried.length).toBeGreaterThanOrEqual(1);
  for (const r of retried) {
    expect(decodeTimeoutType(r.lastFailure?.timeoutFailureInfo?.timeoutType)).toBe('HEARTBEAT');
    expect(r.identity).toBe(second.identity);
  }
  expect(starts.some((s) => s.identity === first.identity)).toBe(true);
  console.log(
    `worker-crash drill: killed at ${before.recordsSynced}/${total} synced (${syncedWhenKilled} rows stored); ` +
      `${retried.length} syncBatch retried; result ${JSON.stringify({ recordsSynced: result.recordsSynced })}`,
  );
}, 90_000);
