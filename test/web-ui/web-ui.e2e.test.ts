import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';
import { stopSyncSignal, type vtigerSyncWorkflow } from '@vtiger-temporal/workflows';
import { temporalTestEnv } from '../support/env';
import { bundleProjectWorkflows, type TestWorker } from '../support/harness';
import { startSyncWorker, tempSqliteUrl, waitForProgress } from '../support/sync';
import { waitUntil } from '../support/wait-until';
import {
  launchWebUiBrowser,
  listWorkflowIds,
  openWorkflow,
  readCurrentDetails,
  readSearchAttributes,
  readStaticSummary,
  saveScreenshot,
  type WebUiBrowser,
} from '../support/web-ui';

const MODULES = ['Contacts', 'Accounts', 'Leads'];
const staticSummary = 'Vtiger follow sync of *Contacts, Accounts, Leads* into SQLite';

let sim: VtigerSim;
let sink: { url: string; cleanup(): void };
let worker: TestWorker;
let handle: WorkflowHandleWithFirstExecutionRunId<typeof vtigerSyncWorkflow>;
let ui: WebUiBrowser;
let uiUrl: string;

beforeAll(async () => {
  const env = temporalTestEnv();
  if (!env.uiUrl) {
    throw new Error(
      'No Web UI: TEMPORAL_ADDRESS points at an outside server without TEMPORAL_UI_URL. Set TEMPORAL_UI_URL, or let the tests start their own dev server.',
    );
  }
  uiUrl = env.uiUrl;
  sim = await startVtigerSim({ records: { Contacts: 300, Accounts: 200, Leads: 100 }, seed: 9 });
  sink = tempSqliteUrl();
  worker = await startSyncWorker({ sim, sinkUrl: sink.url, bundle: await bundleProjectWorkflows() });
  handle = await worker.client.workflow.start<typeof vtigerSyncWorkflow>('vtigerSyncWorkflow', {
    taskQueue: worker.taskQueue,
    workflowId: `web-ui-sync-${Date.now().toString(36)}`,
    staticSummary,
    args: [{ modules: MODULES, mode: 'follow', pollInterval: '1 minute' }],
  });
  // The sync has loaded everything and waits for its next poll: state and details stay put while the UI reads them.
  await waitForProgress(handle, (p) => p.state === 'following');
  ui = await launchWebUiBrowser();
});

afterAll(async () => {
  await ui?.close();
  if (handle) {
    await handle.signal(stopSyncSignal);
    await handle.result();
  }
  await worker?.stop();
  await sim?.close();
  sink?.cleanup();
});

test('the running sync shows its search attributes, static summary and a progress line as current details', async () => {
  const opened = await openWorkflow(ui.page, {
    uiUrl,
    namespace: temporalTestEnv().namespace,
    workflowId: handle.workflowId,
  });
  expect(opened.runId).toBe(handle.firstExecutionRunId);

  const live = (m: string): number => sim.records(m).length;
  const total = MODULES.reduce((n, m) => n + live(m), 0);
  expect(await readSearchAttributes(ui.page)).toMatchObject({
    VtigerConnection: 'default',
    VtigerModules: MODULES,
    VtigerSyncState: 'following',
    VtigerRecordsSynced: total,
  });
  // Markdown rendered by the UI: the markup is gone from what it shows.
  expect(await readStaticSummary(ui.page)).toBe('Vtiger follow sync of Contacts, Accounts, Leads into SQLite');
  const details = await readCurrentDetails(ui.page);
  expect(details).toMatch(new RegExp(`^following · follow sync of 3 modules · ${total} records synced, 0 deleted`));
  expect(details).toContain(`Contacts: up to date · ${live('Contacts')} stored, 0 deleted`);
  await saveScreenshot(ui.page, 'web-ui-sync-following');
});

test('the workflows list filtered by VtigerSyncState="following" finds the sync', async () => {
  const query = `TaskQueue="${worker.taskQueue}" AND VtigerSyncState="following"`;
  // The list reads the visibility store, which the server updates shortly after the workflow task.
  await waitUntil(async () => (await worker.client.workflow.count(query)).count === 1, {
    description: `visibility lists ${handle.workflowId} for ${query}`,
  });
  expect(await listWorkflowIds(ui.page, { uiUrl, namespace: temporalTestEnv().namespace, query })).toEqual([
    handle.workflowId,
  ]);
  await saveScreenshot(ui.page, 'web-ui-sync-list');
});
