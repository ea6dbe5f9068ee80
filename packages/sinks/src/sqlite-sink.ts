import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SinkConfigError, SinkError } from './errors';
import { ChecksumBuilder } from './internal/checksum-builder';
import { describeWhere, toSinkError } from './internal/driver-errors';
import { DEFAULT_TABLE, META_TABLE, SCHEMA_VERSION, newerSchemaMessage } from './schema';
import {
  type PreparedRecord,
  type Where,
  assertFilename,
  assertIds,
  assertModule,
  preparePage,
  prepareRange,
} from './internal/validate';
import type { CountOptions, Sink, SinkChecksum, SinkRecord, UpsertResult } from './types';

/** Options of {@link openSqliteSink}. */
export interface SqliteSinkOptions {
  /**
   * Path of the database file. The file and its directory are created when missing; relative paths resolve against
   * the process's working directory. `:memory:` gives a private in-memory database (tests).
   */
  filename: string;
  /**
   * How long a write waits for another connection's lock (another process on the same file) before failing with a
   * retryable `SQLITE_BUSY` {@link SinkError}, in milliseconds.
   * @default 5000
   */
  busyTimeoutMs?: number;
}

const T = DEFAULT_TABLE;

// Version n's statements take the schema from version n-1 to n.
const MIGRATIONS: readonly (readonly string[])[] = [
  [
    `CREATE TABLE IF NOT EXISTS ${T} (
       module       TEXT NOT NULL,
       id           TEXT NOT NULL,
       crmid        INTEGER NOT NULL,
       modifiedtime TEXT NOT NULL,
       record       TEXT NOT NULL,
       deleted_at   TEXT,
       synced_at    TEXT NOT NULL,
       PRIMARY KEY (module, id)
     )`,
    `CREATE INDEX IF NOT EXISTS ${T}_module_crmid ON ${T} (module, crmid)`,
  ],
];

/**
 * Opens (creating if needed) a SQLite sink: WAL journal, `synchronous = NORMAL` (durable across process crashes;
 * a power cut may lose the last pages, which the next sync pass re-reads), one `IMMEDIATE` transaction per write,
 * prepared statements reused.
 *
 * Several sinks (and processes) may open the same file; writes are serialised by SQLite's lock, waiting up to
 * `busyTimeoutMs`. For workers on several machines use {@link openPostgresSink}.
 *
 * @throws {SinkConfigError} when `filename` is empty or `busyTimeoutMs` is not a non-negative number.
 * @throws {SinkError} when the file cannot be opened or migrated (`operation` `open`).
 */
export async function openSqliteSink(options: SqliteSinkOptions): Promise<Sink> {
  const { filename, busyTimeoutMs = 5000 } = options ?? ({} as SqliteSinkOptions);
  assertFilename(filename, 'options');
  if (typeof busyTimeoutMs !== 'number' || !Number.isFinite(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new SinkConfigError(
      `sqlite sink: busyTimeoutMs must be a number of milliseconds >= 0; got ${busyTimeoutMs}`,
      {
        sink: 'sqlite',
      },
    );
  }
  let db: Database.Database | undefined;
  try {
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    db = new Database(filename, { timeout: busyTimeoutMs });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
    return new SqliteSink(db);
  } catch (error) {
    db?.close();
    throw toSinkError(error, { operation: 'open', sink: 'sqlite' });
  }
}

function migrate(db: Database.Database): void {
  db.transaction(() => {
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${META_TABLE} (
         table_name     TEXT PRIMARY KEY,
         schema_version INTEGER NOT NULL,
         migrated_at    TEXT NOT NULL
       )`,
    );
    const found =
      (db.prepare(`SELECT schema_version FROM ${META_TABLE} WHERE table_name = ?`).pluck().get(T) as
        number | undefined) ?? 0;
    if (found > SCHEMA_VERSION) {
      throw new SinkError(newerSchemaMessage(T, found), { operation: 'migrate', sink: 'sqlite' });
    }
    if (found === SCHEMA_VERSION) return;
    for (const statements of MIGRATIONS.slice(found)) for (const sql of statements) db.exec(sql);
    db.prepare(
      `INSERT INTO ${META_TABLE} (table_name, schema_version, migrated_at) VALUES (?, ?, ?)
       ON CONFLICT(table_name) DO UPDATE SET schema_version = excluded.schema_version, migrated_at = excluded.migrated_at`,
    ).run(T, SCHEMA_VERSION, new Date().toISOString());
  }).immediate();
}

interface StoredRow {
  id: string;
  modifiedtime: string;
  record: string;
}

class SqliteSink implements Sink {
  readonly kind = 'sqlite' as const;
  private closed = false;
  private readonly statements;
  private readonly upsertTx;
  private readonly tombstoneTx;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      exists: db.prepare<[string, string], number>(`SELECT 1 FROM ${T} WHERE module = ? AND id = ?`).pluck(),
      // The spec'd monotonic rule is `excluded.modifiedtime >= stored`; an equal modifiedtime with identical data on
      // a live row is skipped so that a re-read page is counted `unchanged` and leaves synced_at alone.
      upsert: db.prepare(
        `INSERT INTO ${T} (module, id, crmid, modifiedtime, record, deleted_at, synced_at)
         VALUES (@module, @id, @crmid, @modifiedtime, @json, NULL, @now)
         ON CONFLICT(module, id) DO UPDATE SET
           crmid = excluded.crmid, modifiedtime = excluded.modifiedtime, record = excluded.record,
           deleted_at = NULL, synced_at = excluded.synced_at
         WHERE excluded.modifiedtime > ${T}.modifiedtime
            OR (excluded.modifiedtime = ${T}.modifiedtime
                AND (excluded.record IS NOT ${T}.record OR ${T}.deleted_at IS NOT NULL))`,
      ),
      tombstone: db.prepare(
        `UPDATE ${T} SET deleted_at = @now, synced_at = @now
         WHERE module = @module AND id = @id AND deleted_at IS NULL`,
      ),
      reconcile: db.prepare(
        `UPDATE ${T} SET deleted_at = @now, synced_at = @now
         WHERE module = @module AND crmid > @after AND crmid <= @last AND deleted_at IS NULL
           AND id NOT IN (SELECT value FROM json_each(@live))`,
      ),
      countLive: db
        .prepare<[string], number>(`SELECT count(*) FROM ${T} WHERE module = ? AND deleted_at IS NULL`)
        .pluck(),
      countAll: db.prepare<[string], number>(`SELECT count(*) FROM ${T} WHERE module = ?`).pluck(),
      live: db.prepare<[string], StoredRow>(
        `SELECT id, modifiedtime, record FROM ${T} WHERE module = ? AND deleted_at IS NULL ORDER BY crmid, id`,
      ),
    };
    this.upsertTx = db.transaction((module: string, rows: readonly PreparedRecord[], now: string) => {
      const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
      for (const row of rows) {
        const existed = this.statements.exists.get(module, row.id) !== undefined;
        const { changes } = this.statements.upsert.run({ module, now, ...row });
        if (changes === 0) result.unchanged += 1;
        else if (existed) result.updated += 1;
        else result.inserted += 1;
      }
      return result;
    });
    this.tombstoneTx = db.transaction((module: string, ids: readonly string[], now: string) => {
      let changed = 0;
      for (const id of ids) changed += this.statements.tombstone.run({ module, id, now }).changes;
      return changed;
    });
  }

  async upsertPage(module: string, records: readonly SinkRecord[]): Promise<UpsertResult> {
    const where: Where = { operation: 'upsertPage', sink: 'sqlite', module };
    return this.run(where, () => {
      assertModule(module, where);
      const { rows, duplicates } = preparePage(records, where);
      if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: duplicates };
      const result = this.upsertTx.immediate(module, rows, new Date().toISOString());
      return { ...result, unchanged: result.unchanged + duplicates };
    });
  }

  async tombstone(module: string, ids: readonly string[]): Promise<number> {
    const where: Where = { operation: 'tombstone', sink: 'sqlite', module };
    return this.run(where, () => {
      assertModule(module, where);
      assertIds(ids, where);
      return ids.length === 0 ? 0 : this.tombstoneTx.immediate(module, ids, new Date().toISOString());
    });
  }

  async reconcileRange(
    module: string,
    afterId: string | undefined,
    lastId: string | undefined,
    liveIds: readonly string[],
  ): Promise<number> {
    const where: Where = { operation: 'reconcileRange', sink: 'sqlite', module };
    return this.run(where, () => {
      assertModule(module, where);
      const { after, last, live } = prepareRange(afterId, lastId, liveIds, where);
      return this.statements.reconcile.run({
        module,
        after,
        last,
        live: JSON.stringify(live),
        now: new Date().toISOString(),
      }).changes;
    });
  }

  async count(module: string, opts: CountOptions = {}): Promise<number> {
    const where: Where = { operation: 'count', sink: 'sqlite', module };
    return this.run(where, () => {
      assertModule(module, where);
      const statement = opts.includeDeleted ? this.statements.countAll : this.statements.countLive;
      return statement.get(module) ?? 0;
    });
  }

  async records(module: string): Promise<SinkRecord[]> {
    const where: Where = { operation: 'records', sink: 'sqlite', module };
    return this.run(where, () => {
      assertModule(module, where);
      return this.statements.live.all(module).map((row) => ({
        id: row.id,
        modifiedtime: row.modifiedtime,
        data: JSON.parse(row.record) as Record<string, string>,
      }));
    });
  }

  async checksum(module: string): Promise<SinkChecksum> {
    const where: Where = { operation: 'checksum', sink: 'sqlite', module };
    return this.run(where, () => {
      assertModule(module, where);
      const builder = new ChecksumBuilder();
      // `record` is stored as canonical JSON (see preparePage), so it is hashed as stored.
      for (const row of this.statements.live.iterate(module)) builder.add(row.id, row.modifiedtime, row.record);
      return builder.digest();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.close();
    } catch (error) {
      throw toSinkError(error, { operation: 'close', sink: 'sqlite' });
    }
  }

  private run<R>(where: Where, body: () => R): R {
    if (this.closed) throw closedError(where);
    try {
      return body();
    } catch (error) {
      throw toSinkError(error, where);
    }
  }
}

function closedError(where: Where): SinkError {
  return new SinkError(`${describeWhere(where)}: the sink is closed`, where);
}
