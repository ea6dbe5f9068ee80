import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SCHEMA_VERSION, SinkConfigError, SinkError, openSink, openSqliteSink } from '@vtiger-temporal/sinks';
import { rec, sqliteHarness } from '../support/databases';

describe('openSqliteSink', () => {
  let harness: Awaited<ReturnType<typeof sqliteHarness>>;

  beforeAll(async () => {
    harness = await sqliteHarness();
  });

  afterAll(async () => {
    await harness?.teardown();
  });

  test('creates the file and its directory, in WAL mode, with the versioned schema', async () => {
    const filename = join(harness.dir, 'nested', 'deeper', 'sync.db');
    const sink = await openSink({ kind: 'sqlite', filename });
    await sink.upsertPage('Contacts', [rec(1, 1)]);
    await sink.close();

    expect(existsSync(filename)).toBe(true);
    const db = new Database(filename, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.prepare('SELECT table_name, schema_version FROM vtiger_sink_meta').all()).toEqual([
        { table_name: 'vtiger_records', schema_version: SCHEMA_VERSION },
      ]);
      const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'vtiger_records'`);
      expect(indexes.all()).toContainEqual({ name: 'vtiger_records_module_crmid' });
      expect(db.prepare('SELECT module, id, crmid, modifiedtime, deleted_at FROM vtiger_records').all()).toEqual([
        { module: 'Contacts', id: '12x1', crmid: 1, modifiedtime: '2024-05-01 12:00:00', deleted_at: null },
      ]);
    } finally {
      db.close();
    }
  });

  test('reopening keeps the data and does not migrate again', async () => {
    const filename = join(harness.dir, 'reopen.db');
    const first = await openSqliteSink({ filename });
    await first.upsertPage('Accounts', [rec(7, 3)]);
    await first.close();
    const second = await openSqliteSink({ filename });
    expect(await second.records('Accounts')).toEqual([rec(7, 3)]);
    await second.close();
  });

  test('refuses a database written by a newer schema version', async () => {
    const filename = join(harness.dir, 'newer.db');
    await (await openSqliteSink({ filename })).close();
    const db = new Database(filename);
    db.prepare('UPDATE vtiger_sink_meta SET schema_version = ?').run(SCHEMA_VERSION + 1);
    db.close();
    const opening = openSqliteSink({ filename });
    await expect(opening).rejects.toThrow(SinkError);
    await expect(opening).rejects.toThrow(/schema version 2, newer than the 1 .* upgrade the package/);
  });

  test('rejects bad options with SinkConfigError and unopenable files with SinkError', async () => {
    await expect(openSqliteSink({ filename: '' })).rejects.toThrow(SinkConfigError);
    await expect(openSqliteSink({ filename: '  ' })).rejects.toThrow(
      /sqlite sink: filename must be a non-empty path like '\.\/data\/vtiger\.db'; got " {2}"/,
    );
    await expect(openSqliteSink({ filename: join(harness.dir, 'x.db'), busyTimeoutMs: -1 })).rejects.toThrow(
      /busyTimeoutMs must be a number of milliseconds >= 0/,
    );
    // A directory is not a database file.
    await expect(openSqliteSink({ filename: harness.dir })).rejects.toMatchObject({
      name: 'SinkError',
      operation: 'open',
      sink: 'sqlite',
    });
  });

  test('a write blocked by another connection past busyTimeoutMs fails with a retryable SQLITE_BUSY SinkError', async () => {
    const filename = join(harness.dir, 'busy.db');
    const sink = await openSqliteSink({ filename, busyTimeoutMs: 50 });
    const other = new Database(filename);
    try {
      other.exec('BEGIN IMMEDIATE');
      await expect(sink.upsertPage('Contacts', [rec(1, 1)])).rejects.toMatchObject({
        name: 'SinkError',
        operation: 'upsertPage',
        module: 'Contacts',
        code: 'SQLITE_BUSY',
        retryable: true,
      });
      other.exec('COMMIT');
      expect(await sink.upsertPage('Contacts', [rec(1, 1)])).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    } finally {
      other.close();
      await sink.close();
    }
  });

  test('an in-memory sink works for quick experiments', async () => {
    const sink = await openSqliteSink({ filename: ':memory:' });
    expect(await sink.upsertPage('Leads', [rec(1, 1), rec(2, 1)])).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(await sink.count('Leads')).toBe(2);
    await sink.close();
  });
});
