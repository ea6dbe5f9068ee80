import { startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';
import { errorOf, login, resultOf, userNamed, wsGet } from '../support/http';

interface SyncResult {
  updated: Array<Record<string, string>>;
  deleted: string[];
  more: boolean;
  lastModifiedTime: number | string;
}

const unix = (datetime: string): number => Date.parse(`${datetime.replace(' ', 'T')}Z`) / 1000;

describe('compat profile', () => {
  let sim: VtigerSim;
  let session: string;
  let now = Date.UTC(2026, 5, 1, 10, 0, 0);
  const base = now;

  beforeAll(async () => {
    sim = await startVtigerSim({ profile: 'compat', records: 0, clock: () => now });
    session = await login(sim);
    // 90 records in one second, then 30 in the next second, then a few later ones.
    now = base + 1000;
    for (let i = 0; i < 90; i++) sim.createRecord('Contacts', { lastname: `A${i}` });
    now = base + 2000;
    for (let i = 0; i < 30; i++) sim.createRecord('Contacts', { lastname: `B${i}` });
    now = base + 3000;
    for (let i = 0; i < 5; i++) sim.createRecord('Contacts', { lastname: `C${i}` });
    // Someone else's records never show up in the admin's sync.
    for (let i = 0; i < 3; i++) sim.createRecord('Contacts', { lastname: `J${i}`, assigned_user_id: '19x5' }, 'jdoe');
    now = base + 60_000;
  });
  afterAll(() => sim.close());

  const sync = (modifiedTime: string, elementType = 'Contacts') =>
    wsGet(sim, { operation: 'sync', sessionName: session, modifiedTime, elementType });

  test('pages never split a second, may exceed 100 rows, and chain gap-free through lastModifiedTime', async () => {
    const first = resultOf<SyncResult>(await sync(String(base / 1000)));
    expect(Object.keys(first)).toEqual(['updated', 'deleted', 'more', 'lastModifiedTime']);
    // The first 100 modifiedtimes end inside the second second, so both whole seconds come back: 120 rows.
    expect(first.updated).toHaveLength(120);
    expect(first.more).toBe(true);
    expect(first.lastModifiedTime).toBe(base / 1000 + 2);
    const second = resultOf<SyncResult>(await sync(String(first.lastModifiedTime)));
    expect(second.updated.map((r) => r.lastname).sort()).toEqual(['C0', 'C1', 'C2', 'C3', 'C4']);
    expect(second.more).toBe(false);
    expect(second.updated.every((r) => r.assigned_user_id === '19x1')).toBe(true);
    const third = resultOf<SyncResult>(await sync(String(second.lastModifiedTime)));
    expect(third).toEqual({ updated: [], deleted: [], more: false, lastModifiedTime: second.lastModifiedTime });
  });

  test('a deleted record appears in deleted (deleting bumps modifiedtime), an updated one in updated', async () => {
    const [a, b] = sim.records('Contacts');
    const cursor = now / 1000;
    now += 5000;
    sim.deleteRecord(a?.id as string);
    sim.updateRecord(b?.id as string, { title: 'Changed' });
    const page = resultOf<SyncResult>(await sync(String(cursor)));
    expect(page.deleted).toEqual([a?.id]);
    expect(page.updated.map((r) => [r.id, r.title])).toEqual([[b?.id, 'Changed']]);
    expect(page.lastModifiedTime).toBe(unix(page.updated[0]?.modifiedtime as string));
  });

  test('sync is owner-scoped: jdoe only gets his own records', async () => {
    const j = userNamed(sim, 'jdoe');
    const js = await login(sim, 'jdoe', j.accessKey);
    const page = resultOf<SyncResult>(
      await wsGet(sim, { operation: 'sync', sessionName: js, modifiedTime: '1', elementType: 'Contacts' }),
    );
    expect(page.updated.map((r) => r.lastname).sort()).toEqual(['J0', 'J1', 'J2']);
  });

  test('quirks: Users echoes the cursor as a string; modifiedTime 0, a datetime or no elementType is HTTP 500', async () => {
    expect((await sync('1', 'Users')).text).toBe(
      '{"success":true,"result":{"updated":[],"deleted":[],"lastModifiedTime":"1","more":false}}',
    );
    for (const a of [
      await sync('0'),
      await sync('2026-01-01 00:00:00'),
      await wsGet(sim, { operation: 'sync', sessionName: session, modifiedTime: '1' }),
    ]) {
      expect([a.status, a.text]).toEqual([500, '']);
    }
    expect(errorOf(await sync('1', 'Groups'))).toEqual([
      'ACCESS_DENIED',
      'Permission to perform the operation is denied',
    ]);
  });
});

describe('stock profile', () => {
  test('sync, convertlead, retrieve_inventory, files_retrieve are HTTP 500; a bad session is still INVALID_SESSIONID', async () => {
    const sim = await startVtigerSim({ profile: 'stock', records: 5 });
    try {
      const session = await login(sim);
      const id = sim.records('Contacts')[0]?.id as string;
      const answers = [
        await wsGet(sim, { operation: 'sync', sessionName: session, modifiedTime: '1', elementType: 'Contacts' }),
        await wsGet(sim, { operation: 'retrieve_inventory', sessionName: session, id }),
        await wsGet(sim, { operation: 'files_retrieve', sessionName: session, id }),
      ];
      for (const a of answers) expect([a.status, a.text]).toEqual([500, '']);
      const convert = await fetch(sim.endpoint, {
        method: 'POST',
        body: new URLSearchParams({ operation: 'convertlead', sessionName: session, element: '{}' }),
      });
      expect(convert.status).toBe(500);
      const bad = await wsGet(sim, {
        operation: 'sync',
        sessionName: 'doesnotexist42',
        modifiedTime: '1',
        elementType: 'Contacts',
      });
      expect(errorOf(bad)[0]).toBe('INVALID_SESSIONID');
      // The same simulator switched to compat answers sync.
      sim.setProfile('compat');
      const ok = await wsGet(sim, {
        operation: 'sync',
        sessionName: session,
        modifiedTime: '1',
        elementType: 'Contacts',
      });
      expect(resultOf<SyncResult>(ok).updated.length).toBeGreaterThan(0);
    } finally {
      await sim.close();
    }
  });
});
