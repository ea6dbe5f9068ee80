import { startVtigerSim, type VtigerSim, type VtigerSimCounters } from '@vtiger-temporal/vtiger-sim';
import { errorOf, login, query, wsGet } from '../support/http';

let sim: VtigerSim;
beforeAll(async () => {
  sim = await startVtigerSim({ records: { Contacts: 12 }, seed: 21 });
});
afterAll(() => sim.close());

const admin = async (
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> => {
  const response = await fetch(`${sim.url}/__sim/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
};

test('info tells another process the URL and credentials', async () => {
  const { status, json } = await admin('GET', 'info');
  expect(status).toBe(200);
  expect(json).toMatchObject({
    url: sim.url,
    profile: 'stock',
    admin: { username: 'admin', accessKey: sim.admin.accessKey, userId: '19x1' },
  });
});

test('sessions: count, kill one, kill a user, kill all', async () => {
  sim.killAllSessions();
  const a = await login(sim);
  const b = await login(sim);
  expect((await admin('GET', 'sessions')).json).toMatchObject({ live: 2 });
  expect((await admin('POST', 'sessions/kill', { sessionName: a })).json).toEqual({ killed: true });
  expect(errorOf(await wsGet(sim, { operation: 'listtypes', sessionName: a }))[0]).toBe('INVALID_SESSIONID');
  expect((await admin('POST', 'sessions/kill-user', { user: 'admin' })).json).toEqual({ killed: 1 });
  expect(errorOf(await wsGet(sim, { operation: 'listtypes', sessionName: b }))[0]).toBe('INVALID_SESSIONID');
  await login(sim);
  expect((await admin('POST', 'sessions/kill-all')).json).toEqual({ killed: 1 });
  expect(sim.liveSessionCount()).toBe(0);
});

test('records: create/update/delete as a user bump modifiedtime; the list matches what query returns', async () => {
  const session = await login(sim);
  const created = (
    await admin('POST', 'records/create', { module: 'Contacts', fields: { lastname: 'Admin API' }, asUser: 'jdoe' })
  ).json as Record<string, string>;
  expect(created).toMatchObject({
    lastname: 'Admin API',
    assigned_user_id: '19x5',
    modifiedby: '19x5',
    label: 'Admin API',
  });
  const updated = (await admin('POST', 'records/update', { id: created.id, fields: { title: 'Changed' } }))
    .json as Record<string, string>;
  expect(updated).toMatchObject({ title: 'Changed', modifiedby: '19x1' });
  expect((updated.modifiedtime as string) >= (created.modifiedtime as string)).toBe(true);
  const list = (await admin('GET', 'records/Contacts')).json as Array<Record<string, string>>;
  expect(list.find((r) => r.id === created.id)?.title).toBe('Changed');
  const viaQuery = await query(sim, session, 'SELECT * FROM Contacts ORDER BY id;');
  expect(viaQuery).toEqual(list);
  expect((await admin('POST', 'records/delete', { id: created.id })).json).toEqual({ deleted: true });
  const after = (await admin('GET', 'records/Contacts')).json as Array<Record<string, string>>;
  expect(after.some((r) => r.id === created.id)).toBe(false);
  expect((await admin('POST', 'records/delete', { id: created.id })).status).toBe(400);
});

test('counters count requests by operation and session; reset zeroes them', async () => {
  await admin('POST', 'counters/reset');
  const session = await login(sim);
  await wsGet(sim, { operation: 'query', sessionName: session, query: 'SELECT count(*) FROM Contacts;' });
  await wsGet(sim, { operation: 'query', sessionName: session, query: 'SELECT nope FROM Contacts;' });
  const counters = (await admin('GET', 'counters')).json as VtigerSimCounters;
  expect(counters).toMatchObject({
    requests: 4,
    logins: 1,
    getchallenges: 1,
    byOperation: { getchallenge: 1, login: 1, query: 2 },
    bySessionName: { [session]: 2 },
    errorsByCode: { ACCESS_DENIED: 1 },
  });
  expect(sim.counters().requests).toBe(4);
  sim.resetCounters();
  expect(sim.counters().requests).toBe(0);
});

test('faults, latency and profile can be set over HTTP; bad input is 400, unknown routes 404', async () => {
  expect((await admin('POST', 'faults', { http500Rate: 1 })).status).toBe(200);
  const faulted = await fetch(`${sim.endpoint}?operation=getchallenge&username=admin`);
  expect(faulted.status).toBe(500);
  expect((await admin('POST', 'faults', { http500Rate: 0 })).status).toBe(200);
  expect((await admin('POST', 'faults', { http500Rate: 2 })).status).toBe(400);
  expect((await admin('POST', 'latency', { latency: { otherMs: 50, noise: 0 } })).status).toBe(200);
  const start = performance.now();
  await fetch(`${sim.endpoint}?operation=getchallenge&username=admin`);
  expect(performance.now() - start).toBeGreaterThanOrEqual(45);
  expect((await admin('POST', 'latency', { latency: false })).status).toBe(200);
  expect((await admin('POST', 'profile', { profile: 'compat' })).status).toBe(200);
  expect(sim.profile).toBe('compat');
  expect((await admin('POST', 'records/create', { module: 'Nope', fields: {} })).status).toBe(400);
  expect((await admin('GET', 'nothing-here')).status).toBe(404);
});
