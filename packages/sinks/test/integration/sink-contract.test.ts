import { type Sink, type SinkRecord, SinkError, SinkInputError, checksumRecords } from '@vtiger-temporal/sinks';
import { type SinkHarness, postgresHarness, rec, sqliteHarness } from '../support/databases';

// The same behaviour, proved against a real SQLite file and the real PostgreSQL.
describe.each([
  ['sqlite', sqliteHarness],
  ['postgres', postgresHarness],
] as const)('%s sink', (kind, makeHarness) => {
  let harness: SinkHarness;
  let sink: Sink;
  let moduleCounter = 0;
  // Every test writes its own module, so tests share the database without seeing each other's rows.
  const freshModule = (): string => `Module${++moduleCounter}`;

  beforeAll(async () => {
    harness = await makeHarness();
    sink = await harness.open();
  });

  afterAll(async () => {
    await sink?.close();
    await harness?.teardown();
  });

  const ids = async (module: string): Promise<string[]> => (await sink.records(module)).map((r) => r.id);

  test('reports kind', () => {
    expect(sink.kind).toBe(kind);
  });

  test('counts inserted, updated and unchanged records in a page', async () => {
    const module = freshModule();
    expect(await sink.upsertPage(module, [rec(1, 1), rec(2, 1), rec(3, 2)])).toEqual({
      inserted: 3,
      updated: 0,
      unchanged: 0,
    });
    // 1: same version; 2: newer; 3: older; 4: new.
    expect(await sink.upsertPage(module, [rec(1, 1), rec(2, 2), rec(3, 1), rec(4, 1)])).toEqual({
      inserted: 1,
      updated: 1,
      unchanged: 2,
    });
    expect(await sink.records(module)).toEqual([rec(1, 1), rec(2, 2), rec(3, 2), rec(4, 1)]);
    expect(await sink.count(module)).toBe(4);
  });

  test('re-upserting the same page is idempotent', async () => {
    const module = freshModule();
    const page = [rec(10, 3), rec(11, 3, { email: 'a@example.com' }), rec(12, 4)];
    await sink.upsertPage(module, page);
    const before = await sink.checksum(module);
    expect(await sink.upsertPage(module, page)).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await sink.upsertPage(module, [...page].reverse())).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await sink.checksum(module)).toEqual(before);
    expect(await sink.count(module, { includeDeleted: true })).toBe(3);
  });

  test('an older modifiedtime never overwrites a newer one; an equal one overwrites', async () => {
    const module = freshModule();
    await sink.upsertPage(module, [rec(1, 10, { city: 'new' })]);
    expect(await sink.upsertPage(module, [rec(1, 9, { city: 'stale' })])).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 1,
    });
    expect((await sink.records(module))[0]?.data.city).toBe('new');
    expect(await sink.upsertPage(module, [rec(1, 10, { city: 'corrected' })])).toEqual({
      inserted: 0,
      updated: 1,
      unchanged: 0,
    });
    expect((await sink.records(module))[0]?.data.city).toBe('corrected');
  });

  test('a page with the same id twice keeps the newest copy and still accounts for every record', async () => {
    const module = freshModule();
    const result = await sink.upsertPage(module, [rec(5, 2, { v: 'b' }), rec(5, 3, { v: 'c' }), rec(5, 1, { v: 'a' })]);
    expect(result).toEqual({ inserted: 1, updated: 0, unchanged: 2 });
    expect(await sink.records(module)).toEqual([rec(5, 3, { v: 'c' })]);
  });

  test('tombstones keep the row; a record coming back with modifiedtime >= stored is revived', async () => {
    const module = freshModule();
    await sink.upsertPage(module, [rec(1, 5), rec(2, 5), rec(3, 5)]);

    expect(await sink.tombstone(module, ['12x1', '12x2', '12x999'])).toBe(2);
    expect(await sink.tombstone(module, ['12x1'])).toBe(0); // already tombstoned
    expect(await sink.tombstone(module, [])).toBe(0);
    expect(await ids(module)).toEqual(['12x3']);
    expect(await sink.count(module)).toBe(1);
    expect(await sink.count(module, { includeDeleted: true })).toBe(3);

    // Older than stored: stays deleted.
    expect(await sink.upsertPage(module, [rec(1, 4)])).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    // Same modifiedtime and data (Vtiger restored it from the recycle bin): revived.
    // Newer: revived with the new data.
    expect(await sink.upsertPage(module, [rec(1, 5), rec(2, 6, { city: 'x' })])).toEqual({
      inserted: 0,
      updated: 2,
      unchanged: 0,
    });
    expect(await sink.records(module)).toEqual([rec(1, 5), rec(2, 6, { city: 'x' }), rec(3, 5)]);
    expect(await sink.count(module, { includeDeleted: true })).toBe(3);
  });

  test('reconcileRange tombstones stored ids missing from the live page, by crmid, and nothing outside the range', async () => {
    const module = freshModule();
    // crmids whose text order differs from their numeric order (12x10 < 12x2 < 12x100 as strings).
    const crmids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100];
    await sink.upsertPage(
      module,
      crmids.map((n) => rec(n, 1)),
    );

    // (12x2, 12x6]: 3 and 5 are live, 4 and 6 were deleted in Vtiger.
    expect(await sink.reconcileRange(module, '12x2', '12x6', ['12x3', '12x5'])).toBe(2);
    expect(await ids(module)).toEqual(['12x1', '12x2', '12x3', '12x5', '12x7', '12x8', '12x9', '12x10', '12x100']);

    // First page: open start; everything live.
    expect(await sink.reconcileRange(module, undefined, '12x2', ['12x1', '12x2'])).toBe(0);
    // A range whose stored rows are already tombstoned changes nothing.
    expect(await sink.reconcileRange(module, '12x3', '12x6', ['12x5'])).toBe(0);
    // (12x8, 12x10]: 9 is gone; 12x100 lies beyond the range, numerically.
    expect(await sink.reconcileRange(module, '12x8', '12x10', ['12x10'])).toBe(1);
    expect(await ids(module)).toEqual(['12x1', '12x2', '12x3', '12x5', '12x7', '12x8', '12x10', '12x100']);

    // The final, empty page: (12x10, +∞) has no live ids left.
    expect(await sink.reconcileRange(module, '12x10', undefined, [])).toBe(1);
    expect(await ids(module)).toEqual(['12x1', '12x2', '12x3', '12x5', '12x7', '12x8', '12x10']);
    expect(await sink.count(module, { includeDeleted: true })).toBe(crmids.length);
  });

  test('reconcileRange leaves other modules alone and rejects live ids outside the range', async () => {
    const module = freshModule();
    const other = freshModule();
    await sink.upsertPage(module, [rec(1, 1), rec(2, 1)]);
    await sink.upsertPage(other, [rec(1, 1), rec(2, 1)]);
    expect(await sink.reconcileRange(module, undefined, undefined, [])).toBe(2);
    expect(await sink.count(other)).toBe(2);

    await expect(sink.reconcileRange(other, '12x1', '12x5', ['12x1'])).rejects.toThrow(SinkInputError);
    await expect(sink.reconcileRange(other, '12x5', '12x1', [])).rejects.toThrow(/lastId must come after afterId/);
    expect(await sink.count(other)).toBe(2);
  });

  test('checksum equals checksumRecords of the same data and changes when a field changes', async () => {
    const module = freshModule();
    const data: SinkRecord[] = [rec(30, 1), rec(4, 2, { email: 'x@example.com', zip: '1000' }), rec(200, 3)];
    await sink.upsertPage(module, data);
    // Input order and key order do not matter.
    const reordered = [...data]
      .reverse()
      .map((r) => ({ ...r, data: Object.fromEntries(Object.entries(r.data).reverse()) }));
    expect(await sink.checksum(module)).toEqual(checksumRecords(reordered));
    expect((await sink.checksum(module)).count).toBe(3);

    const before = await sink.checksum(module);
    await sink.upsertPage(module, [rec(4, 2, { email: 'y@example.com', zip: '1000' })]);
    const after = await sink.checksum(module);
    expect(after.sha256).not.toBe(before.sha256);
    expect(after).toEqual(
      checksumRecords([rec(30, 1), rec(4, 2, { email: 'y@example.com', zip: '1000' }), rec(200, 3)]),
    );

    // Tombstoned rows are not part of it.
    await sink.tombstone(module, ['12x200']);
    expect(await sink.checksum(module)).toEqual(
      checksumRecords([rec(30, 1), rec(4, 2, { email: 'y@example.com', zip: '1000' })]),
    );
    expect(await sink.checksum(freshModule())).toEqual(checksumRecords([]));
  });

  test('a page is one transaction: a driver failure mid-page leaves nothing of it written', async () => {
    const module = freshModule();
    await sink.upsertPage(module, [rec(1, 1)]);
    // A trigger that aborts on the third record, after the first two were written inside the transaction.
    const createTrigger =
      kind === 'sqlite'
        ? `CREATE TRIGGER poison BEFORE INSERT ON ${harness.table} WHEN NEW.id = '12x3'
           BEGIN SELECT RAISE(ABORT, 'poisoned record'); END`
        : `CREATE FUNCTION ${harness.table.replace('vtiger_records', 'poison')}() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN IF NEW.id = '12x3' THEN RAISE EXCEPTION 'poisoned record'; END IF; RETURN NEW; END $$;
           CREATE TRIGGER poison BEFORE INSERT ON ${harness.table}
             FOR EACH ROW EXECUTE FUNCTION ${harness.table.replace('vtiger_records', 'poison')}()`;
    await harness.exec(createTrigger);
    try {
      const failure = sink.upsertPage(module, [rec(1, 2), rec(2, 2), rec(3, 2)]);
      await expect(failure).rejects.toThrow(SinkError);
      await expect(failure).rejects.toMatchObject({ operation: 'upsertPage', module, sink: kind, retryable: false });
      await expect(failure).rejects.toThrow(/poisoned record/);
    } finally {
      await harness.exec(kind === 'sqlite' ? 'DROP TRIGGER poison' : `DROP TRIGGER poison ON ${harness.table}`);
    }
    expect(await sink.records(module)).toEqual([rec(1, 1)]);
    expect(await sink.count(module, { includeDeleted: true })).toBe(1);
  });

  test('an invalid record or module name rejects the whole page before anything is written', async () => {
    const module = freshModule();
    const bad: SinkRecord = { id: '12x3', modifiedtime: '2024-05-01T12:00:00Z', data: {} };
    await expect(sink.upsertPage(module, [rec(1, 1), rec(2, 1), bad])).rejects.toThrow(
      /record 12x3 has modifiedtime "2024-05-01T12:00:00Z"; expected "YYYY-MM-DD HH:MM:SS"/,
    );
    await expect(sink.upsertPage(module, [rec(1, 1), { ...rec(2, 1), id: '345' }])).rejects.toThrow(
      /invalid record id "345"/,
    );
    await expect(sink.upsertPage('Contacts; DROP TABLE x', [rec(1, 1)])).rejects.toThrow(SinkInputError);
    await expect(sink.upsertPage('Contacts; DROP TABLE x', [rec(1, 1)])).rejects.toMatchObject({
      name: 'SinkInputError',
      retryable: false,
      operation: 'upsertPage',
    });
    await expect(sink.tombstone('1Contacts', ['12x1'])).rejects.toThrow(/invalid module name "1Contacts"/);
    await expect(sink.count('')).rejects.toThrow(SinkInputError);
    expect(await sink.count(module, { includeDeleted: true })).toBe(0);
  });

  test('concurrent upserts of the same rows from two sink instances converge to the newest version', async () => {
    const module = freshModule();
    const second = await harness.open();
    try {
      const crmids = Array.from({ length: 60 }, (_, i) => i + 1);
      // Writer A sends the even versions, writer B the odd ones, each in a scrambled order, all at once.
      const versions = (parity: number): number[] =>
        [2, 9, 4, 7, 10, 1, 6, 3, 8, 5].map((v) => v * 2 - parity).filter((v) => v >= 1 && v <= 20);
      const write = (target: Sink, parity: number): Promise<unknown> =>
        Promise.all(
          versions(parity).map((day) =>
            target.upsertPage(
              module,
              // Alternate the row order too, so the two writers do not even agree on that.
              (day % 3 === 0 ? [...crmids].reverse() : crmids).map((n) => rec(n, day, { writer: String(parity) })),
            ),
          ),
        );
      await Promise.all([write(sink, 0), write(second, 1)]);

      const newest = crmids.map((n) => rec(n, 20, { writer: '0' }));
      expect(await sink.records(module)).toEqual(newest);
      expect(await second.checksum(module)).toEqual(checksumRecords(newest));
      // Once converged, late older pages change nothing.
      expect(
        await second.upsertPage(
          module,
          crmids.map((n) => rec(n, 19, { writer: '1' })),
        ),
      ).toEqual({
        inserted: 0,
        updated: 0,
        unchanged: crmids.length,
      });
    } finally {
      await second.close();
    }
  });

  test('a closed sink rejects with SinkError and close is idempotent', async () => {
    const extra = await harness.open();
    await extra.close();
    await extra.close();
    await expect(extra.count('Contacts')).rejects.toThrow(/the sink is closed/);
    await expect(extra.upsertPage('Contacts', [rec(1, 1)])).rejects.toMatchObject({
      name: 'SinkError',
      operation: 'upsertPage',
    });
  });
});
