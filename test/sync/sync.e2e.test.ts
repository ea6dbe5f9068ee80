import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '@vtiger-temporal/common';
import type { Sink } from '@vtiger-temporal/sinks';
import { startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';
import {
  pauseSyncSignal,
  resumeSyncSignal,
  stopSyncSignal,
  syncNowSignal,
  type SyncInput,
  type SyncResult,
  type vtigerSyncWorkflow,
} from '@vtiger-temporal/workflows';
import { applicationFailureOf } from '../support/failures';
import { bundleProjectWorkflows, scheduledActivities, temporalCli, type TestWorker } from '../support/harness';
import {
  compareSinkWithSim,
  openTestSink,
  startSyncWorker,
  tempPostgresUrl,
  tempSqliteUrl,
  waitForProgress,
} from '../support/sync';

const MODULES = ['Contacts', 'Accounts', 'Leads'];
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleProjectWorkflows();
});

/** A sync run end to end: a worker writing into `sinkUrl`, the workflow started with `input`. */
async function withWorker<T>(
  sim: VtigerSim,
  sinkUrl: string,
  fn: (worker: TestWorker, sink: Sink) => Promise<T>,
): Promise<T> {
  const worker = await startSyncWorker({ sim, sinkUrl, bundle });
  const sink = await openTestSink(sinkUrl);
  try {
    return await fn(worker, sink);
  } finally {
    await sink.close();
    await worker.stop();
  }
}

function start(worker: TestWorker, id: string, input: SyncInput) {
  return worker.client.workflow.start<typeof vtigerSyncWorkflow>('vtigerSyncWorkflow', {
    taskQueue: worker.taskQueue,
    workflowId: `${id}-${Date.now()}`,
    args: [input],
  });
}

describe('a once sync of 21,000 records over three modules ends with the sink equal to the simulator', () => {
  let sim: VtigerSim;
  beforeAll(async () => {
    sim = await startVtigerSim({ records: { Contacts: 8000, Accounts: 7000, Leads: 6000 }, seed: 21 });
  });
  afterAll(() => sim.close());

  test.each([
    ['SQLite', () => tempSqliteUrl()],
    ['PostgreSQL', () => tempPostgresUrl()],
  ])('into %s', async (_kind, makeSink) => {
    const { url, cleanup } = makeSink();
    try {
      await withWorker(sim, url, async (worker, sink) => {
        sim.resetCounters();
        const handle = await start(worker, 'once', { modules: MODULES, mode: 'once' });
        const result: SyncResult = await handle.result();
        const total = MODULES.reduce((n, m) => n + sim.records(m).length, 0);
        expect(total).toBeGreaterThanOrEqual(20_000);
        expect(result.state).toBe('completed');
        expect(result.recordsSynced).toBe(total);
        const compared = await compareSinkWithSim(sink, sim, MODULES);
        expect(compared.sink).toEqual(compared.sim);
        // One session per lane (the first one also checked the modules), kept to the end.
        expect(result.sessions).toMatchObject({ logins: 3, renewals: 0 });
        expect(sim.counters().logins).toBe(3);
        for (const m of result.modules) {
          expect(m).toMatchObject({ phase: 'done', loaded: true, total: sim.records(m.module).length });
          expect(m.counters.passes.full).toBe(1);
        }
      });
    } finally {
      await cleanup();
    }
  });
});

test('a follow sync keeps up with a mutator; after it stops and one reconcile runs, the sink equals the simulator', async () => {
  const sim = await startVtigerSim({ records: { Contacts: 600, Accounts: 400, Leads: 300 }, seed: 7 });
  const { url, cleanup } = tempSqliteUrl();
  try {
    await withWorker(sim, url, async (worker, sink) => {
      const handle = await start(worker, 'follow', {
        modules: MODULES,
        mode: 'follow',
        pollInterval: '1s',
        reconcileInterval: false,
        pageSize: 50,
        pagesPerBatch: 3,
      });
      await waitForProgress(handle, (p) => p.state === 'following');

      // Mutate for a while: creates, modifications and deletes in every module, while passes run.
      const seen = { created: 0, updated: 0, deleted: 0 };
      let rnd = 42;
      const next = (n: number): number => (rnd = (rnd * 1103515245 + 12345) % 2 ** 31) % n;
      const until = Date.now() + 6000;
      while (Date.now() < until) {
        const module = MODULES[next(3)]!;
        const live = sim.records(module);
        const op = next(3);
        if (op === 0) {
          const fields: Record<string, string> =
            module === 'Contacts'
              ? { lastname: `Created ${seen.created}` }
              : module === 'Accounts'
                ? { accountname: `Created ${seen.created}` }
                : { lastname: `Created ${seen.created}`, company: 'Mutator Inc' };
          sim.createRecord(module, fields);
          seen.created++;
        } else if (op === 1) {
          sim.updateRecord(live[next(live.length)]!.id!, { description: `modified ${seen.updated}` });
          seen.updated++;
        } else {
          sim.deleteRecord(live[next(live.length)]!.id!);
          seen.deleted++;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(Math.min(seen.created, seen.updated, seen.deleted)).toBeGreaterThan(10);

      // The mutator has stopped: ask for a poll with a reconcile and wait for it to finish on every module.
      const before = await waitForProgress(handle, () => true);
      const reconciled = (p: typeof before, m: string): number =>
        p.modules.find((x) => x.module === m)!.counters.passes.reconcile;
      await handle.signal(syncNowSignal, { reconcile: true });
      const after = await waitForProgress(handle, (p) =>
        MODULES.every(
          (m) => reconciled(p, m) > reconciled(before, m) && p.modules.find((x) => x.module === m)!.phase === 'idle',
        ),
      );
      // Every tombstone is a real delete; a record created and deleted between two passes never reached the sink.
      expect(after.recordsDeleted).toBeGreaterThan(0);
      expect(after.recordsDeleted).toBeLessThanOrEqual(seen.deleted);
      const compared = await compareSinkWithSim(sink, sim, MODULES);
      expect(compared.sink).toEqual(compared.sim);
      // Nothing duplicated: the live rows are exactly the simulator's ids.
      for (const m of MODULES) {
        expect((await sink.records(m)).map((r) => r.id)).toEqual(sim.records(m).map((r) => r.id));
      }

      await handle.signal(stopSyncSignal);
      const result = await handle.result();
      expect(result.state).toBe('stopped');
      expect(result.sessions.renewals).toBe(0);
    });
  } finally {
    cleanup();
    await sim.close();
  }
});

test('continue-as-new (suggested at 200 events here) carries cursors, counters and sessions: no record lost, no extra login', async () => {
  const sim = await startVtigerSim({ records: { Contacts: 1500, Accounts: 1200, Leads: 900 }, seed: 3 });
  const { url, cleanup } = tempSqliteUrl();
  try {
    await withWorker(sim, url, async (worker, sink) => {
      sim.resetCounters();
      // One page per batch: ~36 batches, several hundred events, so the server suggests continue-as-new.
      const handle = await start(worker, 'can', { modules: MODULES, pageSize: 100, pagesPerBatch: 1 });
      const result = await handle.result();
      expect(result.run).toBeGreaterThanOrEqual(1);
      const compared = await compareSinkWithSim(sink, sim, MODULES);
      expect(compared.sink).toEqual(compared.sim);
      const total = MODULES.reduce((n, m) => n + sim.records(m).length, 0);
      expect(result.recordsSynced).toBe(total);
      expect(MODULES.reduce((n, m) => n + result.modules.find((x) => x.module === m)!.counters.read, 0)).toBe(total);
      // Three lanes, three logins over all runs: the sessions crossed continue-as-new.
      expect(result.sessions.logins).toBe(3);
      expect(sim.counters().logins).toBe(3);
      const described = await worker.client.workflow.getHandle(handle.workflowId).describe();
      expect(described.runId).not.toBe(handle.firstExecutionRunId);
      // Deterministic: both the first run (ended by continue-as-new) and the last one replay without a mismatch.
      for (const runId of [handle.firstExecutionRunId, described.runId]) {
        const history = await worker.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
        await Worker.runReplayHistory({ workflowBundle: bundle, replayName: runId }, history);
      }
    });
  } finally {
    cleanup();
    await sim.close();
  }
});

test('pause holds the lanes between batches, resume carries on, stop finishes the batch and logs out', async () => {
  // The latency model makes every page take a few milliseconds, so the load is still running when paused.
  const sim = await startVtigerSim({ records: { Contacts: 3000, Accounts: 2000 }, seed: 13, latency: true });
  const { url, cleanup } = tempSqliteUrl();
  try {
    await withWorker(sim, url, async (worker, sink) => {
      // Follow mode: after the load the sync keeps running, so `stop` always meets a running workflow.
      const handle = await start(worker, 'pause', {
        modules: ['Contacts', 'Accounts'],
        mode: 'follow',
        pollInterval: '1 hour',
        pagesPerBatch: 2,
      });
      await waitForProgress(handle, (p) => p.recordsSynced > 0);
      await handle.signal(pauseSyncSignal);
      const paused = await waitForProgress(handle, (p) => p.state === 'paused');
      // The batches that were running finish (two pages each, a few ms); after that nothing moves while paused.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const held = await waitForProgress(handle, () => true);
      expect(held.state).toBe('paused');
      expect(held.recordsSynced).toBe(
        await sink.count('Contacts').then(async (c) => c + (await sink.count('Accounts'))),
      );
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await waitForProgress(handle, () => true)).recordsSynced).toBe(held.recordsSynced);
      expect(paused.recordsSynced).toBeLessThan(5000);

      await handle.signal(resumeSyncSignal);
      await waitForProgress(handle, (p) => p.state !== 'paused' && p.recordsSynced > held.recordsSynced);
      await handle.signal(stopSyncSignal);
      const result = await handle.result();
      expect(result.state).toBe('stopped');
      // What the sink has is exactly what the sync counted: the last batch finished before the lanes stopped.
      expect(result.recordsSynced).toBe((await sink.count('Contacts')) + (await sink.count('Accounts')));
      const activities = await scheduledActivities(handle);
      expect(activities.slice(-2)).toEqual(['logout', 'logout']);
    });
  } finally {
    cleanup();
    await sim.close();
  }
});

test("strategy sync-op: on a compat server it syncs exactly the API user's own records; on stock it fails fast", async () => {
  const sim = await startVtigerSim({ records: { Contacts: 400 }, seed: 17, profile: 'compat' });
  const { url, cleanup } = tempSqliteUrl();
  try {
    await withWorker(sim, url, async (worker, sink) => {
      const result = await (await start(worker, 'sync-op', { modules: ['Contacts'], strategy: 'sync-op' })).result();
      const own = sim.records('Contacts').filter((r) => r.assigned_user_id === sim.admin.userId);
      const others = sim.records('Contacts').length - own.length;
      // The documented scope: `sync` returns only records owned by the API user.
      expect(own.length).toBeGreaterThan(0);
      expect(others).toBeGreaterThan(0);
      expect(result.modules[0]!.counters.passes.syncOp).toBe(1);
      expect((await sink.records('Contacts')).map((r) => r.id)).toEqual(own.map((r) => r.id));

      sim.setProfile('stock');
      const started = Date.now();
      const stock = await start(worker, 'sync-op-stock', { modules: ['Contacts'], strategy: 'sync-op' });
      const failed = await stock.result().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(failed).toBeInstanceOf(WorkflowFailedError);
      expect(applicationFailureOf(failed)?.type).toBe(FailureTypes.Http);
      expect(Date.now() - started).toBeLessThan(20_000);
      // The history keeps the last attempt of each activity: the batch gave up at its third.
      const attempts = ((await stock.fetchHistory()).events ?? []).flatMap((e) =>
        e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt ?? 1] : [],
      );
      expect(Math.max(...attempts)).toBe(3);
    });
  } finally {
    cleanup();
    await sim.close();
  }
});

describe('started from the real temporal binary', () => {
  let sim: VtigerSim;
  let sinkUrl: { url: string; cleanup(): void };
  let worker: TestWorker;
  beforeAll(async () => {
    sim = await startVtigerSim({ records: { Contacts: 250, Accounts: 120 }, seed: 5 });
    sinkUrl = tempSqliteUrl();
    worker = await startSyncWorker({ sim, sinkUrl: sinkUrl.url, bundle });
  });
  afterAll(async () => {
    await worker.stop();
    await sim.close();
    sinkUrl.cleanup();
  });

  const cli = (id: string, input: string): Promise<string> =>
    temporalCli([
      'workflow',
      'start',
      '--task-queue',
      worker.taskQueue,
      '--type',
      'vtigerSyncWorkflow',
      '--workflow-id',
      id,
      '--static-summary',
      'Vtiger sync (e2e)',
      '--input',
      input,
    ]);

  test('with plain JSON input it syncs', async () => {
    const id = `cli-sync-${Date.now()}`;
    await cli(id, '{"modules":["Contacts","Accounts"],"mode":"once"}');
    const result = (await worker.client.workflow.getHandle(id).result()) as SyncResult;
    expect(result.state).toBe('completed');
    expect(result.recordsSynced).toBe(sim.records('Contacts').length + sim.records('Accounts').length);
  });

  test.each([
    ['{"modules":["Contacts"],"mode":"sometimes"}', /mode must be one of "once", "follow"; got "sometimes"/],
    ['{"modules":"Contacts"}', /modules must be a non-empty array of module names/],
    ['{"modules":["Contacts"],"pollIntervall":"5s"}', /pollIntervall is not a field of the input/],
    ['{"modules":["Contacts","Contactz"]}', /modules names "Contactz", which this Vtiger user cannot access/],
    ['{"modules":["Contacts"],"sink":"warehouse"}', /Unknown sink profile "warehouse"/],
  ])('a bad input %s fails at once, naming the field', async (input, message) => {
    const id = `cli-bad-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
    await cli(id, input);
    const error = await worker.client.workflow
      .getHandle(id)
      .result()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = applicationFailureOf(error);
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause?.message).toMatch(message);
    expect(cause?.nonRetryable).toBe(true);
    expect([FailureTypes.Input, FailureTypes.UnknownSink]).toContain(cause?.type);
  });
});
