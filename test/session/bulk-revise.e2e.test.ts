import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';
import { bulkReviseProgressQuery, type vtigerBulkReviseWorkflow } from '@vtiger-temporal/workflows';
import { bundleProjectWorkflows, startTestWorker, temporalCli, type TestWorker } from '../support/harness';

let sim: VtigerSim;
let bundle: WorkflowBundleWithSourceMap;
let worker: TestWorker;

beforeAll(async () => {
  sim = await startVtigerSim({ records: { Contacts: 250 }, seed: 11 });
  bundle = await bundleProjectWorkflows();
  worker = await startTestWorker({
    bundle,
    env: { VTIGER_URL: sim.url, VTIGER_USERNAME: sim.admin.username, VTIGER_ACCESS_KEY: sim.admin.accessKey },
  });
});
afterAll(async () => {
  await worker?.stop();
  await sim?.close();
});

test('the bulk revise workflow revises exactly the matching records, across pages, and reports progress', async () => {
  const before = sim.records('Contacts');
  // Pick a value that matches a subset spread over several 100-record pages.
  const city = before.map((r) => r.mailingcity).find((c) => c && before.filter((r) => r.mailingcity === c).length > 3)!;
  const matching = new Set(before.filter((r) => r.mailingcity === city).map((r) => r.id));
  const handle = await worker.client.workflow.start<typeof vtigerBulkReviseWorkflow>('vtigerBulkReviseWorkflow', {
    taskQueue: worker.taskQueue,
    workflowId: `bulk-revise-${Date.now()}`,
    args: [
      {
        module: 'Contacts',
        where: { field: 'mailingcity', op: '=', value: city },
        set: { department: 'Revised by Temporal' },
      },
    ],
  });
  const result = await handle.result();
  expect(result).toMatchObject({ matched: matching.size, revised: matching.size, failed: 0, done: true, logins: 1 });
  expect(await handle.query(bulkReviseProgressQuery)).toMatchObject({ revised: matching.size, done: true });
  const after = sim.records('Contacts');
  for (const record of after) {
    if (matching.has(record.id)) expect(record.department).toBe('Revised by Temporal');
    else expect(record.department).toBe(before.find((r) => r.id === record.id)?.department);
  }
});

test('started from the temporal CLI with plain JSON, and a bad input fails naming the field', async () => {
  const ok = await temporalCli([
    'workflow',
    'execute',
    '--task-queue',
    worker.taskQueue,
    '--type',
    'vtigerBulkReviseWorkflow',
    '--workflow-id',
    `bulk-cli-${Date.now()}`,
    '--output',
    'json',
    '--input',
    JSON.stringify({
      module: 'Contacts',
      where: { field: 'id', op: '=', value: sim.records('Contacts')[0]!.id },
      set: { title: 'CLI' },
    }),
  ]);
  expect(JSON.parse(ok).result).toMatchObject({ matched: 1, revised: 1 });
  expect(sim.records('Contacts')[0]!.title).toBe('CLI');

  const bad = await temporalCli([
    'workflow',
    'execute',
    '--task-queue',
    worker.taskQueue,
    '--type',
    'vtigerBulkReviseWorkflow',
    '--workflow-id',
    `bulk-cli-bad-${Date.now()}`,
    '--output',
    'json',
    '--input',
    JSON.stringify({ module: 'Contacts', set: {} }),
  ]).catch((e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`);
  expect(bad).toMatch(/set: must be an object with at least one field/);
});
