import { Agent, createServer, request } from 'node:http';
import { createVtigerSimHandler, startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';
import { errorOf, login, resultOf, wsGet, wsPost } from '../support/http';

let sim: VtigerSim;
let session: string;

beforeAll(async () => {
  sim = await startVtigerSim({ records: 10, seed: 7 });
  session = await login(sim);
});
afterAll(() => sim.close());

test('success envelope with the PHP session headers and a charset-less application/json', async () => {
  const a = await wsGet(sim, { operation: 'listtypes', sessionName: session });
  expect(a.status).toBe(200);
  expect(a.text.startsWith('{"success":true,"result":{"types":["Campaigns"')).toBe(true);
  expect(a.headers.get('content-type')).toBe('application/json');
  expect(a.headers.get('expires')).toBe('Thu, 19 Nov 1981 08:52:00 GMT');
  expect(a.headers.get('cache-control')).toBe('no-store, no-cache, must-revalidate');
  expect(a.headers.get('pragma')).toBe('no-cache');
  expect(a.headers.get('set-cookie')).toBeNull();
});

test('error envelope is HTTP 200 with message before code', async () => {
  const a = await wsGet(sim, { operation: 'listtypes' });
  expect(a.status).toBe(200);
  expect(a.text).toBe('{"success":false,"error":{"message":"Authencation required","code":"AUTHENTICATION_REQUIRED"}}');
});

test('unknown, missing or wrongly formatted requests are HTTP 500 with an empty body', async () => {
  const cases: Array<Record<string, string>> = [
    { operation: 'nope', sessionName: session },
    { sessionName: session },
    { operation: 'listtypes', sessionName: session, format: 'xml' },
  ];
  for (const params of cases) {
    const a = await wsGet(sim, params);
    expect([a.status, a.text]).toEqual([500, '']);
  }
  const json = await fetch(sim.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ operation: 'listtypes', sessionName: session }),
  });
  expect(json.status).toBe(500);
  expect(await json.text()).toBe('');
});

test('the operation name is case-insensitive and format=JSON is fine', async () => {
  const a = await wsPost(sim, { operation: 'EXTENDSESSION', sessionName: session, format: 'JSON' });
  expect(resultOf<{ sessionName: string }>(a).sessionName).toBe(session);
});

test('changePassword and deleteUser answer HTTP 200 with the plain-text restricted-file page', async () => {
  for (const operation of ['changePassword', 'deleteUser']) {
    const a = await wsPost(sim, { operation, sessionName: session, id: '19x1' });
    expect([a.status, a.text]).toEqual([200, 'Sorry! Attempt to access restricted file.']);
  }
});

test('GET-type ops read their params from the query string only', async () => {
  // describe is GET: elementType in the body is not seen, so the name is empty.
  const a = await wsPost(sim, { operation: 'describe', sessionName: session, elementType: 'Contacts' });
  expect(errorOf(a)).toEqual(['ACCESS_DENIED', 'Permission to perform the operation is denied for name : ']);
  const b = await wsGet(sim, { operation: 'describe', sessionName: session, elementType: 'Contacts' });
  expect(resultOf<{ idPrefix: string }>(b).idPrefix).toBe('12');
});

test('POST-type ops read their params from the form body only; operation/sessionName come from either', async () => {
  // login via GET: username missing ⇒ INVALID_AUTH_TOKEN (observed).
  const a = await wsGet(sim, { operation: 'login', username: 'admin', accessKey: 'x' });
  expect(errorOf(a)[0]).toBe('INVALID_AUTH_TOKEN');
  // create with params in the query string: elementType missing ⇒ ACCESS_DENIED.
  const b = await wsPost(
    sim,
    {},
    { operation: 'create', sessionName: session, elementType: 'Contacts', element: '{}' },
  );
  expect(errorOf(b)).toEqual(['ACCESS_DENIED', 'Permission to perform the operation is denied']);
  // operation and sessionName in the query string, op params in the body: works.
  const c = await wsPost(
    sim,
    { elementType: 'Contacts', element: JSON.stringify({ lastname: 'Q', assigned_user_id: '19x1' }) },
    { operation: 'create', sessionName: session },
  );
  expect(resultOf<{ lastname: string }>(c).lastname).toBe('Q');
});

test('falsy parameter values ("" and "0") count as absent', async () => {
  const a = await wsGet(sim, { operation: 'getchallenge', username: '0' });
  expect(errorOf(a)).toEqual(['ACCESS_DENIED', 'No username given']);
  const b = await wsGet(sim, { operation: 'listtypes', sessionName: '' });
  expect(errorOf(b)[0]).toBe('AUTHENTICATION_REQUIRED');
  const c = await wsGet(sim, { operation: 'listtypes', sessionName: 'null' });
  expect(errorOf(c)[0]).toBe('AUTHENTICATION_REQUIRED');
});

test('multipart/form-data bodies are read like urlencoded ones', async () => {
  const form = new FormData();
  form.set('operation', 'extendsession');
  form.set('sessionName', session);
  const response = await fetch(sim.endpoint, { method: 'POST', body: form });
  expect(JSON.parse(await response.text())).toMatchObject({ success: true, result: { sessionName: session } });
});

test('any path ending in /webservice.php is the endpoint; other paths are 404', async () => {
  const a = await fetch(`${sim.url}/crm/vtigercrm/webservice.php?operation=listtypes&sessionName=${session}`);
  expect(a.status).toBe(200);
  expect(((await a.json()) as { success: boolean }).success).toBe(true);
  expect((await fetch(`${sim.url}/index.php`)).status).toBe(404);
});

test('keep-alive connections are reused and close() ends them', async () => {
  const local = await startVtigerSim({ records: 0 });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const ports: number[] = [];
  const get = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request(`${local.endpoint}?operation=getchallenge&username=admin`, { agent }, (res) => {
        ports.push(res.socket.localPort ?? -1);
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
  expect(await get()).toBe(200);
  expect(await get()).toBe(200);
  expect(ports[0]).toBe(ports[1]);
  const closed = new Promise<void>((resolve) => {
    const socket = [...Object.values(agent.freeSockets)].flat()[0];
    if (!socket) resolve();
    else socket.on('close', () => resolve());
  });
  await local.close();
  await closed;
  agent.destroy();
});

test('createVtigerSimHandler mounts in any node:http server', async () => {
  const handler = createVtigerSimHandler({ records: 0 });
  const server = createServer(handler.listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const address = server.address() as { port: number };
    const r = await fetch(
      `http://127.0.0.1:${address.port}/vtiger/webservice.php?operation=getchallenge&username=admin`,
    );
    expect(((await r.json()) as { success: boolean }).success).toBe(true);
    expect(handler.counters().getchallenges).toBe(1);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
