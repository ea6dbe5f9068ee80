import { startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';
import { errorOf, login, query, resultOf, userNamed, wsGet, wsPost } from '../support/http';

let sim: VtigerSim;
let admin: string;
let jdoe: string;
let now = Date.UTC(2026, 10, 27, 20, 44, 21);

beforeAll(async () => {
  sim = await startVtigerSim({ records: 20, seed: 3, clock: () => now });
  admin = await login(sim);
  const j = userNamed(sim, 'jdoe');
  jdoe = await login(sim, 'jdoe', j.accessKey);
});
afterAll(() => sim.close());

const create = (session: string, elementType: string, element: unknown) =>
  wsPost(sim, { operation: 'create', sessionName: session, elementType, element: JSON.stringify(element) });

test('create returns every describe field as a string, then id and the entity-encoded label', async () => {
  const before = sim.records('Contacts').length;
  const c = resultOf<Record<string, string>>(
    await create(admin, 'Contacts', {
      firstname: 'Zoë',
      lastname: 'Müller/Ørsted',
      assigned_user_id: '19x1',
      employees: 3,
    }),
  );
  const describe = resultOf<{ fields: Array<{ name: string }> }>(
    await wsGet(sim, { operation: 'describe', sessionName: admin, elementType: 'Contacts' }),
  );
  expect(Object.keys(c)).toEqual([...describe.fields.map((f) => f.name), 'label']);
  expect(Object.values(c).every((v) => typeof v === 'string')).toBe(true);
  expect(c).toMatchObject({
    firstname: 'Zoë',
    lastname: 'Müller/Ørsted',
    createdtime: '2026-11-27 20:44:21',
    modifiedtime: '2026-11-27 20:44:21',
    modifiedby: '19x1',
    source: 'WEBSERVICE',
    donotcall: '0',
    label: 'Zo&euml; M&uuml;ller/&Oslash;rsted',
  });
  expect(c.id).toMatch(/^12x\d+$/);
  expect(sim.records('Contacts')).toHaveLength(before + 1);
  const next = resultOf<Record<string, string>>(
    await create(admin, 'Contacts', { lastname: 'Next', assigned_user_id: '19x1' }),
  );
  expect(c.contact_no).toMatch(/^CON\d+$/);
  expect(Number(next.contact_no?.slice(3))).toBe(Number(c.contact_no?.slice(3)) + 1);
});

test('one crmid sequence across modules', async () => {
  const a = resultOf<{ id: string }>(
    await create(admin, 'Accounts', { accountname: 'Seq A', assigned_user_id: '19x1' }),
  );
  const c = resultOf<{ id: string }>(await create(admin, 'Contacts', { lastname: 'Seq C', assigned_user_id: '19x1' }));
  const [, aId] = a.id.split('x');
  const [, cId] = c.id.split('x');
  expect(Number(cId)).toBe(Number(aId) + 1);
  expect(a.id.startsWith('11x')).toBe(true);
});

test('create without a mandatory field is MANDATORY_FIELDS_MISSING; invalid JSON likewise', async () => {
  expect(errorOf(await create(admin, 'Contacts', { lastname: 'Hopper' }))).toEqual([
    'MANDATORY_FIELDS_MISSING',
    'assigned_user_id does not have a value',
  ]);
  const bad = await wsPost(sim, {
    operation: 'create',
    sessionName: admin,
    elementType: 'Contacts',
    element: '{not json',
  });
  expect(errorOf(bad)).toEqual(['MANDATORY_FIELDS_MISSING', 'lastname does not have a value']);
  expect(errorOf(await create(admin, 'Nope', { lastname: 'x' }))).toEqual([
    'ACCESS_DENIED',
    'Permission to perform the operation is denied',
  ]);
});

test('references are checked: wrong module ⇒ REFERENCE_INVALID, unknown prefix ⇒ ACCESS_DENIED for id', async () => {
  expect(
    errorOf(await create(admin, 'Contacts', { lastname: 'R', assigned_user_id: '19x1', account_id: '12x1' })),
  ).toEqual(['REFERENCE_INVALID', 'Invalid reference specified for account_id']);
  expect(
    errorOf(await create(admin, 'Contacts', { lastname: 'R', assigned_user_id: '19x1', account_id: '99x1' })),
  ).toEqual(['ACCESS_DENIED', 'Permission to perform the operation is denied for id']);
  expect(errorOf(await create(admin, 'Contacts', { lastname: 'R', assigned_user_id: '12x1' }))).toEqual([
    'ACCESS_DENIED',
    'Cannot assign record to the given user',
  ]);
});

test('retrieve: missing ⇒ ACCESS_DENIED, other module prefix ⇒ INVALID_ID_ATTRIBUTE, garbage ⇒ denied for id', async () => {
  const c = resultOf<{ id: string }>(await create(admin, 'Contacts', { lastname: 'Ret', assigned_user_id: '19x1' }));
  const crmid = c.id.split('x')[1] as string;
  expect(
    resultOf<{ lastname: string; label: string }>(
      await wsGet(sim, { operation: 'retrieve', sessionName: admin, id: c.id }),
    ),
  ).toMatchObject({ lastname: 'Ret', label: 'Ret' });
  expect(errorOf(await wsGet(sim, { operation: 'retrieve', sessionName: admin, id: '12x99999' }))).toEqual([
    'ACCESS_DENIED',
    'Permission to perform the operation is denied',
  ]);
  expect(errorOf(await wsGet(sim, { operation: 'retrieve', sessionName: admin, id: `4x${crmid}` }))).toEqual([
    'INVALID_ID_ATTRIBUTE',
    'Id specified is incorrect',
  ]);
  expect(errorOf(await wsGet(sim, { operation: 'retrieve', sessionName: admin, id: 'abc' }))).toEqual([
    'ACCESS_DENIED',
    'Permission to perform the operation is denied for id',
  ]);
  const user = resultOf<{ user_name: string; id: string }>(
    await wsGet(sim, { operation: 'retrieve', sessionName: admin, id: '19x1' }),
  );
  expect(user).toMatchObject({ user_name: 'admin', id: '19x1' });
});

test('update needs every mandatory field and leaves omitted optional fields; revise takes a subset', async () => {
  const c = resultOf<Record<string, string>>(
    await create(admin, 'Contacts', { lastname: 'Up', firstname: 'Keep', title: 'CEO', assigned_user_id: '19x1' }),
  );
  now += 5000;
  const partial = await wsPost(sim, {
    operation: 'update',
    sessionName: admin,
    element: JSON.stringify({ id: c.id, title: 'CTO' }),
  });
  expect(errorOf(partial)).toEqual(['MANDATORY_FIELDS_MISSING', 'lastname does not have a value']);
  const full = resultOf<Record<string, string>>(
    await wsPost(sim, {
      operation: 'update',
      sessionName: admin,
      element: JSON.stringify({ id: c.id, lastname: 'Up2', assigned_user_id: '19x1', title: 'CTO' }),
    }),
  );
  expect(full).toMatchObject({
    lastname: 'Up2',
    firstname: 'Keep',
    title: 'CTO',
    modifiedtime: '2026-11-27 20:44:26',
    label: 'Keep Up2',
  });
  expect(full.createdtime).toBe(c.createdtime);
  now += 2000;
  const revised = resultOf<Record<string, string>>(
    await wsPost(sim, {
      operation: 'revise',
      sessionName: admin,
      element: JSON.stringify({ id: c.id, firstname: 'Changed' }),
    }),
  );
  expect(revised).toMatchObject({ firstname: 'Changed', lastname: 'Up2', modifiedtime: '2026-11-27 20:44:28' });
  const emptied = await wsPost(sim, {
    operation: 'revise',
    sessionName: admin,
    element: JSON.stringify({ id: c.id, lastname: '' }),
  });
  expect(errorOf(emptied)).toEqual(['MANDATORY_FIELDS_MISSING', 'lastname does not have a value']);
});

test('delete answers {"status":"successful"}; the record is then gone for retrieve, delete and query', async () => {
  const c = resultOf<{ id: string }>(await create(admin, 'Contacts', { lastname: 'Del', assigned_user_id: '19x1' }));
  const d = await wsPost(sim, { operation: 'delete', sessionName: admin, id: c.id });
  expect(d.text).toBe('{"success":true,"result":{"status":"successful"}}');
  expect(errorOf(await wsPost(sim, { operation: 'delete', sessionName: admin, id: c.id }))[0]).toBe('ACCESS_DENIED');
  expect(errorOf(await wsGet(sim, { operation: 'retrieve', sessionName: admin, id: c.id }))[0]).toBe('ACCESS_DENIED');
  expect(await query(sim, admin, `SELECT id FROM Contacts WHERE id = '${c.id}';`)).toEqual([]);
  expect(sim.records('Contacts').some((r) => r.id === c.id)).toBe(false);
  // Sent as GET, delete's id is missing.
  expect(errorOf(await wsGet(sim, { operation: 'delete', sessionName: admin, id: c.id }))).toEqual([
    'ACCESS_DENIED',
    'Permission to perform the operation is denied for id',
  ]);
});

test('a non-admin sees only records assigned to him', async () => {
  const mine = resultOf<{ id: string }>(await create(jdoe, 'Contacts', { lastname: 'Mine', assigned_user_id: '19x5' }));
  const theirs = resultOf<{ id: string }>(
    await create(admin, 'Contacts', { lastname: 'Theirs', assigned_user_id: '19x1' }),
  );
  expect(
    resultOf<{ lastname: string }>(await wsGet(sim, { operation: 'retrieve', sessionName: jdoe, id: mine.id }))
      .lastname,
  ).toBe('Mine');
  expect(errorOf(await wsGet(sim, { operation: 'retrieve', sessionName: jdoe, id: theirs.id }))).toEqual([
    'ACCESS_DENIED',
    'Permission to read given object is denied',
  ]);
  expect(errorOf(await wsPost(sim, { operation: 'delete', sessionName: jdoe, id: theirs.id }))[0]).toBe(
    'ACCESS_DENIED',
  );
  const rows = await query(sim, jdoe, 'SELECT id, assigned_user_id FROM Contacts;');
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((r) => r.assigned_user_id === '19x5')).toBe(true);
});

test('describe, listtypes and relatedtypes serve the captured metadata', async () => {
  const d = resultOf<Record<string, unknown>>(
    await wsGet(sim, { operation: 'describe', sessionName: admin, elementType: 'HelpDesk' }),
  );
  expect(Object.keys(d)).toEqual([
    'label',
    'name',
    'createable',
    'updateable',
    'deleteable',
    'retrieveable',
    'fields',
    'idPrefix',
    'isEntity',
    'allowDuplicates',
    'labelFields',
  ]);
  expect(d).toMatchObject({ name: 'HelpDesk', idPrefix: '17', labelFields: 'title' });
  expect(
    errorOf(await wsGet(sim, { operation: 'describe', sessionName: admin, elementType: 'Contacts,Accounts' })),
  ).toEqual(['ACCESS_DENIED', 'Permission to perform the operation is denied for name : Contacts,Accounts']);
  const lt = resultOf<{ types: string[] }>(
    await wsGet(sim, { operation: 'listtypes', sessionName: admin, fieldTypeList: JSON.stringify(['email']) }),
  );
  expect(lt.types).toEqual(['Vendors', 'Leads', 'Accounts', 'Contacts']);
  const bad = await wsGet(sim, { operation: 'listtypes', sessionName: admin, fieldTypeList: '"email"' });
  expect(bad.status).toBe(500);
});

test('a HelpDesk label comes from ticket_title (labelFields names the column "title")', async () => {
  const t = resultOf<Record<string, string>>(
    await create(admin, 'HelpDesk', {
      ticket_title: 'Printer <on> fire',
      ticketpriorities: 'High',
      ticketstatus: 'Open',
      assigned_user_id: '19x1',
    }),
  );
  expect(t.label).toBe('Printer &lt;on&gt; fire');
  expect(t.ticket_no).toMatch(/^TT\d+$/);
});
