/** pages(): which queries it sends and when it stops, over a scripted server. */
import { VtigerClient, VtigerConfigError } from '@vtiger-temporal/vtiger-client';
import { ok, type ScriptedServer, startScriptedServer } from '../helpers/scripted-server';

let server: ScriptedServer;
let client: VtigerClient;
let pages: Record<string, string>[][] = [];

beforeAll(async () => {
  server = await startScriptedServer(() => ok(pages.shift() ?? []));
  client = new VtigerClient({ url: server.url, username: 'admin' });
});
afterAll(async () => {
  await client.close();
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

const session = () => client.session({ sessionName: 'abcdefabcdef01' });
const rows = (...ids: number[]) => ids.map((n) => ({ id: `12x${n}`, lastname: `L${n}` }));
const sentQueries = () => server.requests.map((r) => r.query.get('query'));

test('keyset: continues after short pages, stops on the first empty page, cursors are the last ids', async () => {
  pages = [rows(1, 2, 3), rows(7), rows(9, 10)];
  const seen: { ids: string[]; cursor: string | undefined; offset: number }[] = [];
  for await (const page of session().pages('Contacts', { pageSize: 3 })) {
    seen.push({ ids: page.records.map((r) => r.id), cursor: page.cursor, offset: page.offset });
  }
  expect(seen).toEqual([
    { ids: ['12x1', '12x2', '12x3'], cursor: '12x3', offset: 0 },
    { ids: ['12x7'], cursor: '12x7', offset: 3 },
    { ids: ['12x9', '12x10'], cursor: '12x10', offset: 4 },
  ]);
  expect(sentQueries()).toEqual([
    'SELECT * FROM Contacts ORDER BY id LIMIT 3;',
    "SELECT * FROM Contacts WHERE id > '12x3' ORDER BY id LIMIT 3;",
    "SELECT * FROM Contacts WHERE id > '12x7' ORDER BY id LIMIT 3;",
    "SELECT * FROM Contacts WHERE id > '12x10' ORDER BY id LIMIT 3;",
  ]);
});

test('offset: advances by the page size even after a short (permission-filtered) page', async () => {
  pages = [rows(1, 2), rows(5)];
  const offsets: number[] = [];
  for await (const page of session().pages('Contacts', {
    strategy: 'offset',
    pageSize: 2,
    fields: ['lastname'],
    where: { field: 'lastname', op: 'LIKE', value: 'L%' },
  })) {
    offsets.push(page.offset);
  }
  expect(offsets).toEqual([0, 2]);
  expect(sentQueries()).toEqual([
    "SELECT id,lastname FROM Contacts WHERE lastname LIKE 'L%' ORDER BY id LIMIT 0,2;",
    "SELECT id,lastname FROM Contacts WHERE lastname LIKE 'L%' ORDER BY id LIMIT 2,2;",
    "SELECT id,lastname FROM Contacts WHERE lastname LIKE 'L%' ORDER BY id LIMIT 4,2;",
  ]);
});

test('offset after a cursor: the cursor pins the start, LIMIT offset,n moves; a bad cursor fails first', async () => {
  pages = [rows(8, 9)];
  const cursors: (string | undefined)[] = [];
  for await (const page of session().pages('Contacts', {
    strategy: 'offset',
    after: '12x7',
    pageSize: 2,
    where: { field: 'lastname', op: 'LIKE', value: 'L%' },
  })) {
    cursors.push(page.cursor);
  }
  expect(cursors).toEqual(['12x9']);
  expect(sentQueries()).toEqual([
    "SELECT * FROM Contacts WHERE id > '12x7' AND lastname LIKE 'L%' ORDER BY id LIMIT 0,2;",
    "SELECT * FROM Contacts WHERE id > '12x7' AND lastname LIKE 'L%' ORDER BY id LIMIT 2,2;",
  ]);

  server.requests.length = 0;
  const drain = async () => {
    for await (const _ of session().pages('Contacts', { strategy: 'offset', after: 'not-an-id' })) void _;
  };
  await expect(drain()).rejects.toThrow(/webservice id/);
  expect(server.requests).toHaveLength(0);
});

test('resuming after a cursor; invalid options fail before any request', async () => {
  pages = [rows(8)];
  const ids: string[] = [];
  for await (const page of session().pages('Contacts', { after: '12x7' })) ids.push(...page.records.map((r) => r.id));
  expect(ids).toEqual(['12x8']);
  expect(sentQueries()[0]).toBe("SELECT * FROM Contacts WHERE id > '12x7' ORDER BY id LIMIT 100;");

  server.requests.length = 0;
  const drain = async (options: Parameters<ReturnType<typeof session>['pages']>[1]) => {
    for await (const _ of session().pages('Contacts', options)) void _;
  };
  await expect(drain({ pageSize: 101 })).rejects.toThrow(VtigerConfigError);
  await expect(drain({ after: 'not-an-id' })).rejects.toThrow(/webservice id/);
  await expect(drain({ strategy: 'cursor' as 'keyset' })).rejects.toThrow(/strategy/);
  expect(server.requests).toHaveLength(0);
});

test('a keyset page that does not advance the cursor stops the iteration instead of looping', async () => {
  pages = [rows(1, 2), rows(2)];
  const drain = async () => {
    for await (const _ of session().pages('Contacts', { pageSize: 2 })) void _;
  };
  await expect(drain()).rejects.toThrow(/did not end with a new id/);
});
