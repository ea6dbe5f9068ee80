import { createHash } from 'node:crypto';
import {
  hashAccessKey,
  VtigerAbortError,
  VtigerAccessDeniedError,
  VtigerAuthError,
  VtigerClient,
  VtigerSession,
} from '@vtiger-temporal/vtiger-client';
import { fail, ok, type ScriptedServer, type SeenRequest, startScriptedServer } from '../helpers/scripted-server';

const KEY = 'qyLG6ozhEnY22Sox';

test('md5 test vector of the protocol reference (§14)', () => {
  expect(hashAccessKey('6b09ec035f77f', 'qyLG6ozhEnY22Sox')).toBe('1e9cf167a4fff79ff8ff8a4197033b0b');
});

/** A token store with Vtiger's rules: one live token per user, login compares md5(token + key) exactly. */
function tokenServer(opts: { key?: string; raceOnLogins?: number; loginDelayMs?: number; noToken?: boolean } = {}) {
  let token = '';
  let n = 0;
  let racesLeft = opts.raceOnLogins ?? 0;
  const log: string[] = [];
  const script = async (req: SeenRequest) => {
    if (req.operation === 'getchallenge') {
      const user = req.query.get('username');
      log.push(`challenge:${user}`);
      if (user?.toLowerCase() !== 'admin') return fail('ACCESS_DENIED', 'username does not exists');
      token = `6b09ec035f${(n++).toString(16).padStart(3, '0')}`;
      return ok({ token, serverTime: 1795812355, expireTime: 1795812655 });
    }
    if (req.operation === 'login') {
      log.push(`login:${req.form.get('username')}`);
      if (opts.loginDelayMs) await new Promise((r) => setTimeout(r, opts.loginDelayMs));
      if (opts.noToken) return fail('INVALID_AUTH_TOKEN', 'Specified token is invalid or expired');
      if (racesLeft > 0) {
        // Another process asked for a challenge between our getchallenge and our login.
        racesLeft--;
        token = 'ffffffffffff0';
      }
      const expected = createHash('md5')
        .update(token + (opts.key ?? KEY))
        .digest('hex');
      if (req.form.get('accessKey') !== expected)
        return fail('INVALID_USER_CREDENTIALS', 'Invalid username or password');
      return ok({
        username: 'admin',
        first_name: 'Ref',
        is_admin: 'on',
        sessionName: `5e55${n}0a1b2c3d4e5f60`,
        userId: '19x1',
        version: '0.22',
        vtigerVersion: '8.2.0',
      });
    }
    return fail('UNKNOWN', 'unexpected');
  };
  return { script, log };
}

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(script: Parameters<typeof startScriptedServer>[0]): Promise<ScriptedServer> {
  server = await startScriptedServer(script);
  return server;
}

test('login = GET getchallenge(username) then POST login(username, lowercase md5); returns the four classic fields', async () => {
  const fake = tokenServer();
  const s = await serve(fake.script);
  const client = new VtigerClient({ url: s.url, username: 'admin', accessKey: KEY });
  const session = await client.login();
  await client.close();

  expect(session).toBeInstanceOf(VtigerSession);
  expect(JSON.parse(JSON.stringify(session))).toEqual({
    sessionName: '5e5510a1b2c3d4e5f60',
    userId: '19x1',
    version: '0.22',
    vtigerVersion: '8.2.0',
  });
  const [challenge, login] = s.requests;
  expect(challenge?.method).toBe('GET');
  expect(Object.fromEntries(challenge!.query)).toEqual({ operation: 'getchallenge', username: 'admin' });
  expect(login?.method).toBe('POST');
  expect(Object.fromEntries(login!.form)).toEqual({
    operation: 'login',
    username: 'admin',
    accessKey: hashAccessKey('6b09ec035f000', KEY),
  });
  expect(login!.form.get('accessKey')).toMatch(/^[0-9a-f]{32}$/);
});

test('survives a challenge from another process between getchallenge and login', async () => {
  const fake = tokenServer({ raceOnLogins: 1 });
  const s = await serve(fake.script);
  const warnings: string[] = [];
  const client = new VtigerClient({
    url: s.url,
    username: 'admin',
    accessKey: KEY,
    logger: { warn: (m) => warnings.push(m) },
  });
  const session = await client.login();
  await client.close();
  expect(session.userId).toBe('19x1');
  expect(fake.log).toEqual(['challenge:admin', 'login:admin', 'challenge:admin', 'login:admin']);
  expect(warnings.join('\n')).toMatch(/INVALID_USER_CREDENTIALS; retrying with a fresh challenge/);
});

test('a wrong key fails fast (two pairs, well under 2 s) with a message naming user and URL', async () => {
  const fake = tokenServer({ key: 'somethingElse123' });
  const s = await serve(fake.script);
  const client = new VtigerClient({ url: s.url, username: 'admin', accessKey: KEY });
  const started = Date.now();
  const err = (await client.login().catch((e: unknown) => e)) as VtigerAuthError;
  const elapsed = Date.now() - started;
  await client.close();

  expect(err).toBeInstanceOf(VtigerAuthError);
  expect(err.code).toBe('INVALID_USER_CREDENTIALS');
  expect(err.retryable).toBe(false);
  expect(err.message).toContain(
    `Vtiger rejected the credentials of user "admin" at ${s.endpoint} (INVALID_USER_CREDENTIALS)`,
  );
  expect(err.message).toMatch(/check VTIGER_USERNAME and the access key from My Preferences/);
  expect(fake.log).toHaveLength(4);
  expect(elapsed).toBeLessThan(2000);
});

test('INVALID_AUTH_TOKEN is retried up to loginRetry.maxAttempts, then reported', async () => {
  const fake = tokenServer({ noToken: true });
  const s = await serve(fake.script);
  const client = new VtigerClient({
    url: s.url,
    username: 'admin',
    accessKey: KEY,
    loginRetry: { maxAttempts: 3, baseDelayMs: 5 },
  });
  const err = (await client.login().catch((e: unknown) => e)) as VtigerAuthError;
  await client.close();
  expect(err).toBeInstanceOf(VtigerAuthError);
  expect(err.code).toBe('INVALID_AUTH_TOKEN');
  expect(err.message).toMatch(/gave up after 3 login attempts/);
  expect(fake.log.filter((l) => l.startsWith('login'))).toHaveLength(3);
});

test('ACCESSKEY_UNDEFINED and an unknown user are not retried', async () => {
  const s = await serve((req) =>
    req.operation === 'getchallenge'
      ? ok({ token: 'abc0123456789', serverTime: 1, expireTime: 2 })
      : fail('ACCESSKEY_UNDEFINED', 'Access key for the user is undefined'),
  );
  const client = new VtigerClient({ url: s.url, username: 'admin', accessKey: KEY });
  await expect(client.login()).rejects.toThrow(/has no access key for user "admin".*My Preferences/);
  expect(s.requests).toHaveLength(2);
  await client.close();

  const fake = tokenServer();
  await server?.close();
  const s2 = await serve(fake.script);
  const stranger = new VtigerClient({ url: s2.url, username: 'nobody', accessKey: KEY });
  const err = (await stranger.login().catch((e: unknown) => e)) as VtigerAccessDeniedError;
  await stranger.close();
  expect(err).toBeInstanceOf(VtigerAccessDeniedError);
  expect(err.message).toContain(`refused a login challenge for user "nobody"`);
  expect(fake.log).toEqual(['challenge:nobody']);
});

test('logins of one user are serialised across client instances (usernames compared case-insensitively)', async () => {
  const fake = tokenServer({ loginDelayMs: 30 });
  const s = await serve(fake.script);
  const a = new VtigerClient({ url: s.url, username: 'admin', accessKey: KEY });
  const b = new VtigerClient({ url: s.endpoint, username: 'ADMIN', accessKey: KEY });
  const sessions = await Promise.all([a.login(), b.login(), a.login(), b.login()]);
  await Promise.all([a.close(), b.close()]);
  expect(new Set(sessions.map((x) => x.sessionName)).size).toBe(4);
  // Never two challenges in a row: each pair completes before the next starts.
  expect(fake.log.map((l) => l.split(':')[0])).toEqual([
    'challenge',
    'login',
    'challenge',
    'login',
    'challenge',
    'login',
    'challenge',
    'login',
  ]);
});

test('waiting for the login lock can be aborted, and the queue still moves on', async () => {
  const fake = tokenServer({ loginDelayMs: 200 });
  const s = await serve(fake.script);
  const client = new VtigerClient({ url: s.url, username: 'admin', accessKey: KEY });
  const first = client.login();
  const controller = new AbortController();
  const second = client.login({ signal: controller.signal });
  setTimeout(() => controller.abort(), 20);
  await expect(second).rejects.toBeInstanceOf(VtigerAbortError);
  await expect(first).resolves.toBeInstanceOf(VtigerSession);
  await expect(client.login()).resolves.toBeInstanceOf(VtigerSession);
  await client.close();
});
