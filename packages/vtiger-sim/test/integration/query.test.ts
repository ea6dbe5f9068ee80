import { startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';
import { errorOf, login, query, userNamed, wsGet } from '../support/http';

let sim: VtigerSim;
let admin: string;

beforeAll(async () => {
  sim = await startVtigerSim({ records: { Contacts: 260, Accounts: 40 }, seed: 11 });
  admin = await login(sim);
});
afterAll(() => sim.close());

const fail = async (vtql: string): Promise<[string, string]> =>
  errorOf(await wsGet(sim, { operation: 'query', sessionName: admin, query: vtql }));
const crmid = (id: string | undefined): number => Number(id?.split('x')[1]);

test('row cap: no LIMIT, LIMIT 200 and LIMIT 0,150 all return 100 rows; LIMIT 0 returns []', async () => {
  expect(await query(sim, admin, 'SELECT id FROM Contacts;')).toHaveLength(100);
  expect(await query(sim, admin, 'SELECT id FROM Contacts LIMIT 200;')).toHaveLength(100);
  expect(await query(sim, admin, 'SELECT id FROM Contacts LIMIT 0,150;')).toHaveLength(100);
  expect(await query(sim, admin, 'SELECT id FROM Contacts LIMIT 0;')).toEqual([]);
});

test('count(*) is a string; deleted records are excluded everywhere', async () => {
  const live = sim.records('Contacts');
  expect(await query(sim, admin, 'SELECT count(*) FROM Contacts;')).toEqual([{ count: String(live.length) }]);
  const victim = live[3]?.id as string;
  sim.deleteRecord(victim);
  expect(await query(sim, admin, 'SELECT count(*) FROM Contacts;')).toEqual([{ count: String(live.length - 1) }]);
  expect(await query(sim, admin, `SELECT id FROM Contacts WHERE id = '${victim}';`)).toEqual([]);
});

test('named columns come back in the order asked, and only those (id only if asked)', async () => {
  const rows = await query(sim, admin, 'SELECT lastname, id, modifiedtime FROM Contacts LIMIT 2;');
  expect(rows.map((r) => Object.keys(r))).toEqual([
    ['lastname', 'id', 'modifiedtime'],
    ['lastname', 'id', 'modifiedtime'],
  ]);
  expect(Object.keys((await query(sim, admin, 'SELECT lastname FROM Contacts LIMIT 1;'))[0] ?? {})).toEqual([
    'lastname',
  ]);
});

test('SELECT * rows are every describe field with id last, no label', async () => {
  const [row] = await query(sim, admin, 'SELECT * FROM Contacts LIMIT 1;');
  const keys = Object.keys(row ?? {});
  expect(keys).toHaveLength(49);
  expect(keys[0]).toBe('salutationtype');
  expect(keys[48]).toBe('id');
  expect(keys).not.toContain('label');
});

test('keyset paging by id visits every live record exactly once, in ascending order', async () => {
  const seen: string[] = [];
  let last = '12x0';
  for (;;) {
    const page = await query(sim, admin, `SELECT id FROM Contacts WHERE id > '${last}' ORDER BY id LIMIT 100;`);
    if (page.length === 0) break;
    seen.push(...page.map((r) => r.id as string));
    last = page[page.length - 1]?.id as string;
  }
  const expected = sim.records('Contacts').map((r) => r.id);
  expect(seen).toEqual(expected);
});

test('offset paging ORDER BY id DESC and LIMIT offset,count', async () => {
  const all = sim.records('Contacts').map((r) => r.id);
  const page = await query(sim, admin, 'SELECT id FROM Contacts ORDER BY id DESC LIMIT 5,3;');
  expect(page.map((r) => r.id)).toEqual(all.slice().reverse().slice(5, 8));
});

test('id compares the numeric crmid; a bare number gives an empty result', async () => {
  const all = sim.records('Contacts').map((r) => r.id as string);
  const pivot = all[10] as string;
  const rows = await query(sim, admin, `SELECT id FROM Contacts WHERE id <= '${pivot}' ORDER BY id;`);
  expect(rows.map((r) => r.id)).toEqual(all.slice(0, 11));
  expect(await query(sim, admin, `SELECT id FROM Contacts WHERE id = ${crmid(pivot)};`)).toEqual([]);
  expect(await query(sim, admin, `SELECT id FROM Contacts WHERE id = '${crmid(pivot)}';`)).toEqual([]);
});

test('reference fields take webservice ids; a bare number is INVALID_ID_ATTRIBUTE', async () => {
  const withAccount = sim.records('Contacts').find((r) => r.account_id !== '');
  expect(withAccount).toBeDefined();
  const accountId = withAccount?.account_id as string;
  const rows = await query(sim, admin, `SELECT id, account_id FROM Contacts WHERE account_id = '${accountId}';`);
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((r) => r.account_id === accountId)).toBe(true);
  expect(await fail(`SELECT id FROM Contacts WHERE account_id = '${crmid(accountId)}';`)).toEqual([
    'INVALID_ID_ATTRIBUTE',
    'Id specified is incorrect',
  ]);
  const mine = await query(sim, admin, "SELECT id FROM Contacts WHERE assigned_user_id = '19x5';");
  const expected = sim.records('Contacts').filter((r) => r.assigned_user_id === '19x5');
  expect(mine).toHaveLength(Math.min(100, expected.length));
});

test('AND binds tighter than OR, evaluated left to right like MySQL', async () => {
  const all = sim.records('Contacts');
  const a = all[0] as Record<string, string>;
  const b = all[1] as Record<string, string>;
  const rows = await query(
    sim,
    admin,
    `SELECT id FROM Contacts WHERE id = '${a.id}' OR id = '${b.id}' AND lastname = 'no such name' ORDER BY id;`,
  );
  expect(rows.map((r) => r.id)).toEqual([a.id]);
});

test('string comparison is case- and accent-insensitive; LIKE and IN work; quotes can be doubled', async () => {
  const created = sim.createRecord('Contacts', { lastname: "O'Brien-Müller", firstname: 'Zoë' });
  expect(
    (await query(sim, admin, "SELECT id FROM Contacts WHERE lastname = 'o''brien-muller';")).map((r) => r.id),
  ).toContain(created.id);
  expect(
    (await query(sim, admin, "SELECT id FROM Contacts WHERE lastname LIKE '%BRIEN-M_LLER';")).map((r) => r.id),
  ).toContain(created.id);
  expect(
    (await query(sim, admin, `SELECT id FROM Contacts WHERE id IN ('${created.id}', '12x999999');`)).map((r) => r.id),
  ).toEqual([created.id]);
});

test('modifiedtime compares as a datetime string; ORDER BY modifiedtime, id is a total order', async () => {
  const all = sim.records('Contacts');
  const times = all.map((r) => r.modifiedtime as string).sort();
  const pivot = times[Math.floor(times.length / 2)] as string;
  const expected = all
    .filter((r) => (r.modifiedtime as string) >= pivot)
    .sort((x, y) => (x.modifiedtime as string).localeCompare(y.modifiedtime as string) || crmid(x.id) - crmid(y.id))
    .slice(0, 100)
    .map((r) => r.id);
  const rows = await query(
    sim,
    admin,
    `SELECT id, modifiedtime FROM Contacts WHERE modifiedtime >= '${pivot}' ORDER BY modifiedtime, id LIMIT 100;`,
  );
  expect(rows.map((r) => r.id)).toEqual(expected);
});

test('seeded data has many records sharing a modifiedtime second', () => {
  const counts = new Map<string, number>();
  for (const r of sim.records('Contacts'))
    counts.set(r.modifiedtime as string, (counts.get(r.modifiedtime as string) ?? 0) + 1);
  expect(Math.max(...counts.values())).toBeGreaterThanOrEqual(5);
});

test('errors: unknown column (select and where), unknown module, no FROM, double quotes, bad LIMIT, bad ORDER BY', async () => {
  expect(await fail('SELECT nope FROM Contacts;')).toEqual([
    'ACCESS_DENIED',
    "Permission to access '.nope.' attribute denied.",
  ]);
  expect(await fail("SELECT id FROM Contacts WHERE nope = 'x';")).toEqual([
    'ACCESS_DENIED',
    'Permission to access nope attribute denied.',
  ]);
  expect(await fail('SELECT * FROM Nope;')).toEqual([
    'ACCESS_DENIED',
    'Permission to perform the operation is denied for name : Nope',
  ]);
  expect(await fail('SELECT * FROM contacts;')).toEqual([
    'ACCESS_DENIED',
    'Permission to perform the operation is denied for name : contacts',
  ]);
  expect(await fail('SELECT 1;')).toEqual(['ACCESS_DENIED', 'Permission to perform the operation is denied for query']);
  expect(await fail('SELECT * FROM Contacts WHERE lastname = "x";')).toEqual([
    'INTERNAL_SERVER_ERROR',
    'Unknown Error while processing request',
  ]);
  expect(await fail('SELECT * FROM Contacts LIMIT abc;')).toEqual([
    'DATABASE_QUERY_ERROR',
    'Database error while performing required operation',
  ]);
  expect(await fail('SELECT * FROM Contacts ORDER BY nope;')).toEqual([
    'DATABASE_QUERY_ERROR',
    'Database error while performing required operation',
  ]);
  // After a value the lexer expects a column again, so a stray comma is a COLUMNNAME token.
  const [listCode, listMessage] = await fail("SELECT id FROM Contacts WHERE lastname = 'a','b';");
  expect([listCode, listMessage.includes('Unexpected COLUMNNAME(,)')]).toEqual(['QUERY_SYNTAX_ERROR', true]);
  const [code, message] = await fail('SELECT id FROM Contacts');
  expect(code).toBe('QUERY_SYNTAX_ERROR');
  expect(message).toMatch(/expected one of: SEMICOLON$/);
});

test('non-ASCII and / are escaped on the wire', async () => {
  sim.createRecord('Contacts', { lastname: 'Müller/Ørsted', firstname: 'Escape' });
  const a = await wsGet(sim, {
    operation: 'query',
    sessionName: admin,
    query: "SELECT lastname FROM Contacts WHERE firstname = 'Escape';",
  });
  expect(a.text).toBe('{"success":true,"result":[{"lastname":"M\\u00fcller\\/\\u00d8rsted"}]}');
});

test('a non-admin page is post-filtered: it can be short although more of his records follow', async () => {
  const jdoe = userNamed(sim, 'jdoe');
  const session = await login(sim, 'jdoe', jdoe.accessKey);
  const all = sim.records('Contacts');
  const page = await query(sim, session, 'SELECT id, assigned_user_id FROM Contacts ORDER BY id LIMIT 0,100;');
  const expected = all.slice(0, 100).filter((r) => r.assigned_user_id === '19x5');
  expect(page.map((r) => r.id)).toEqual(expected.map((r) => r.id));
  expect(page.length).toBeLessThan(100);
  const total = all.filter((r) => r.assigned_user_id === '19x5').length;
  expect(total).toBeGreaterThan(page.length);
});
