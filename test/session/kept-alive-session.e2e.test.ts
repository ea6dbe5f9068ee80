import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, type ApplicationFailure } from '@temporalio/common';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { FailureTypes } from '@vtiger-temporal/common';
import { startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';
import type { vtigerSessionProbeWorkflow } from '@vtiger-temporal/workflows';
import { bundleProjectWorkflows, scheduledActivities, startTestWorker, type TestWorker } from '../support/harness';

// The simulator's sessions die after 3 s without a request, like PHP's session GC after gc_maxlifetime.
const IDLE_SECONDS = 3;
let sim: VtigerSim;
let bundle: WorkflowBundleWithSourceMap;
let worker: TestWorker;

beforeAll(async () => {
  sim = await startVtigerSim({ records: 40, seed: 7, idleTimeoutSeconds: IDLE_SECONDS });
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

function probe(id: string, input: Parameters<typeof vtigerSessionProbeWorkflow>[0]) {
  return worker.client.workflow.start<typeof vtigerSessionProbeWorkflow>('vtigerSessionProbeWorkflow', {
    taskQueue: worker.taskQueue,
    workflowId: `${id}-${Date.now()}`,
    args: [input],
  });
}

test('with the keep-alive on, one session survives pauses longer than the idle window and is never handed out dead', async () => {
  const handle = await probe('keepalive-on', {
    rounds: 3,
    pause: `${IDLE_SECONDS + 1.5} seconds`,
    keepAliveInterval: '1 second',
    idleTimeout: `${IDLE_SECONDS} seconds`,
  });
  const result = await handle.result();
  const contacts = sim.records('Contacts').length;
  expect(result.counts).toEqual([contacts, contacts, contacts]);
  expect(result.logins).toBe(1);
  expect(result.renewals).toBe(0);
  // about one extendSession per second of the ~13 s run
  expect(result.keepAlives).toBeGreaterThanOrEqual(8);
  const activities = await scheduledActivities(handle);
  expect(activities.filter((a) => a === 'login')).toHaveLength(1);
  expect(activities.filter((a) => a === 'extendSession').length).toBe(result.keepAlives);
  // The keep-alive timer stopped before the workflow completed: the last thing scheduled was the logout.
  expect(activities.at(-1)).toBe('logout');
}, 60_000);

test('with the keep-alive off, the session dies during the pauses and is renewed with a new login', async () => {
  const handle = await probe('keepalive-off', {
    rounds: 2,
    pause: `${IDLE_SECONDS + 1.5} seconds`,
    keepAliveInterval: false,
  });
  const result = await handle.result();
  const contacts = sim.records('Contacts').length;
  expect(result.counts).toEqual([contacts, contacts]);
  expect(result.renewals).toBe(2);
  expect(result.logins).toBe(3);
  expect(result.keepAlives).toBe(0);
  const activities = await scheduledActivities(handle);
  expect(activities.filter((a) => a === 'login')).toHaveLength(3);
  // each dead read was followed by a login and the same read again
  expect(activities.filter((a) => a === 'query')).toHaveLength(4);
}, 60_000);

test('a session killed on the server mid-run is renewed: a second login shows in the history and the work completes', async () => {
  const before = new Set(sim.sessions().map((s) => s.sessionName));
  const handle = await probe('killed', {
    rounds: 3,
    pause: '1.5 seconds',
    keepAliveInterval: '1 second',
    idleTimeout: '60 seconds',
  });
  // Wait for the workflow's own session to exist, then kill it on the server.
  const deadline = Date.now() + 10_000;
  let fresh: string | undefined;
  while (!fresh && Date.now() < deadline) {
    fresh = sim.sessions().find((s) => !before.has(s.sessionName))?.sessionName;
    if (!fresh) await new Promise((r) => setTimeout(r, 50));
  }
  expect(fresh && sim.killSession(fresh)).toBe(true);
  const result = await handle.result();
  expect(result.counts).toHaveLength(3);
  expect(result.renewals).toBeGreaterThanOrEqual(1);
  const activities = await scheduledActivities(handle);
  expect(activities.filter((a) => a === 'login').length).toBeGreaterThanOrEqual(2);
}, 60_000);

test('wrong credentials fail the workflow fast with a non-retryable auth failure naming user and URL, after one login attempt', async () => {
  const bad = await startTestWorker({
    bundle,
    env: { VTIGER_URL: sim.url, VTIGER_USERNAME: sim.admin.username, VTIGER_ACCESS_KEY: 'wrongwrongwrong1' },
  });
  try {
    const started = Date.now();
    const handle = await bad.client.workflow.start<typeof vtigerSessionProbeWorkflow>('vtigerSessionProbeWorkflow', {
      taskQueue: bad.taskQueue,
      workflowId: `bad-creds-${Date.now()}`,
      args: [{ rounds: 1, pause: '1 second' }],
    });
    const error = await handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const activityFailure = (error as WorkflowFailedError).cause;
    expect(activityFailure).toBeInstanceOf(ActivityFailure);
    const cause = (activityFailure as ActivityFailure).cause as ApplicationFailure;
    expect(cause.type).toBe(FailureTypes.Auth);
    expect(cause.nonRetryable).toBe(true);
    expect(cause.message).toContain(`"${sim.admin.username}"`);
    expect(cause.message).toContain(sim.url);
    expect(cause.message).not.toContain('wrongwrongwrong1');
    const history = await handle.fetchHistory();
    const started_ = (history.events ?? []).filter((e) => e.activityTaskStartedEventAttributes);
    expect(started_).toHaveLength(1);
    expect(started_[0]?.activityTaskStartedEventAttributes?.attempt).toBe(1);
  } finally {
    await bad.stop();
  }
}, 60_000);

test('an unknown module fails with a clear non-retryable access-denied failure', async () => {
  const handle = await probe('unknown-module', { rounds: 1, pause: '10 ms', module: 'Nope' });
  const error = (await handle.result().catch((e: unknown) => e)) as WorkflowFailedError;
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const cause = (error.cause as ActivityFailure).cause as ApplicationFailure;
  expect(cause.type).toBe(FailureTypes.AccessDenied);
  expect(cause.nonRetryable).toBe(true);
  expect(cause.message).toMatch(/Nope/);
});

test('a bad keep-alive interval fails the workflow at once, naming the field', async () => {
  const handle = await probe('bad-interval', { rounds: 1, keepAliveInterval: '30 minutes' });
  const error = (await handle.result().catch((e: unknown) => e)) as WorkflowFailedError;
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const cause = error.cause as ApplicationFailure;
  expect(cause.type).toBe(FailureTypes.Input);
  expect(cause.message).toMatch(/^keepAliveInterval: must be between 1 second and half/);
});
