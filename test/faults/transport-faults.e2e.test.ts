import fs from 'node:fs';
import path from 'node:path';
import { compareSinkWithSim, waitForProgress } from '../support/sync';
import { activityStarts, drillFixture, drillTaskQueue, startSync, workerProcessEnv } from './drill';

// Drill: the Vtiger server misbehaves at the transport level for the whole sync: 10 % of requests answer HTTP 500,
// 5 % have their connection reset, 5 % stall longer than the client's request timeout. The client retries its
// reads (Temporal retries a batch whose page outlives those retries, rare at these rates), and the sink ends exactly
// equal to the simulator.

const MODULES = ['Contacts', 'Accounts', 'Leads'];
const drill = drillFixture({
  sim: { records: { Contacts: 4000, Accounts: 3000, Leads: 2000 }, seed: 62, latency: true },
});

test('10 % HTTP 500, 5 % connection resets and 5 % stalls past the request timeout: the sync completes and the sink equals the simulator', async () => {
  const { sim, sinkUrl, sink, client } = drill;
  const taskQueue = drillTaskQueue('transport');
  // A connections file, to give the `default` profile a 1 s request timeout that the 1.5 s stalls exceed.
  const connectionsFile = path.join(path.dirname(sinkUrl.slice('sqlite:'.length)), 'connections.json');
  fs.writeFileSync(
    connectionsFile,
    JSON.stringify({
      default: { url: sim.url, username: sim.admin.username, accessKey: sim.admin.accessKey, timeoutMs: 1000 },
    }),
  );
  const env = workerProcessEnv({ sim, sinkUrl, taskQueue, env: { VTIGER_CONNECTIONS_FILE: connectionsFile } });
  delete env.VTIGER_URL;
  delete env.VTIGER_USERNAME;
  delete env.VTIGER_ACCESS_KEY;
  const worker = drill.spawnWorker(env);
  await worker.ready();

  sim.resetCounters();
  const handle = await startSync(client, taskQueue, 'transport', { modules: MODULES, pageSize: 50, pagesPerBatch: 5 });
  // Faults start once every lane holds its session: a login is a POST the client never repeats, and
  // LOGIN_RETRY_POLICY gives it 5 attempts, and a lane whose login fails them all fails the sync; the batches are
  // what this drill is about.
  await waitForProgress(handle, (p) => p.sessions.logins >= MODULES.length, 60_000);
  sim.setFaults({ http500Rate: 0.1, resetRate: 0.05, slowRate: 0.05, slowMs: 1500 });
  let result;
  try {
    result = await handle.result();
  } finally {
    sim.setFaults({ http500Rate: 0, resetRate: 0, slowRate: 0 });
  }

  expect(result.state).toBe('completed');
  const compared = await compareSinkWithSim(sink, sim, MODULES);
  expect(compared.sink).toEqual(compared.sim);
  const total = MODULES.reduce((n, m) => n + sim.records(m).length, 0);
  expect(result.recordsSynced).toBe(total);
  // Transport faults never cost a session: no renewal, no extra login.
  expect(result.sessions).toMatchObject({ logins: MODULES.length, renewals: 0 });
  expect(sim.counters().logins).toBe(MODULES.length);

  const counters = sim.counters();
  expect(counters.requests).toBeGreaterThan(180);
  expect(counters.http500Injected).toBeGreaterThan(0);
  expect(counters.resetsInjected).toBeGreaterThan(0);
  expect(counters.slowInjected).toBeGreaterThan(0);
  const starts = await activityStarts(client, handle);
  const retried = starts.filter((s) => s.attempt > 1);
  console.log(
    `transport-faults drill: ${counters.requests} requests, ${counters.http500Injected} HTTP 500, ` +
      `${counters.resetsInjected} resets, ${counters.slowInjected} stalls injected; ` +
      `${retried.length} activities retried by Temporal (${retried.map((s) => `${s.activityType}#${s.attempt}: ${s.lastFailure?.applicationFailureInfo?.type}`).join(', ') || 'none'})`,
  );
}, 120_000);
