/**
 * The client against a Vtiger webservice: every operation and every error path a stock server produces. Runs
 * against the simulator, and also against a real Vtiger when VTIGER_URL/VTIGER_USERNAME/VTIGER_ACCESS_KEY are set.
 */
import { Agent, type Dispatcher, request } from 'undici';
import {
  VtigerAbortError,
  VtigerAccessDeniedError,
  VtigerApiError,
  VtigerAuthError,
  type VtigerClient,
  VtigerHttpError,
  VtigerInvalidIdError,
  VtigerMandatoryFieldsError,
  VtigerQuerySyntaxError,
  type VtigerRecord,
  type VtigerSession,
  VtigerSessionError,
  vtql,
} from '@vtiger-temporal/vtiger-client';
import { clientFor, type ContractTarget, contractTargets, marker, REAL_TARGET_NOTICE, realTarget } from './targets';

if (!realTarget()) console.info(REAL_TARGET_NOTICE);

function crmid(id: string): number {
  return Number(id.split('x')[1]);
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

describe.each(contractTargets())('$name', (target: ContractTarget) => {
  let client: VtigerClient;
  let session: VtigerSession;
  let prefix: string;
  const tag = marker();
  const created: string[] = [];

  beforeAll(async () => {
    await target.setup();
    client = clientFor(target);
    session = await client.login();
    prefix = (await session.describe('Contacts')).idPrefix;
  });

  afterAll(async () => {
    for (const id of created) await session.delete(id).catch(() => undefined);
    await client.close();
    await target.teardown();
  });

  async function newContact(extra: Record<string, string> = {}): Promise<VtigerRecord> {
    const record = await session.create('Contacts', {
      firstname: 'Grace',
      lastname: `Hopper ${tag}`,
      assigned_user_id: session.userId,
      ...extra,
    });
    created.push(record.id);
    return record;
  }

  describe('authentication', () => {
    test('getchallenge returns a 13-hex token valid for 300 s', async () => {
      const challenge = await client.getChallenge();
      expect(challenge.token).toMatch(/^[0-9a-f]{13}$/);
      expect(challenge.expireTime - challenge.serverTime).toBe(300);
    });

    test('login returns the four classic fields', () => {
      expect(session.sessionName).toMatch(/^[0-9a-z]{10,}$/);
      expect(session.userId).toMatch(/^19x\d+$/);
      expect(typeof session.version).toBe('string');
      expect(session.vtigerVersion).toMatch(/^\d+\.\d+/);
      expect(Object.keys(JSON.parse(JSON.stringify(session))).sort()).toEqual(
        ['sessionName', 'userId', 'version', 'vtigerVersion'].sort(),
      );
    });

    test('a wrong access key fails in under 2 s with a message naming the user and the URL', async () => {
      const wrong = clientFor(target, { accessKey: 'x'.repeat(16) });
      const started = Date.now();
      const err = await caught(wrong.login());
      const elapsed = Date.now() - started;
      await wrong.close();
      expect(err).toBeInstanceOf(VtigerAuthError);
      expect((err as VtigerAuthError).code).toBe('INVALID_USER_CREDENTIALS');
      expect((err as Error).message).toContain(`user ${JSON.stringify(target.username)} at ${client.endpoint}`);
      expect((err as Error).message).not.toContain('x'.repeat(16));
      expect(elapsed).toBeLessThan(2000);
    });

    test('an unknown user is refused at getchallenge (ACCESS_DENIED)', async () => {
      const stranger = clientFor(target, { username: `nobody${tag}` });
      const err = await caught(stranger.login());
      await stranger.close();
      expect(err).toBeInstanceOf(VtigerAccessDeniedError);
      expect((err as Error).message).toContain(`user "nobody${tag}"`);
    });

    test('two clients logging in as the same user at once both succeed (serialised in-process)', async () => {
      const a = clientFor(target);
      const b = clientFor(target, {
        url: `${target.url.replace(/\/+$/, '')}/webservice.php`,
        username: target.username.toUpperCase(),
      });
      const sessions = await Promise.all([a.login(), b.login(), a.login(), b.login()]);
      expect(new Set(sessions.map((s) => s.sessionName)).size).toBe(4);
      for (const s of sessions) await expect(s.listTypes()).resolves.toHaveProperty('types');
      await Promise.all([a.close(), b.close()]);
    });

    test('a challenge from another process between getchallenge and login is survived by the retry', async () => {
      // Another "process": a raw getchallenge for the same user, sent just before our first login goes out.
      const raw = new Agent();
      let injected = 0;
      const racing: Dispatcher = raw.compose((dispatch) => (opts, handler) => {
        if (
          opts.method === 'POST' &&
          typeof opts.body === 'string' &&
          opts.body.startsWith('operation=login&') &&
          injected === 0
        ) {
          injected++;
          const url = `${client.endpoint}?operation=getchallenge&username=${encodeURIComponent(target.username)}`;
          void request(url, { dispatcher: raw })
            .then((res) => res.body.text())
            .then(() => dispatch(opts, handler));
          return true;
        }
        return dispatch(opts, handler);
      });
      const warnings: string[] = [];
      const c = clientFor(target, {
        dispatcher: racing,
        logger: { warn: (m) => warnings.push(m) },
      });
      const s = await c.login();
      expect(injected).toBe(1);
      expect(warnings.join('\n')).toMatch(/login answered INVALID_USER_CREDENTIALS; retrying/);
      await expect(s.listTypes()).resolves.toHaveProperty('types');
      await c.close();
      await raw.close();
    });
  });

  describe('sessions', () => {
    test('an unknown session id is INVALID_SESSIONID (VtigerSessionError)', async () => {
      const err = await caught(client.session({ sessionName: `doesnotexist${Date.now()}` }).listTypes());
      expect(err).toBeInstanceOf(VtigerSessionError);
      expect((err as VtigerSessionError).code).toBe('INVALID_SESSIONID');
    });

    test('sessionName "null" counts as no session: AUTHENTICATION_REQUIRED', async () => {
      const err = await caught(client.session({ sessionName: 'null' }).listTypes());
      expect(err).toBeInstanceOf(VtigerSessionError);
      expect((err as VtigerSessionError).code).toBe('AUTHENTICATION_REQUIRED');
    });

    test('extendSession on a live session returns the same session', async () => {
      const s = await client.login();
      await expect(s.extendSession()).resolves.toEqual({
        sessionName: s.sessionName,
        userId: s.userId,
        version: s.version,
        vtigerVersion: s.vtigerVersion,
      });
    });

    test('extendSession on a dead id: AUTHENTICATION_FAILURE, then the poisoned id answers HTTP 500', async () => {
      const dead = client.session({ sessionName: `0dead${Date.now().toString(16)}` });
      const err = await caught(dead.extendSession());
      expect(err).toBeInstanceOf(VtigerSessionError);
      expect((err as VtigerSessionError).code).toBe('AUTHENTICATION_FAILURE');
      expect((err as Error).message).toMatch(/log in again/);
      const poisoned = await caught(dead.query('SELECT count(*) FROM Contacts;', { timeoutMs: 5000 }));
      expect(poisoned).toBeInstanceOf(VtigerHttpError);
      expect((poisoned as VtigerHttpError).status).toBe(500);
    });

    test('a resumed session (client.session) works like the logged-in one', async () => {
      const resumed = client.session(JSON.parse(JSON.stringify(session)) as { sessionName: string });
      await expect(resumed.count('Contacts')).resolves.toBeGreaterThan(0);
    });
  });

  describe('metadata', () => {
    test('listtypes lists the modules, with a fieldTypeList filter', async () => {
      const all = await session.listTypes();
      expect(all.types).toEqual(expect.arrayContaining(['Contacts', 'Accounts', 'Users']));
      expect(all.information.Contacts).toEqual({ isEntity: true, label: 'Contacts', singular: 'Contact' });
      const withEmail = await session.listTypes(['email']);
      expect(withEmail.types).toContain('Contacts');
      expect(withEmail.types).not.toContain('Products');
    });

    test('describe gives typed module metadata', async () => {
      const d = await session.describe('Contacts');
      expect(d).toMatchObject({ name: 'Contacts', createable: true, isEntity: true, idPrefix: prefix });
      const lastname = d.fields.find((f) => f.name === 'lastname');
      expect(lastname).toMatchObject({ mandatory: true, type: { name: 'string' } });
      expect(d.fields.find((f) => f.name === 'account_id')?.type.refersTo).toEqual(['Accounts']);
    });

    test('describe of an unknown or wrongly cased module is ACCESS_DENIED', async () => {
      await expect(session.describe('Nope')).rejects.toBeInstanceOf(VtigerAccessDeniedError);
      await expect(session.describe('contacts')).rejects.toBeInstanceOf(VtigerAccessDeniedError);
    });

    test('relatedtypes lists relations by label', async () => {
      const r = await session.relatedTypes('Contacts');
      expect(r.types).toEqual(expect.arrayContaining(['Potentials', 'Products']));
      expect(r.information.Products).toMatchObject({ name: 'Products', label: 'Products' });
    });
  });

  describe('records', () => {
    test('create, retrieve, update, revise, delete round trip', async () => {
      const c = await newContact({ email: 'grace@example.invalid' });
      expect(c.id.startsWith(`${prefix}x`)).toBe(true);
      expect(c.lastname).toBe(`Hopper ${tag}`);
      expect(c.assigned_user_id).toBe(session.userId);

      const fetched = await session.retrieve(c.id);
      expect(fetched).toMatchObject({ id: c.id, firstname: 'Grace', email: 'grace@example.invalid' });

      const updated = await session.update({ ...fetched, title: 'Rear Admiral' });
      expect(updated.title).toBe('Rear Admiral');
      const revised = await session.revise({ id: c.id, department: 'Navy' });
      expect(revised).toMatchObject({ title: 'Rear Admiral', department: 'Navy' });

      await expect(session.delete(c.id)).resolves.toEqual({ status: 'successful' });
      await expect(session.retrieve(c.id)).rejects.toBeInstanceOf(VtigerAccessDeniedError);
      await expect(session.delete(c.id)).rejects.toBeInstanceOf(VtigerAccessDeniedError);
    });

    test('quotes and backslashes survive a round trip and a VTQL lookup', async () => {
      const name = `O'Brien \\ ${tag}`;
      const c = await newContact({ lastname: name });
      expect(c.lastname).toBe(name);
      const rows = await session.query(
        vtql.select('Contacts', { fields: ['id', 'lastname'], where: { field: 'lastname', op: '=', value: name } }),
      );
      expect(rows).toEqual([{ id: c.id, lastname: name }]);
    });

    test('create without a mandatory field is MANDATORY_FIELDS_MISSING', async () => {
      const err = await caught(session.create('Contacts', { lastname: `x ${tag}` }));
      expect(err).toBeInstanceOf(VtigerMandatoryFieldsError);
      expect((err as VtigerApiError).code).toBe('MANDATORY_FIELDS_MISSING');
    });

    test('nonexistent, malformed and foreign-prefix ids: ACCESS_DENIED and INVALID_ID_ATTRIBUTE', async () => {
      await expect(session.retrieve(`${prefix}x99999999`)).rejects.toBeInstanceOf(VtigerAccessDeniedError);
      await expect(session.retrieve('abc')).rejects.toBeInstanceOf(VtigerAccessDeniedError);
      const c = await newContact();
      const quotePrefix = (await session.describe('Quotes')).idPrefix;
      const err = await caught(session.retrieve(`${quotePrefix}x${crmid(c.id)}`));
      expect(err).toBeInstanceOf(VtigerInvalidIdError);
      expect((err as VtigerApiError).code).toBe('INVALID_ID_ATTRIBUTE');
    });

    test('add_related, retrieve_related and query_related', async () => {
      const c = await newContact();
      const product = await session.create('Products', {
        productname: `Widget ${tag}`,
        assigned_user_id: session.userId,
      });
      created.push(product.id);
      await expect(session.addRelated(c.id, product.id, 'Products')).resolves.toEqual({ message: 'successfull' });
      const related = await session.retrieveRelated(c.id, 'Products', 'Products');
      expect(related.map((r) => r.id)).toContain(product.id);
      const rows = await session.queryRelated('SELECT id, productname FROM Products;', c.id, 'Products');
      expect(rows.map((r) => r.id)).toContain(product.id);
      const err = await caught(session.queryRelated('SELECT * FROM Products;', c.id, 'No Such Relation'));
      expect(err).toBeInstanceOf(VtigerApiError);
      expect((err as VtigerApiError).code).toBe('UNKOWN_ENTITY');
    });
  });

  describe('query', () => {
    test('count(*) and the 100-row cap', async () => {
      const total = await session.count('Contacts');
      expect(total).toBeGreaterThan(0);
      const rows = await session.query('SELECT id FROM Contacts LIMIT 200;');
      expect(rows.length).toBe(Math.min(100, total));
      const offsetRows = await session.query('SELECT id FROM Contacts ORDER BY id LIMIT 0,150;');
      expect(offsetRows.length).toBe(Math.min(100, total));
    });

    test('grammar errors: missing semicolon, OFFSET, double quotes', async () => {
      const noSemicolon = await caught(session.query('SELECT id FROM Contacts'));
      expect(noSemicolon).toBeInstanceOf(VtigerQuerySyntaxError);
      expect((noSemicolon as VtigerApiError).vtigerMessage).toMatch(/SEMICOLON/);
      const offset = await caught(session.query('SELECT id FROM Contacts LIMIT 3 OFFSET 5;'));
      expect(offset).toBeInstanceOf(VtigerQuerySyntaxError);
      expect((offset as VtigerApiError).vtigerMessage).toMatch(/OFFSET/);
      const doubleQuoted = await caught(session.query('SELECT id FROM Contacts WHERE lastname = "x";'));
      expect((doubleQuoted as VtigerApiError).code).toBe('INTERNAL_SERVER_ERROR');
    });

    test('unknown column or module is ACCESS_DENIED', async () => {
      const col = await caught(session.query('SELECT nope FROM Contacts;'));
      expect(col).toBeInstanceOf(VtigerAccessDeniedError);
      expect((col as VtigerApiError).vtigerMessage).toMatch(/nope/);
      await expect(session.query('SELECT * FROM Nope;')).rejects.toBeInstanceOf(VtigerAccessDeniedError);
      await expect(session.query('SELECT * FROM contacts;')).rejects.toBeInstanceOf(VtigerAccessDeniedError);
    });

    test.each(['keyset', 'offset'] as const)('pages (%s) visits every record once, in id order', async (strategy) => {
      const expected = await session.count('Contacts');
      const ids: string[] = [];
      let pages = 0;
      for await (const page of session.pages('Contacts', { fields: ['id', 'lastname'], strategy })) {
        pages++;
        expect(page.records.length).toBeGreaterThan(0);
        expect(page.records.length).toBeLessThanOrEqual(100);
        expect(page.cursor).toBe(page.records[page.records.length - 1]?.id);
        ids.push(...page.records.map((r) => r.id));
      }
      expect(ids.length).toBe(expected);
      expect(new Set(ids).size).toBe(ids.length);
      const numeric = ids.map(crmid);
      expect(numeric).toEqual([...numeric].sort((a, b) => a - b));
      expect(pages).toBe(Math.ceil(expected / 100));
      if (target.sim) expect(ids.length).toBe(target.sim.records('Contacts').length);
    });

    test('pages resumes after a cursor and honours extra conditions and page size', async () => {
      const first = await session.query('SELECT id FROM Contacts ORDER BY id LIMIT 10;');
      const cursor = first[4]!.id;
      const seen: string[] = [];
      for await (const page of session.pages('Contacts', { fields: ['id'], after: cursor, pageSize: 3 })) {
        expect(page.records.length).toBeLessThanOrEqual(3);
        seen.push(...page.records.map((r) => r.id));
        if (seen.length >= 5) break;
      }
      expect(seen.slice(0, 5)).toEqual(first.slice(5, 10).map((r) => r.id));
    });
  });

  describe('operations that stock Vtiger 8 on PHP 8 cannot run', () => {
    // A real server's PHP/Vtiger combination is not known up front: there either behaviour is accepted.
    async function brokenOrWorking(call: () => Promise<unknown>, op: string): Promise<void> {
      const outcome = await call().then(
        (value) => ({ value }),
        (err: unknown) => ({ err }),
      );
      if (target.profile === 'stock' || 'err' in outcome) {
        expect('err' in outcome && outcome.err).toBeInstanceOf(VtigerHttpError);
        const err = (outcome as { err: VtigerHttpError }).err;
        expect(err.status).toBe(500);
        expect(err.message).toContain(`Vtiger answered HTTP 500 with an empty body to \`${op}\``);
        expect(err.message).toContain(`stock Vtiger 8 on PHP 8 cannot run \`${op}\``);
      }
    }

    test('sync', async () => {
      await brokenOrWorking(() => session.sync(1, 'Contacts'), 'sync');
    });

    test('logout leaves the session usable on stock', async () => {
      const s = await client.login();
      await brokenOrWorking(() => s.logout(), 'logout');
      if (target.profile === 'stock') await expect(s.listTypes()).resolves.toHaveProperty('types');
    });

    test('convertlead', async () => {
      const lead = await session.create('Leads', { lastname: `Lead ${tag}`, assigned_user_id: session.userId });
      created.push(lead.id);
      await brokenOrWorking(
        () =>
          session.convertLead({
            leadId: lead.id,
            assignedTo: session.userId,
            entities: { Contacts: { create: true, name: 'Contacts' } },
          }),
        'convertlead',
      );
    });
  });

  describe('timeouts and aborts', () => {
    test('an aborted query throws VtigerAbortError', async () => {
      const controller = new AbortController();
      controller.abort();
      await expect(session.query('SELECT id FROM Contacts;', { signal: controller.signal })).rejects.toBeInstanceOf(
        VtigerAbortError,
      );
    });
  });
});
