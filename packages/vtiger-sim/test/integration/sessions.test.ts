import { md5AccessKey, startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';
import { errorOf, login, resultOf, sleep, userNamed, wsGet, wsPost } from '../support/http';

describe('getchallenge and login', () => {
  let sim: VtigerSim;
  let now = Date.UTC(2026, 0, 15, 12, 0, 0);
  beforeAll(async () => {
    sim = await startVtigerSim({ records: 0, clock: () => now });
  });
  afterAll(() => sim.close());

  const challenge = async (username = 'admin'): Promise<{ token: string; serverTime: number; expireTime: number }> =>
    resultOf(await wsGet(sim, { operation: 'getchallenge', username }));
  const tryLogin = (token: string, username = 'admin', key = sim.admin.accessKey) =>
    wsPost(sim, { operation: 'login', username, accessKey: md5AccessKey(token, key) });

  test('a challenge is a 13-hex uniqid token valid for 300 s; usernames match case-insensitively', async () => {
    const c = await challenge('ADMIN');
    expect(c.token).toMatch(/^[0-9a-f]{13}$/);
    expect(c.serverTime).toBe(now / 1000);
    expect(c.expireTime - c.serverTime).toBe(300);
    expect(errorOf(await wsGet(sim, { operation: 'getchallenge', username: 'ghost' }))).toEqual([
      'ACCESS_DENIED',
      'username does not exists',
    ]);
  });

  test('login returns the 8.x user fields and a 19–21 char lowercase-hex sessionName', async () => {
    const c = await challenge();
    const result = resultOf<Record<string, string>>(await tryLogin(c.token));
    expect(Object.keys(result)).toEqual([
      'username',
      'first_name',
      'last_name',
      'email',
      'time_zone',
      'hour_format',
      'date_format',
      'is_admin',
      'call_duration',
      'other_event_duration',
      'sessionName',
      'userId',
      'version',
      'vtigerVersion',
    ]);
    expect(result).toMatchObject({
      username: 'admin',
      is_admin: 'on',
      userId: '19x1',
      version: '0.22',
      vtigerVersion: '8.2.0',
    });
    expect(result.sessionName).toMatch(/^[0-9a-f]{19,21}$/);
  });

  test('the token is not consumed: two logins with it give two independent sessions', async () => {
    const c = await challenge();
    const a = resultOf<{ sessionName: string }>(await tryLogin(c.token)).sessionName;
    const b = resultOf<{ sessionName: string }>(await tryLogin(c.token)).sessionName;
    expect(a).not.toBe(b);
  });

  test('token race: a newer challenge makes the older token fail with INVALID_USER_CREDENTIALS', async () => {
    const first = await challenge();
    await challenge();
    expect(errorOf(await tryLogin(first.token))).toEqual(['INVALID_USER_CREDENTIALS', 'Invalid username or password']);
  });

  test('an expired token, or no challenge at all, is INVALID_AUTH_TOKEN', async () => {
    const c = await challenge();
    now += 301_000;
    expect(errorOf(await tryLogin(c.token))).toEqual(['INVALID_AUTH_TOKEN', 'Specified token is invalid or expired']);
    const jdoe = userNamed(sim, 'jdoe');
    expect(errorOf(await tryLogin('0000000000000', 'jdoe', jdoe.accessKey))[0]).toBe('INVALID_AUTH_TOKEN');
  });

  test('upper-case hex and wrong keys fail; an inactive user fails like a wrong key', async () => {
    const c = await challenge();
    const upper = await wsPost(sim, {
      operation: 'login',
      username: 'admin',
      accessKey: md5AccessKey(c.token, sim.admin.accessKey).toUpperCase(),
    });
    expect(errorOf(upper)[0]).toBe('INVALID_USER_CREDENTIALS');
    const inactive = userNamed(sim, 'inactive');
    const ic = await challenge('inactive');
    expect(errorOf(await tryLogin(ic.token, 'inactive', inactive.accessKey))).toEqual([
      'INVALID_USER_CREDENTIALS',
      'Invalid username or password',
    ]);
  });
});

describe('idle expiry, sliding refresh and extendsession', () => {
  let sim: VtigerSim;
  beforeAll(async () => {
    sim = await startVtigerSim({ records: 5, idleTimeoutSeconds: 0.5 });
  });
  afterAll(() => sim.close());

  const listtypes = (sessionName: string) => wsGet(sim, { operation: 'listtypes', sessionName });

  test('a session idle longer than the timeout answers INVALID_SESSIONID and stays dead', async () => {
    const s = await login(sim);
    expect((await listtypes(s)).json?.success).toBe(true);
    await sleep(650);
    expect(errorOf(await listtypes(s))).toEqual(['INVALID_SESSIONID', 'Session Identifier provided is Invalid']);
    expect(errorOf(await listtypes(s))[0]).toBe('INVALID_SESSIONID');
  });

  test('every request, a failing one included, slides the idle window', async () => {
    const s = await login(sim);
    // 5 × 200 ms is twice the idle window; each request keeps the session alive for the next.
    for (let i = 0; i < 5; i++) {
      await sleep(200);
      // A failing query still refreshes the session.
      const a = await wsGet(sim, { operation: 'query', sessionName: s, query: 'SELECT nope FROM Contacts;' });
      expect(errorOf(a)[0]).toBe('ACCESS_DENIED');
    }
    expect((await listtypes(s)).json?.success).toBe(true);
  });

  test('extendsession on a live session returns the same sessionName and only the four classic fields', async () => {
    const s = await login(sim);
    const result = resultOf<Record<string, string>>(await wsPost(sim, { operation: 'extendsession', sessionName: s }));
    expect(result).toEqual({ sessionName: s, userId: '19x1', version: '0.22', vtigerVersion: '8.2.0' });
  });

  test('extendsession via GET is AUTHENTICATION_REQUIRED', async () => {
    const s = await login(sim);
    expect(errorOf(await wsGet(sim, { operation: 'extendsession', sessionName: s }))).toEqual([
      'AUTHENTICATION_REQUIRED',
      'Authencation required',
    ]);
  });

  test('extendsession on a dead id fails and poisons it: later calls get HTTP 500', async () => {
    const s = await login(sim);
    await sleep(650);
    expect(errorOf(await wsPost(sim, { operation: 'extendsession', sessionName: s }))).toEqual([
      'AUTHENTICATION_FAILURE',
      'Authencation Failed',
    ]);
    const after = await listtypes(s);
    expect([after.status, after.text]).toEqual([500, '']);
    // A made-up id is poisoned the same way.
    expect(errorOf(await wsPost(sim, { operation: 'extendsession', sessionName: 'doesnotexist42' }))[0]).toBe(
      'AUTHENTICATION_FAILURE',
    );
    expect((await listtypes('doesnotexist42')).status).toBe(500);
  });

  test('extendsession with PHPSESSID as a form field starts an empty session: AUTHENTICATION_FAILURE', async () => {
    const s = await login(sim);
    const a = await wsPost(sim, { operation: 'extendsession', PHPSESSID: s });
    expect(errorOf(a)[0]).toBe('AUTHENTICATION_FAILURE');
    // The Cookie form adopts the session.
    const b = await wsPost(sim, { operation: 'extendsession' }, {}, { headers: { cookie: `PHPSESSID=${s}` } });
    expect(resultOf<{ sessionName: string }>(b).sessionName).toBe(s);
  });

  test('killSession / killUserSessions / killAllSessions end sessions like GC does', async () => {
    sim.killAllSessions();
    const a = await login(sim);
    const jdoe = userNamed(sim, 'jdoe');
    const b = await login(sim, 'jdoe', jdoe.accessKey);
    const c = await login(sim, 'jdoe', jdoe.accessKey);
    expect(sim.liveSessionCount()).toBe(3);
    expect(sim.killSession(a)).toBe(true);
    expect(errorOf(await listtypes(a))[0]).toBe('INVALID_SESSIONID');
    expect(sim.killUserSessions('jdoe')).toBe(2);
    expect(errorOf(await listtypes(b))[0]).toBe('INVALID_SESSIONID');
    expect(errorOf(await listtypes(c))[0]).toBe('INVALID_SESSIONID');
    expect(sim.liveSessionCount()).toBe(0);
  });
});

describe('sessionErrorMode', () => {
  test.each([
    ['idle-first', 'SESSION_LEFT_IDLE', 'Session has been invalidated to due lack activity'],
    ['expired-first', 'SESSION_EXPIRED', 'Session has life span over please login again'],
  ] as const)(
    '%s: the first call on an idle-dead session answers %s, the next INVALID_SESSIONID',
    async (mode, code, message) => {
      const sim = await startVtigerSim({ records: 0, idleTimeoutSeconds: 0.2, sessionErrorMode: mode });
      try {
        const s = await login(sim);
        await sleep(300);
        expect(errorOf(await wsGet(sim, { operation: 'listtypes', sessionName: s }))).toEqual([code, message]);
        expect(errorOf(await wsGet(sim, { operation: 'listtypes', sessionName: s }))[0]).toBe('INVALID_SESSIONID');
      } finally {
        await sim.close();
      }
    },
  );
});

describe('logout by profile', () => {
  test('stock: logout is HTTP 500 (GET or POST) and the session stays valid', async () => {
    const sim = await startVtigerSim({ records: 0, profile: 'stock' });
    try {
      const s = await login(sim);
      for (const a of [
        await wsPost(sim, { operation: 'logout', sessionName: s }),
        await wsGet(sim, { operation: 'logout', sessionName: s }),
      ]) {
        expect([a.status, a.text]).toEqual([500, '']);
      }
      expect((await wsGet(sim, { operation: 'listtypes', sessionName: s })).json?.success).toBe(true);
    } finally {
      await sim.close();
    }
  });

  test('compat: POST logout succeeds ("successfull"), then INVALID_SESSIONID; GET is OPERATION_NOT_SUPPORTED', async () => {
    const sim = await startVtigerSim({ records: 0, profile: 'compat' });
    try {
      const s = await login(sim);
      expect(errorOf(await wsGet(sim, { operation: 'logout', sessionName: s }))).toEqual([
        'OPERATION_NOT_SUPPORTED',
        'Permission to perform the operation is denied',
      ]);
      const out = await wsPost(sim, { operation: 'logout', sessionName: s });
      expect(out.text).toBe('{"success":true,"result":{"message":"successfull"}}');
      expect(
        errorOf(await wsGet(sim, { operation: 'query', sessionName: s, query: 'SELECT count(*) FROM Contacts;' })),
      ).toEqual(['INVALID_SESSIONID', 'Session Identifier provided is Invalid']);
      expect(errorOf(await wsPost(sim, { operation: 'logout', sessionName: s }))[0]).toBe('INVALID_SESSIONID');
    } finally {
      await sim.close();
    }
  });
});
