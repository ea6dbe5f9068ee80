/**
 * The sync's contract with Vtiger, run against the simulator every time and, when VTIGER_URL, VTIGER_USERNAME and
 * VTIGER_ACCESS_KEY are set, against that real Vtiger too (read-only: a `once` sync into a temporary SQLite file).
 * The sink must end with exactly the ids and modifiedtimes that Vtiger itself pages out for the module.
 */
import { VtigerClient } from '@vtiger-temporal/vtiger-client';
import { startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';
import type { vtigerSyncWorkflow } from '@vtiger-temporal/workflows';
import { bundleProjectWorkflows } from '../support/harness';
import { openTestSink, startSyncWorker, tempSqliteUrl } from '../support/sync';

interface Target {
  name: string;
  env: { VTIGER_URL: string; VTIGER_USERNAME: string; VTIGER_ACCESS_KEY: string };
  module: string;
}

let sim: VtigerSim;
const targets: Target[] = [];

beforeAll(async () => {
  sim = await startVtigerSim({ records: { Contacts: 450 }, seed: 31 });
  targets.push({
    name: 'simulator',
    env: { VTIGER_URL: sim.url, VTIGER_USERNAME: sim.admin.username, VTIGER_ACCESS_KEY: sim.admin.accessKey },
    module: 'Contacts',
  });
  const { VTIGER_URL, VTIGER_USERNAME, VTIGER_ACCESS_KEY } = process.env;
  if (VTIGER_URL && VTIGER_USERNAME && VTIGER_ACCESS_KEY) {
    targets.push({
      name: `real Vtiger (${VTIGER_URL})`,
      env: { VTIGER_URL, VTIGER_USERNAME, VTIGER_ACCESS_KEY },
      module: process.env.VTIGER_SYNC_MODULE ?? 'Contacts',
    });
  } else {
    console.log('Sync contract: VTIGER_URL/VTIGER_USERNAME/VTIGER_ACCESS_KEY unset, so only the simulator is checked.');
  }
});
afterAll(() => sim?.close());

/** What Vtiger pages out for the module, read with the client directly: id → modifiedtime. */
async function vtigerIds(target: Target): Promise<Map<string, string>> {
  const client = new VtigerClient({
    url: target.env.VTIGER_URL,
    username: target.env.VTIGER_USERNAME,
    accessKey: target.env.VTIGER_ACCESS_KEY,
  });
  try {
    const session = await client.login();
    const ids = new Map<string, string>();
    for await (const page of session.pages(target.module, { fields: ['id', 'modifiedtime'] })) {
      for (const row of page.records) ids.set(row.id!, row.modifiedtime!);
    }
    return ids;
  } finally {
    await client.close();
  }
}

test('a once sync leaves the sink with exactly what Vtiger pages out, on every target', async () => {
  const bundle = await bundleProjectWorkflows();
  for (const target of targets) {
    const sinkUrl = tempSqliteUrl();
    const worker = await startSyncWorker({ sim, sinkUrl: sinkUrl.url, bundle, env: target.env });
    const sink = await openTestSink(sinkUrl.url);
    try {
      const handle = await worker.client.workflow.start<typeof vtigerSyncWorkflow>('vtigerSyncWorkflow', {
        taskQueue: worker.taskQueue,
        workflowId: `sync-contract-${Date.now()}`,
        args: [{ modules: [target.module], mode: 'once' }],
      });
      const result = await handle.result();
      const expected = await vtigerIds(target);
      const stored = new Map((await sink.records(target.module)).map((r) => [r.id, r.modifiedtime]));
      expect({ target: target.name, state: result.state }).toEqual({ target: target.name, state: 'completed' });
      expect({ target: target.name, ids: [...stored.keys()] }).toEqual({
        target: target.name,
        ids: [...expected.keys()],
      });
      // Nothing older than what Vtiger has (a record modified since the sync may be newer in Vtiger, never older).
      for (const [id, modifiedtime] of stored) expect(modifiedtime <= expected.get(id)!).toBe(true);
      expect(result.sessions.renewals).toBe(0);
    } finally {
      await sink.close();
      await worker.stop();
      sinkUrl.cleanup();
    }
  }
});
