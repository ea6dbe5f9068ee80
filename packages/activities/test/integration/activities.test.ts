import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes, SEALED_SESSION_PREFIX } from '@vtiger-temporal/common';
import { ConnectionRegistry, createVtigerActivities } from '@vtiger-temporal/activities';
import { startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';

let sim: VtigerSim;
let registry: ConnectionRegistry;
let acts: ReturnType<typeof createVtigerActivities>;
const env = new MockActivityEnvironment();
/** Runs an activity in the mock activity context, keeping its types. */
const call = <A, R>(fn: (input: A) => Promise<R>, input: A): Promise<R> => env.run(fn, input) as Promise<R>;

beforeAll(async () => {
  sim = await startVtigerSim({ records: 30, seed: 5 });
  registry = new ConnectionRegistry({
    default: { url: sim.url, username: sim.admin.username, accessKey: sim.admin.accessKey },
  });
  acts = createVtigerActivities({ connections: registry });
});
afterAll(async () => {
  await registry.close();
  await sim.close();
});

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

test('login returns a sealed session that the record activities accept', async () => {
  const session = await call(acts.login, { connection: 'default' });
  expect(session.sessionName.startsWith(SEALED_SESSION_PREFIX)).toBe(true);
  expect(session.userId).toBe(sim.admin.userId);
  for (const live of sim.sessions()) expect(session.sessionName).not.toContain(live.sessionName);
  const rows = await call(acts.query, {
    connection: 'default',
    sessionName: session.sessionName,
    query: 'SELECT count(*) FROM Contacts;',
  });
  expect(rows).toEqual([{ count: String(sim.records('Contacts').length) }]);
  const extended = await call(acts.extendSession, { connection: 'default', sessionName: session.sessionName });
  expect(extended.userId).toBe(sim.admin.userId);
});

test('a session killed on the server fails with a non-retryable VtigerSessionError carrying code and operation', async () => {
  const session = await call(acts.login, { connection: 'default' });
  sim.killAllSessions();
  const failure = await failureOf(
    call(acts.retrieve, {
      connection: 'default',
      sessionName: session.sessionName,
      id: sim.records('Contacts')[0]!.id!,
    }),
  );
  expect(failure.type).toBe(FailureTypes.Session);
  expect(failure.nonRetryable).toBe(true);
  expect(failure.details?.[0]).toMatchObject({ code: 'INVALID_SESSIONID', operation: 'retrieve' });
});

test('a handle sealed with other credentials is a session failure, not a crash', async () => {
  const other = new ConnectionRegistry({
    default: { url: sim.url, username: sim.admin.username, accessKey: 'x'.repeat(16) },
  });
  const foreign = other.get('default').seal.seal('deadbeefdeadbeef1234');
  await other.close();
  const failure = await failureOf(
    call(acts.query, { connection: 'default', sessionName: foreign, query: 'SELECT id FROM Contacts;' }),
  );
  expect(failure.type).toBe(FailureTypes.Session);
  expect(failure.message).toMatch(/cannot open the session handle/);
});

test('unknown connection profiles and bad inputs fail non-retryably, naming what to fix', async () => {
  const unknown = await failureOf(call(acts.login, { connection: 'crm2' }));
  expect(unknown.type).toBe(FailureTypes.UnknownConnection);
  expect(unknown.message).toBe('Unknown connection profile "crm2": this worker is configured with "default"');
  const session = await call(acts.login, { connection: 'default' });
  const bad = await failureOf(
    call(acts.retrieve, { connection: 'default', sessionName: session.sessionName } as never),
  );
  expect(bad.type).toBe(FailureTypes.Input);
  expect(bad.message).toBe('retrieve: `id` must be a non-empty string, got nothing');
  const grammar = await failureOf(
    call(acts.query, { connection: 'default', sessionName: session.sessionName, query: 'SELECT id FROM Contacts' }),
  );
  expect(grammar.type).toBe(FailureTypes.QuerySyntax);
  expect(grammar.nonRetryable).toBe(true);
});

test('logout is best-effort: the stock HTTP 500 is reported, not thrown', async () => {
  const session = await call(acts.login, { connection: 'default' });
  const result = await call(acts.logout, { connection: 'default', sessionName: session.sessionName });
  expect(result).toMatchObject({ loggedOut: false });
  expect((result as { reason: string }).reason).toMatch(/VtigerHttpError/);
});

test('queryPage pages by id and ends with an empty page', async () => {
  const session = await call(acts.login, { connection: 'default' });
  const ids: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await call(acts.queryPage, {
      connection: 'default',
      sessionName: session.sessionName,
      module: 'Contacts',
      fields: ['lastname'],
      pageSize: 7,
      after,
    });
    if (page.records.length === 0) break;
    ids.push(...page.records.map((r) => r.id!));
    after = page.cursor;
  }
  expect(ids).toEqual(sim.records('Contacts').map((r) => r.id));
});
