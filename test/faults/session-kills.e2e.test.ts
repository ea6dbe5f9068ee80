import { FailureTypes } from '@vtiger-temporal/common';
import { startVtigerSim } from '@vtiger-temporal/vtiger-sim';
import { compareSinkWithSim, openTestSink, tempSqliteUrl, waitForProgress } from '../support/sync';
import { spawnWorkerProcess } from '../support/worker-process';
import { drillFixture, drillTaskQueue, historyEvents, startSync, workerProcessEnv } from './drill';

// Drill: Vtiger forgets every session every 1.5 seconds during a sync (what a PHP session GC, a restart of the CRM
// or an admin clearing sessions does). Each lane notices INVALID_SESSIONID, keeps what its batch committed, logs in
// again and goes on; the sync completes with the sink exactly equal to the simulator and the renewals accounted for.

const MODULES = ['Contacts', 'Accounts', 'Leads'];
const drill = drillFixture({
  sim: { records: { Contacts: 6000, Accounts: 5000, Leads: 4000 }, seed: 63, latency: true },
});

test('sessions killed every 1.5 s during a sync: no failure, every renewal is a login the simulator saw, and the sink equals the simulator', async () => {
  const { sim, sinkUrl, sink, client } = drill;
  const taskQueue = drillTaskQueue('sessions');
  const worker = drill.spawnWorker(workerProcessEnv({ sim, sinkUrl, taskQueue }));
  await worker.ready();

  sim.resetCounters();
  const handle = await startSync(client, taskQueue, 'sessions', { modules: MODULES, pageSize: 100, pagesPerBatch: 4 });
  // Every lane logged in once (the first reuses the session that checked the modules): 3 logins before any kill.
  await waitForProgress(handle, (p) => p.sessions.logins >= MODULES.length, 60_000);
  expect(sim.counters().logins).toBe(MODULES.length);

  let kills = 0;
  let killed = 0;
  const kill = (): void => {
    kills++;
    killed += sim.killAllSessions();
  };
  // The first round at once, while every lane is mid-load; then every 1.5 s until the sync is done.
  kill();
  const killer = setInterval(kill, 1500);
  let result;
  try {
    result = await handle.result();
  } finally {
    clearInterval(killer);
  }

  expect(result.state).toBe('completed');
  const compared = await compareSinkWithSim(sink, sim, MODULES);
  expect(compared.sink).toEqual(compared.sim);
  expect(result.recordsSynced).toBe(MODULES.reduce((n, m) => n + sim.records(m).length, 0));

  const counters = sim.counters();
  expect(killed).toBeGreaterThan(0);
  expect(counters.errorsByCode.INVALID_SESSIONID ?? 0).toBeGreaterThan(0);
  expect(result.sessions.renewals).toBeGreaterThan(0);
  // Every login the simulator saw is one the workflow counted, and every one after the first three is a renewal.
  expect(result.sessions.logins).toBe(counters.logins);
  expect(result.sessions.renewals).toBe(counters.logins - MODULES.length);

  // The renewals are visible in the history as failed batches of type VtigerSessionError followed by a login.
  const sessionFailures = (await historyEvents(client, handle)).filter(
    (e) => e.activityTaskFailedEventAttributes?.failure?.applicationFailureInfo?.type === FailureTypes.Session,
  );
  expect(sessionFailures.length).toBeGreaterThan(0);
  console.log(
    `session-kills drill: ${kills} kill rounds (${killed} sessions), ${counters.errorsByCode.INVALID_SESSIONID} ` +
      `INVALID_SESSIONID answers, ${result.sessions.renewals} renewals, ${counters.logins} logins, ` +
      `${sessionFailures.length} batches failed with ${FailureTypes.Session}, ${result.run} continue-as-new`,
  );
}, 120_000);

// The helper gives up after 5 renewals "in a row right after login"; a session failure that reports progress (the
// batch committed pages before the session died) resets that count, so sessions dying faster than one batch runs
// still let the sync finish.
test('sessions killed faster than a batch runs: every renewal still makes progress, so the sync completes', async () => {
  const { client } = drill;
  const fast = await startVtigerSim({ records: { Contacts: 12000 }, seed: 68, latency: true });
  const fastSink = tempSqliteUrl();
  const taskQueue = drillTaskQueue('sessions-fast');
  const fastWorker = spawnWorkerProcess(workerProcessEnv({ sim: fast, sinkUrl: fastSink.url, taskQueue }));
  const ownSink = await openTestSink(fastSink.url);
  let killer: NodeJS.Timeout | undefined;
  try {
    await fastWorker.ready();
    const handle = await startSync(client, taskQueue, 'sessions-fast', { modules: ['Contacts'], pagesPerBatch: 40 });
    await waitForProgress(handle, (p) => p.sessions.logins >= 1, 60_000);
    // A 40-page batch takes over a second here (≥ 32 ms a page): each one dies part-way, after committing pages.
    killer = setInterval(() => fast.killAllSessions(), 400);
    const result = await handle.result();
    clearInterval(killer);
    expect(result.state).toBe('completed');
    // More renewals than the helper's limit of 5 in a row: only progress between them kept the sync alive.
    expect(result.sessions.renewals).toBeGreaterThan(5);
    const compared = await compareSinkWithSim(ownSink, fast, ['Contacts']);
    expect(compared.sink).toEqual(compared.sim);
  } finally {
    clearInterval(killer);
    await ownSink.close();
    await fastWorker.stop();
    await fast.close();
    fastSink.cleanup();
  }
}, 120_000);
