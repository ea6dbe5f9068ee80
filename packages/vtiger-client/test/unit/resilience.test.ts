/** Retries, timeouts and aborts over a real socket. */
import {
  VtigerAbortError,
  VtigerClient,
  VtigerConnectionError,
  VtigerHttpError,
  VtigerSessionError,
  VtigerTimeoutError,
} from '@vtiger-temporal/vtiger-client';
import {
  fail,
  ok,
  type ScriptedAnswer,
  type ScriptedServer,
  type SeenRequest,
  startScriptedServer,
} from '../helpers/scripted-server';

let answer: (req: SeenRequest, n: number) => ScriptedAnswer = () => ok(null);
let server: ScriptedServer;
let client: VtigerClient;
const retry = { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20 };

beforeAll(async () => {
  server = await startScriptedServer((req) => answer(req, server.requests.length));
  client = new VtigerClient({ url: server.url, username: 'admin', accessKey: 'qyLG6ozhEnY22Sox', retry });
});
afterAll(async () => {
  await client.close();
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

const session = () => client.session({ sessionName: 'aaaabbbbccccdddd0' });

test('a read that meets a reset and a 500 is retried and succeeds', async () => {
  answer = (_req, n) => (n === 1 ? 'reset' : n === 2 ? { status: 500, body: '' } : ok([{ id: '12x1' }]));
  await expect(session().query('SELECT id FROM Contacts;')).resolves.toEqual([{ id: '12x1' }]);
  expect(server.requests).toHaveLength(3);
});

test('a read gives up after maxRetries and throws the last error', async () => {
  answer = () => ({ status: 503, body: 'busy' });
  const err = await session()
    .retrieve('12x1')
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(VtigerHttpError);
  expect(server.requests).toHaveLength(3);
});

test('writes are never retried: a create under a 500 or a reset is sent exactly once', async () => {
  answer = () => ({ status: 500, body: '' });
  await expect(session().create('Contacts', { lastname: 'x', assigned_user_id: '19x1' })).rejects.toBeInstanceOf(
    VtigerHttpError,
  );
  expect(server.requests).toHaveLength(1);
  server.requests.length = 0;
  answer = () => 'reset';
  await expect(session().delete('12x1')).rejects.toBeInstanceOf(VtigerConnectionError);
  expect(server.requests).toHaveLength(1);
});

test('API errors are never retried, even on reads', async () => {
  answer = () => fail('INVALID_SESSIONID', 'Session Identifier provided is Invalid');
  await expect(session().query('SELECT * FROM Contacts;')).rejects.toBeInstanceOf(VtigerSessionError);
  expect(server.requests).toHaveLength(1);
});

test('call() retries only when told the operation is idempotent', async () => {
  answer = (_req, n) => (n % 2 === 1 ? { status: 502, body: '' } : ok('fine'));
  await expect(session().call('mobile.x', {}, { method: 'GET', idempotent: true })).resolves.toBe('fine');
  expect(server.requests).toHaveLength(2);
  server.requests.length = 0;
  await expect(session().call('mobile.x', {}, { method: 'GET' })).rejects.toBeInstanceOf(VtigerHttpError);
  expect(server.requests).toHaveLength(1);
});

test('a slow answer times out per request (timeoutMs), and reads retry the timeout', async () => {
  answer = (_req, n) => (n < 3 ? { delayMs: 500, json: { success: true, result: [] } } : ok(['late but fine']));
  const started = Date.now();
  await expect(session().query('SELECT * FROM Contacts;', { timeoutMs: 100 })).resolves.toEqual(['late but fine']);
  expect(server.requests).toHaveLength(3);
  expect(Date.now() - started).toBeLessThan(1200);

  server.requests.length = 0;
  answer = () => 'hang';
  const err = (await session()
    .revise({ id: '12x1', lastname: 'y' }, { timeoutMs: 80 })
    .catch((e: unknown) => e)) as VtigerTimeoutError;
  expect(err).toBeInstanceOf(VtigerTimeoutError);
  expect(err.timeoutMs).toBe(80);
  expect(err.message).toMatch(/did not answer `revise` within 80 ms/);
  expect(server.requests).toHaveLength(1);
});

test('the client-wide timeoutMs applies when the call sets none', async () => {
  const quick = new VtigerClient({ url: server.url, username: 'admin', timeoutMs: 60, retry: { maxRetries: 0 } });
  answer = () => 'hang';
  await expect(quick.session({ sessionName: 'aaaabbbbccccdddd0' }).listTypes()).rejects.toBeInstanceOf(
    VtigerTimeoutError,
  );
  await quick.close();
});

test('an abort stops the call promptly, is not retried, and a pre-aborted signal sends nothing', async () => {
  answer = () => 'hang';
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(new Error('user pressed stop')), 50);
  const err = await session()
    .query('SELECT * FROM Contacts;', { signal: controller.signal })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(VtigerAbortError);
  expect(Date.now() - started).toBeLessThan(1000);
  expect(server.requests).toHaveLength(1);

  server.requests.length = 0;
  await expect(session().listTypes(undefined, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
    VtigerAbortError,
  );
  expect(server.requests).toHaveLength(0);
});

test('an abort during the back-off wait ends the retries', async () => {
  const slow = new VtigerClient({
    url: server.url,
    username: 'admin',
    retry: { maxRetries: 5, baseDelayMs: 1000, maxDelayMs: 1000 },
  });
  answer = () => ({ status: 500, body: '' });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const started = Date.now();
  await expect(
    slow.session({ sessionName: 'aaaabbbbccccdddd0' }).listTypes(undefined, { signal: controller.signal }),
  ).rejects.toBeInstanceOf(VtigerAbortError);
  expect(Date.now() - started).toBeLessThan(900);
  expect(server.requests).toHaveLength(1);
  await slow.close();
});

test('connection refused is a retryable VtigerConnectionError naming the URL', async () => {
  const nowhere = new VtigerClient({
    url: 'http://127.0.0.1:9/vtiger',
    username: 'admin',
    retry: { maxRetries: 1, baseDelayMs: 1 },
  });
  const err = (await nowhere.getChallenge().catch((e: unknown) => e)) as VtigerConnectionError;
  await nowhere.close();
  expect(err).toBeInstanceOf(VtigerConnectionError);
  expect(err.retryable).toBe(true);
  expect(err.code).toBe('ECONNREFUSED');
  expect(err.message).toContain('http://127.0.0.1:9/vtiger/webservice.php');
});
