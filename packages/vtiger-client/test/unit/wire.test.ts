/**
 * What goes on the wire: methods, parameter placement, encodings — and how answers become results or errors.
 */
import {
  VtigerAccessDeniedError,
  VtigerApiError,
  VtigerClient,
  VtigerConfigError,
  VtigerHttpError,
  VtigerProtocolError,
  VtigerSessionError,
} from '@vtiger-temporal/vtiger-client';
import {
  fail,
  ok,
  type ScriptedAnswer,
  type ScriptedServer,
  type SeenRequest,
  startScriptedServer,
} from '../helpers/scripted-server';

let answer: (req: SeenRequest) => ScriptedAnswer = () => ok(null);
let server: ScriptedServer;
let client: VtigerClient;
const SESSION = '1f2e3d4c5b6a79880a1';

beforeAll(async () => {
  server = await startScriptedServer((req) => answer(req));
  client = new VtigerClient({
    url: server.url,
    username: 'admin',
    accessKey: 'qyLG6ozhEnY22Sox',
    retry: { maxRetries: 0 },
  });
});
afterAll(async () => {
  await client.close();
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  answer = () => ok(null);
});

function only(): SeenRequest {
  expect(server.requests).toHaveLength(1);
  return server.requests[0]!;
}

describe('parameter placement', () => {
  test('GET operations put operation, sessionName and params in the query string and send no body', async () => {
    answer = () => ok([]);
    const session = client.session({ sessionName: SESSION });
    await session.query("SELECT id FROM Contacts WHERE lastname = 'O\\'Brien & Co';");
    const req = only();
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/vtiger/webservice.php');
    expect(Object.fromEntries(req.query)).toEqual({
      operation: 'query',
      sessionName: SESSION,
      query: "SELECT id FROM Contacts WHERE lastname = 'O\\'Brien & Co';",
    });
    expect(req.body).toBe('');
  });

  test('POST operations put everything, operation and sessionName included, form-encoded in the body only', async () => {
    answer = () => ok({ id: '12x1', lastname: 'Hopper' });
    const session = client.session({ sessionName: SESSION });
    await session.create('Contacts', { lastname: 'Hopper', assigned_user_id: '19x1', note: 'a&b=c' });
    const req = only();
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect([...req.query.keys()]).toEqual([]);
    expect(req.form.get('operation')).toBe('create');
    expect(req.form.get('sessionName')).toBe(SESSION);
    expect(req.form.get('elementType')).toBe('Contacts');
    expect(JSON.parse(req.form.get('element')!)).toEqual({
      lastname: 'Hopper',
      assigned_user_id: '19x1',
      note: 'a&b=c',
    });
  });

  test.each<
    [string, (s: ReturnType<VtigerClient['session']>) => Promise<unknown>, 'GET' | 'POST', Record<string, string>]
  >([
    ['listtypes', (s) => s.listTypes(['email']), 'GET', { fieldTypeList: '["email"]' }],
    ['describe', (s) => s.describe('Contacts'), 'GET', { elementType: 'Contacts' }],
    ['retrieve', (s) => s.retrieve('12x5'), 'GET', { id: '12x5' }],
    ['update', (s) => s.update({ id: '12x5', lastname: 'X' }), 'POST', { element: '{"id":"12x5","lastname":"X"}' }],
    ['revise', (s) => s.revise({ id: '12x5', lastname: 'X' }), 'POST', { element: '{"id":"12x5","lastname":"X"}' }],
    ['delete', (s) => s.delete('12x5'), 'POST', { id: '12x5' }],
    ['sync', (s) => s.sync(1795812236, 'Contacts'), 'GET', { modifiedTime: '1795812236', elementType: 'Contacts' }],
    ['relatedtypes', (s) => s.relatedTypes('Contacts'), 'GET', { elementType: 'Contacts' }],
    [
      'retrieve_related',
      (s) => s.retrieveRelated('12x5', 'Potentials', 'Potentials'),
      'GET',
      { id: '12x5', relatedType: 'Potentials', relatedLabel: 'Potentials' },
    ],
    [
      'query_related',
      (s) => s.queryRelated('SELECT * FROM Potentials;', '12x5', 'Potentials'),
      'GET',
      { query: 'SELECT * FROM Potentials', id: '12x5', relatedLabel: 'Potentials' },
    ],
    [
      'add_related',
      (s) => s.addRelated('12x5', '13x9', 'Potentials'),
      'POST',
      { sourceRecordId: '12x5', relatedRecordId: '13x9', relationIdLabel: 'Potentials' },
    ],
    ['convertlead', (s) => s.convertLead({ leadId: '10x3' }), 'POST', { element: '{"leadId":"10x3"}' }],
    ['extendsession', (s) => s.extendSession(), 'POST', {}],
    ['logout', (s) => s.logout(), 'POST', {}],
  ])('%s is sent as %s with its params in the right place', async (operation, run, method, params) => {
    answer = (req) =>
      req.operation === 'extendsession'
        ? ok({ sessionName: SESSION, userId: '19x1', version: '0.22', vtigerVersion: '8.2.0' })
        : ok(req.operation === 'sync' ? { updated: [], deleted: [], more: false, lastModifiedTime: 1 } : {});
    await run(client.session({ sessionName: SESSION }));
    const req = only();
    expect(req.method).toBe(method);
    const where = method === 'GET' ? req.query : req.form;
    const other = method === 'GET' ? req.form : req.query;
    expect(Object.fromEntries(where)).toEqual({ operation, sessionName: SESSION, ...params });
    expect([...other.keys()]).toEqual([]);
  });

  test('call() passes custom operations through with the method given and JSON-encodes objects', async () => {
    answer = () => ok({ fine: true });
    const session = client.session({ sessionName: SESSION });
    const r = await session.call<{ fine: boolean }>(
      'mobile.fetchrecord',
      { record: '12x5', flags: { a: 1 }, yes: true, no: false },
      { method: 'POST' },
    );
    expect(r).toEqual({ fine: true });
    const req = only();
    expect(Object.fromEntries(req.form)).toEqual({
      operation: 'mobile.fetchrecord',
      sessionName: SESSION,
      record: '12x5',
      flags: '{"a":1}',
      yes: '1',
    });
  });

  test('never sends "0" or "" as a value: Vtiger would read it as absent', async () => {
    const session = client.session({ sessionName: SESSION });
    await expect(session.call('x', { id: '0' }, { method: 'GET' })).rejects.toThrow(/treats as absent/);
    await expect(session.call('x', { id: 0 }, { method: 'GET' })).rejects.toThrow(VtigerConfigError);
    await expect(session.call('x', { id: '' }, { method: 'GET' })).rejects.toThrow(VtigerConfigError);
    await expect(session.call('x', { sessionName: 'other' }, { method: 'GET' })).rejects.toThrow(/set by the client/);
    await expect(session.sync(0, 'Contacts')).rejects.toThrow(VtigerConfigError);
    await expect(session.retrieve('0')).rejects.toThrow(VtigerConfigError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('answers', () => {
  test('success:true returns result; sync normalises a string lastModifiedTime', async () => {
    const session = client.session({ sessionName: SESSION });
    answer = () => ok({ updated: [], deleted: [], lastModifiedTime: '1', more: false });
    await expect(session.sync(1, 'Users')).resolves.toEqual({
      updated: [],
      deleted: [],
      more: false,
      lastModifiedTime: 1,
    });
    answer = () => ok([{ count: '122' }]);
    await expect(session.count('Contacts')).resolves.toBe(122);
  });

  test('HTTP 500 with an empty body names the operation and, for known-broken ops, why', async () => {
    answer = () => ({ status: 500, body: '', contentType: 'text/html' });
    const session = client.session({ sessionName: SESSION });
    const err = await session.sync(1, 'Contacts').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VtigerHttpError);
    expect((err as VtigerHttpError).status).toBe(500);
    expect((err as VtigerHttpError).retryable).toBe(true);
    expect((err as Error).message).toMatch(
      /^Vtiger answered HTTP 500 with an empty body to `sync` \(stock Vtiger 8 on PHP 8 cannot run `sync`/,
    );
    await expect(session.logout()).rejects.toThrow(
      /`logout` \(stock Vtiger 8 on PHP 8 cannot run `logout`.*best-effort/,
    );
    await expect(session.convertLead({ leadId: '10x1' })).rejects.toThrow(/cannot run `convertlead`/);
    await expect(session.query('SELECT * FROM Contacts;')).rejects.toThrow(/unhandled PHP error/);
  });

  test('other non-2xx statuses carry a short excerpt and are retryable only when 5xx', async () => {
    answer = () => ({ status: 404, body: '<html><body>Not Found</body></html>', contentType: 'text/html' });
    const err = (await client
      .session({ sessionName: SESSION })
      .listTypes()
      .catch((e: unknown) => e)) as VtigerHttpError;
    expect(err).toBeInstanceOf(VtigerHttpError);
    expect(err.status).toBe(404);
    expect(err.retryable).toBe(false);
    expect(err.excerpt).toContain('Not Found');
  });

  test('a 2xx body that is not a JSON envelope is a VtigerProtocolError with an excerpt', async () => {
    answer = () => ({ status: 200, body: 'Sorry! Attempt to access restricted file.', contentType: 'text/html' });
    const session = client.session({ sessionName: SESSION });
    const err = (await session
      .call('changePassword', { id: '19x1' }, { method: 'POST' })
      .catch((e: unknown) => e)) as VtigerProtocolError;
    expect(err).toBeInstanceOf(VtigerProtocolError);
    expect(err.retryable).toBe(false);
    expect(err.excerpt).toBe('Sorry! Attempt to access restricted file.');
    expect(err.message).toMatch(/handler file is missing/);

    answer = () => ({ status: 200, json: { ok: true } });
    await expect(session.listTypes()).rejects.toThrow(/without a boolean "success"/);
    answer = () => ({ status: 200, json: { success: false, error: {} } });
    await expect(session.listTypes()).rejects.toThrow(VtigerProtocolError);
  });

  test('a well-formed answer of the wrong shape is a VtigerProtocolError with a capped, redacted excerpt', async () => {
    const session = client.session({ sessionName: SESSION });
    answer = () => ok({ echo: `sessionName=${SESSION} key qyLG6ozhEnY22Sox`, padding: 'y'.repeat(400) });
    const notRows = (await session.query('SELECT * FROM Contacts;').catch((e: unknown) => e)) as VtigerProtocolError;
    expect(notRows).toBeInstanceOf(VtigerProtocolError);
    expect(notRows.message).toMatch(/^Vtiger answered `query` with a result that is not a list of rows: /);
    expect(notRows.operation).toBe('query');
    expect(notRows.excerpt.length).toBeLessThanOrEqual(161);
    for (const text of [notRows.message, notRows.excerpt]) {
      expect(text).not.toContain(SESSION);
      expect(text).not.toContain('qyLG6ozhEnY22Sox');
    }

    answer = () => ok([{ total: SESSION }]);
    const noCount = (await session.count('Contacts').catch((e: unknown) => e)) as VtigerProtocolError;
    expect(noCount).toBeInstanceOf(VtigerProtocolError);
    expect(noCount.message).toMatch(/without a count for count\(\*\) on Contacts/);
    expect(noCount.message).not.toContain(SESSION);
    expect(noCount.excerpt).toBe('[{"total":"REDACTED"}]');
  });

  test('success:false becomes the class of its code with Vtiger code, message and operation', async () => {
    const session = client.session({ sessionName: SESSION });
    answer = () => fail('INVALID_SESSIONID', 'Session Identifier provided is Invalid');
    const dead = (await session.query('SELECT * FROM Contacts;').catch((e: unknown) => e)) as VtigerSessionError;
    expect(dead).toBeInstanceOf(VtigerSessionError);
    expect(dead.code).toBe('INVALID_SESSIONID');
    expect(dead.operation).toBe('query');
    expect(dead.message).toMatch(/log in again/);

    answer = () => fail('ACCESS_DENIED', 'Permission to perform the operation is denied');
    await expect(session.retrieve('12x99999')).rejects.toBeInstanceOf(VtigerAccessDeniedError);

    answer = () => fail(0, 'Duplicate(s) detected!');
    const dup = (await session.create('Contacts', { lastname: 'x' }).catch((e: unknown) => e)) as VtigerApiError;
    expect(dup.constructor).toBe(VtigerApiError);
    expect(dup.code).toBe(0);
  });

  test('every response body is consumed: 50 error answers in a row leave the pool usable', async () => {
    const session = client.session({ sessionName: SESSION });
    answer = () => ({ status: 500, body: 'x'.repeat(20_000) });
    for (let i = 0; i < 50; i++) await expect(session.delete('12x1')).rejects.toBeInstanceOf(VtigerHttpError);
    answer = () => ok({ status: 'successful' });
    await expect(session.delete('12x1')).resolves.toEqual({ status: 'successful' });
  });
});
