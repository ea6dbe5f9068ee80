import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '@vtiger-temporal/common';
import {
  ConnectionRegistry,
  SinkRegistry,
  createVtigerActivities,
  type SyncBatchInput,
  type SyncBatchProgress,
} from '@vtiger-temporal/activities';
import { checksumRecords, type Sink } from '@vtiger-temporal/sinks';
import { startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';

let sim: VtigerSim;
let registry: ConnectionRegistry;
let sinks: SinkRegistry;
let sink: Sink;
let acts: ReturnType<typeof createVtigerActivities>;
let dir: string;

beforeAll(async () => {
  sim = await startVtigerSim({ records: { Contacts: 450, Accounts: 120 }, seed: 11 });
  registry = new ConnectionRegistry({
    default: { url: sim.url, username: sim.admin.username, accessKey: sim.admin.accessKey },
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-batch-'));
  sinks = new SinkRegistry({ default: { kind: 'sqlite', filename: path.join(dir, 'sync.db') } });
  sink = await sinks.get('default');
  acts = createVtigerActivities({ connections: registry, sinks });
});
afterAll(async () => {
  await sinks.close();
  await registry.close();
  await sim.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs syncBatch in a mock activity context, optionally as a retry that saw `heartbeatDetails`. */
async function batch(
  input: Omit<SyncBatchInput, 'connection' | 'sessionName'> & { sessionName?: string },
  heartbeatDetails?: SyncBatchProgress,
): Promise<{ result: SyncBatchProgress; heartbeats: SyncBatchProgress[] }> {
  const env = new MockActivityEnvironment(heartbeatDetails ? { heartbeatDetails } : {});
  const heartbeats: SyncBatchProgress[] = [];
  env.on('heartbeat', (d: SyncBatchProgress) => heartbeats.push(d));
  const sessionName = input.sessionName ?? (await session());
  const result = (await env.run(acts.syncBatch, { connection: 'default', ...input, sessionName })) as SyncBatchProgress;
  return { result, heartbeats };
}

async function session(): Promise<string> {
  const env = new MockActivityEnvironment();
  return ((await env.run(acts.login, { connection: 'default' })) as { sessionName: string }).sessionName;
}

function simChecksum(module: string) {
  return checksumRecords(sim.records(module).map((r) => ({ id: r.id!, modifiedtime: r.modifiedtime!, data: r })));
}

async function failure(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

test('a full pass pages into the sink batch by batch, heartbeating every page, until an empty page', async () => {
  const first = await batch({ sink: 'default', module: 'Contacts', pass: 'full', maxPages: 3 });
  expect(first.result).toMatchObject({ pages: 3, read: 300, inserted: 300, done: false });
  expect(first.heartbeats.map((h) => h.pages)).toEqual([1, 2, 3]);
  expect(first.result.cursor).toBe(sim.records('Contacts')[299]!.id);
  const rest = await batch({ sink: 'default', module: 'Contacts', pass: 'full', after: first.result.cursor });
  // The rest (the seed deleted a few of the 450) in two pages, then the empty page that ends the pass.
  const live = sim.records('Contacts').length;
  expect(live).toBeGreaterThan(400);
  expect(rest.result).toMatchObject({ pages: 3, read: live - 300, inserted: live - 300, done: true });
  expect(await sink.checksum('Contacts')).toEqual(simChecksum('Contacts'));
  // Each batch reports the newest modifiedtime it read; together they are the module's newest.
  expect([first.result.maxModifiedtime!, rest.result.maxModifiedtime!].sort().at(-1)).toBe(
    sim
      .records('Contacts')
      .map((r) => r.modifiedtime!)
      .sort()
      .at(-1),
  );
});

test('a retried attempt resumes after the last heartbeated cursor and keeps the counts of the earlier attempt', async () => {
  const records = sim.records('Accounts');
  const earlier: SyncBatchProgress = {
    cursor: records[49]!.id,
    done: false,
    pages: 1,
    read: 50,
    inserted: 50,
    updated: 0,
    unchanged: 0,
    tombstoned: 0,
    maxModifiedtime: undefined,
  };
  sim.resetCounters();
  const { result } = await batch({ sink: 'default', module: 'Accounts', pass: 'full', pageSize: 50 }, earlier);
  expect(result).toMatchObject({ done: true, read: 120, pages: 4 });
  // Pages of the retry: 51–100, 101–120 and the empty one; the first 50 were not read again.
  expect(sim.counters().byOperation.query).toBe(3);
  expect(await sink.count('Accounts')).toBe(70); // only what this test wrote: the first 50 were "written before"
});

test('incremental passes read only records modified since the watermark; reconcile tombstones deletes', async () => {
  const [a, b] = sim.records('Contacts');
  sim.updateRecord(a!.id!, { lastname: 'Incremental' });
  sim.deleteRecord(b!.id!);
  const since = sim.records('Contacts').find((r) => r.id === a!.id)!.modifiedtime!;
  const inc = await batch({ sink: 'default', module: 'Contacts', pass: 'incremental', since });
  expect(inc.result.done).toBe(true);
  expect(inc.result.updated).toBeGreaterThanOrEqual(1);
  expect(inc.result.read).toBeLessThan(20);
  const rec = await batch({ sink: 'default', module: 'Contacts', pass: 'reconcile' as const });
  expect(rec.result).toMatchObject({ done: true, tombstoned: 1, read: sim.records('Contacts').length });
  expect(await sink.checksum('Contacts')).toEqual(simChecksum('Contacts'));
});

test('a session that dies mid-batch fails as VtigerSessionError carrying how far the batch got', async () => {
  const sessionName = await session();
  const env = new MockActivityEnvironment();
  let pages = 0;
  env.on('heartbeat', () => {
    if (++pages === 2) sim.killAllSessions();
  });
  const f = await failure(
    env.run(acts.syncBatch, {
      connection: 'default',
      sessionName,
      sink: 'default',
      module: 'Contacts',
      pass: 'reconcile' as const,
    }),
  );
  expect(f.type).toBe(FailureTypes.Session);
  expect(f.nonRetryable).toBe(true);
  const progress = (f.details?.[0] as { progress: SyncBatchProgress }).progress;
  expect(progress).toMatchObject({ pages: 2, read: 200, done: false });
  expect(progress.cursor).toBe(sim.records('Contacts')[199]!.id);
});

test('bad input and unknown sinks fail non-retryably, naming what to fix; nothing is written', async () => {
  const before = await sink.count('Leads', { includeDeleted: true });
  const unknown = await failure(batch({ sink: 'warehouse', module: 'Leads', pass: 'full' }));
  expect(unknown.type).toBe(FailureTypes.UnknownSink);
  expect(unknown.message).toBe('Unknown sink profile "warehouse": this worker is configured with "default"');
  const pass = await failure(batch({ sink: 'default', module: 'Leads', pass: 'everything' as 'full' }));
  expect(pass.type).toBe(FailureTypes.Input);
  expect(pass.message).toMatch(/`pass` must be one of full, incremental, reconcile, sync-op/);
  const since = await failure(batch({ sink: 'default', module: 'Leads', pass: 'incremental', since: 'yesterday' }));
  expect(since.message).toMatch(/`since` as "YYYY-MM-DD HH:MM:SS", got "yesterday"/);
  const after = await failure(batch({ sink: 'default', module: 'Leads', pass: 'full', after: "1' OR 1=1" }));
  expect(after.message).toMatch(/`after` must be a webservice id/);
  const denied = await failure(batch({ sink: 'default', module: 'Nope', pass: 'full' }));
  expect(denied.type).toBe(FailureTypes.AccessDenied);
  expect(await sink.count('Leads', { includeDeleted: true })).toBe(before);
});

test('a worker without sinks says so', async () => {
  const bare = createVtigerActivities({ connections: registry });
  const env = new MockActivityEnvironment();
  const f = await failure(
    env.run(bare.syncBatch, {
      connection: 'default',
      sessionName: await session(),
      sink: 'default',
      module: 'Contacts',
      pass: 'full' as const,
    }),
  );
  expect(f.message).toMatch(/this worker has no sink configured \(set VTIGER_SINK_URL\)/);
});
