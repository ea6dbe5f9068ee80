import { compareSinkWithSim } from '../support/sync';
import { activityStarts, drillFixture, drillTaskQueue, startSync, workerProcessEnv } from './drill';

// Drill: two worker processes poll the same task queue and write into the same PostgreSQL sink (the configuration
// for workers on several machines). Temporal hands the sync's activities to both; any worker can run any batch
// because the session travels (sealed) in the workflow's state, and the sink ends exactly equal to the simulator.

const MODULES = ['Contacts', 'Accounts', 'Leads'];
const drill = drillFixture({
  sim: { records: { Contacts: 3000, Accounts: 2500, Leads: 2000 }, seed: 65, latency: true },
  sink: 'postgres',
});

test('two worker processes on one task queue both run the sync’s activities; the sink equals the simulator', async () => {
  const { sim, sinkUrl, sink, client } = drill;
  const taskQueue = drillTaskQueue('two');
  const env = workerProcessEnv({ sim, sinkUrl, taskQueue });
  const [a, b] = [drill.spawnWorker(env), drill.spawnWorker(env)];
  await Promise.all([a.ready(), b.ready()]);
  expect(a.identity).not.toBe(b.identity);

  sim.resetCounters();
  const handle = await startSync(client, taskQueue, 'two', { modules: MODULES, pageSize: 100, pagesPerBatch: 2 });
  const result = await handle.result();

  expect(result.state).toBe('completed');
  const compared = await compareSinkWithSim(sink, sim, MODULES);
  expect(compared.sink).toEqual(compared.sim);
  expect(result.recordsSynced).toBe(MODULES.reduce((n, m) => n + sim.records(m).length, 0));
  // One session per lane, whichever worker logged it in: the other worker used it as is.
  expect(result.sessions).toMatchObject({ logins: MODULES.length, renewals: 0 });
  expect(sim.counters().logins).toBe(MODULES.length);

  const batches = (await activityStarts(client, handle)).filter((s) => s.activityType === 'syncBatch');
  const perWorker = new Map<string, number>();
  for (const s of batches) perWorker.set(s.identity, (perWorker.get(s.identity) ?? 0) + 1);
  expect([...perWorker.keys()].sort()).toEqual([a.identity, b.identity].sort());
  console.log(
    `two-workers drill: ${batches.length} syncBatch activities, ` +
      [...perWorker].map(([identity, n]) => `${n} on ${identity}`).join(', '),
  );
}, 120_000);
