import { startDevServer } from '@vtiger-temporal/temporal-dev';
import { startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';
import { temporalTestEnv } from '../support/env';
import { simEnv } from '../support/sync';
import { waitUntil } from '../support/wait-until';
import { spawnWorkerProcess } from '../support/worker-process';

let sim: VtigerSim;
beforeAll(async () => (sim = await startVtigerSim({ records: 5 })));
afterAll(async () => sim?.close());

test('missing configuration: one clear message, exit code 2', async () => {
  const worker = spawnWorkerProcess({ TEMPORAL_ADDRESS: temporalTestEnv().address });
  expect((await worker.exited).code).toBe(2);
  expect(worker.output()).toMatch(/no Vtiger connection\. Set VTIGER_URL, VTIGER_USERNAME and VTIGER_ACCESS_KEY/);
});

test('the worker process starts, logs JSON lines without secrets, and stops gracefully on SIGTERM', async () => {
  const worker = spawnWorkerProcess({
    ...simEnv(sim),
    TEMPORAL_ADDRESS: temporalTestEnv().address,
    VTIGER_TEMPORAL_TASK_QUEUE: `proc-${process.pid}`,
  });
  await worker.ready();
  expect((await worker.stop()).code).toBe(0);
  // The shared test server has the project's search attributes: no warning about them, all the way to the stop.
  expect(worker.output()).not.toContain('lacks the search attributes');
  expect(worker.output()).toContain('"msg":"vtiger worker stopped"');
  expect(worker.output()).not.toContain(sim.admin.accessKey);
}, 90_000);

test('on a namespace without the search attributes the worker says which ones and how to register them', async () => {
  const server = await startDevServer({ cliPath: temporalTestEnv().cliPath });
  try {
    const worker = spawnWorkerProcess({
      ...simEnv(sim),
      TEMPORAL_ADDRESS: server.address,
      VTIGER_TEMPORAL_TASK_QUEUE: `proc-sa-${process.pid}`,
    });
    await worker.ready();
    // The SDK's logger buffers its lines (~100 ms, to order them with Core's): the warning may follow `ready`.
    const warningLine = (): string | undefined =>
      worker
        .output()
        .split('\n')
        .find((line) => line.includes('lacks the search attributes'));
    await waitUntil(() => warningLine() !== undefined, { description: 'the worker warns about search attributes' });
    const warning = warningLine();
    const entry = JSON.parse(warning!) as { level: string; missing: string[]; register: string[] };
    expect(entry.level).toBe('warn');
    expect(entry.missing.sort()).toEqual([
      'VtigerConnection',
      'VtigerModules',
      'VtigerRecordsSynced',
      'VtigerSyncState',
    ]);
    expect(entry.register).toContain(
      'temporal operator search-attribute create --namespace default --name VtigerModules --type KeywordList',
    );
    expect((await worker.stop()).code).toBe(0);
  } finally {
    await server.stop();
  }
}, 90_000);
