/**
 * No secret ever leaves the client: not in messages, properties, cause chains, inspect output, URLs or log lines.
 */
import { inspect } from 'node:util';
import { hashAccessKey, VtigerClient, type VtigerError } from '@vtiger-temporal/vtiger-client';
import {
  fail,
  ok,
  type ScriptedAnswer,
  type ScriptedServer,
  type SeenRequest,
  startScriptedServer,
} from '../helpers/scripted-server';

const ACCESS_KEY = 'qyLG6ozhEnY22Sox';
const TOKEN = '6b09ec035f77f';
const HASH = hashAccessKey(TOKEN, ACCESS_KEY);
const SESSION = 'd8080d6b09ec037da1d';
const SECRETS = [ACCESS_KEY, HASH, SESSION];

let answer: (req: SeenRequest) => ScriptedAnswer = () => ok(null);
let server: ScriptedServer;
const lines: string[] = [];
let client: VtigerClient;

beforeAll(async () => {
  server = await startScriptedServer((req) => answer(req));
  const sink = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    lines.push(`${level} ${msg} ${JSON.stringify(fields)}`);
  client = new VtigerClient({
    url: server.url,
    username: 'admin',
    accessKey: ACCESS_KEY,
    retry: { maxRetries: 1, baseDelayMs: 1 },
    logger: { debug: sink('debug'), info: sink('info'), warn: sink('warn'), error: sink('error') },
  });
});
afterAll(async () => {
  await client.close();
  await server.close();
});

function everything(err: unknown): string {
  const e = err as VtigerError;
  return [
    String(e),
    e.message,
    e.stack ?? '',
    JSON.stringify(e),
    inspect(e, { depth: 10, showHidden: true }),
    JSON.stringify(e.request),
    String((e.cause as Error | undefined)?.message),
  ].join('\n');
}

function expectClean(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

test('errors of a GET carry a redacted request URL and no secret anywhere', async () => {
  answer = () => fail('INVALID_SESSIONID', `Session Identifier ${SESSION} provided is Invalid`);
  const session = client.session({ sessionName: SESSION });
  const err = (await session.query('SELECT * FROM Contacts;').catch((e: unknown) => e)) as VtigerError;
  expect(err.request?.url).toContain('sessionName=REDACTED');
  expect(err.request?.url).toContain('operation=query');
  expectClean(everything(err));
});

test('a protocol error echoing the request (secrets in body) is redacted in excerpt and message', async () => {
  answer = (req) => ({
    status: 200,
    contentType: 'text/html',
    body: `<pre>debug: ${req.body || req.path} sessionName=${SESSION} accessKey=${ACCESS_KEY} Cookie: PHPSESSID=abcdef123456 Authorization: Basic Zm9vOmJhcg==</pre>`,
  });
  const err = await client
    .session({ sessionName: SESSION })
    .revise({ id: '12x1' })
    .catch((e: unknown) => e);
  const text = everything(err);
  expectClean(text);
  expect(text).not.toContain('abcdef123456');
  expect(text).not.toContain('Zm9vOmJhcg==');
});

test('HTTP errors and connection failures are clean too, including their cause', async () => {
  answer = () => ({ status: 502, body: `bad gateway for sessionName=${SESSION}` });
  const session = client.session({ sessionName: SESSION });
  expectClean(everything(await session.describe('Contacts').catch((e: unknown) => e)));
  answer = () => 'reset';
  const reset = await session.retrieve('12x1').catch((e: unknown) => e);
  expect((reset as Error).cause).toBeInstanceOf(Error);
  expectClean(everything(reset));
});

test('failed logins (with the md5 key in flight) and their log lines are clean', async () => {
  answer = (req) =>
    req.operation === 'getchallenge'
      ? ok({ token: TOKEN, serverTime: 1, expireTime: 2 })
      : fail('INVALID_USER_CREDENTIALS', `Invalid username or password ${req.form.get('accessKey')}`);
  const err = await client.login().catch((e: unknown) => e);
  expectClean(everything(err));
});

test('a successful login and session use log nothing secret; the session and client inspect without secrets', async () => {
  answer = (req) =>
    req.operation === 'getchallenge'
      ? ok({ token: TOKEN, serverTime: 1, expireTime: 2 })
      : req.operation === 'login'
        ? ok({ sessionName: SESSION, userId: '19x1', version: '0.22', vtigerVersion: '8.2.0' })
        : ok([]);
  const session = await client.login();
  await session.query('SELECT * FROM Contacts;');
  expectClean(inspect(session));
  expectClean(inspect(client, { showHidden: true }));
  expectClean(JSON.stringify(client));
  expect(lines.length).toBeGreaterThan(5);
  expect(lines.some((l) => /"operation":"query".*"status":200.*"durationMs".*"attempt":1/.test(l))).toBe(true);
  expectClean(lines.join('\n'));
});

test('an API error (success:false) writes one debug line for its one request', async () => {
  answer = () => fail('ACCESS_DENIED', 'Permission to perform the operation is denied');
  const before = lines.length;
  await expect(client.session({ sessionName: SESSION }).retrieve('12x1')).rejects.toThrow(/ACCESS_DENIED/);
  const debug = lines.slice(before).filter((l) => l.startsWith('debug '));
  expect(debug).toHaveLength(1);
  expect(debug[0]).toMatch(/^debug vtiger retrieve 200 .*"status":200/);
});

test('a request without an answer writes one "failed" debug line per attempt', async () => {
  answer = () => 'reset';
  const before = lines.length;
  await expect(client.session({ sessionName: SESSION }).retrieve('12x1')).rejects.toThrow();
  const debug = lines.slice(before).filter((l) => l.startsWith('debug '));
  expect(debug).toHaveLength(2);
  for (const line of debug) expect(line).toMatch(/^debug vtiger retrieve failed: VtigerConnectionError /);
  expectClean(debug.join('\n'));
});
