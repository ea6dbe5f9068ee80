import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool, type PoolClient } from 'pg';
import { SinkConfigError, SinkError } from './errors';
import { ChecksumBuilder } from './internal/checksum-builder';
import { describeWhere, toSinkError } from './internal/driver-errors';
import { redactConnectionString } from './redact';
import { DEFAULT_TABLE, META_TABLE, SCHEMA_VERSION, newerSchemaMessage } from './schema';
import {
  NO_LOWER_BOUND,
  type Where,
  assertConnectionString,
  assertIds,
  assertModule,
  assertSqlIdentifier,
  canonicalJson,
  preparePage,
  prepareRange,
} from './internal/validate';
import type { CountOptions, Sink, SinkChecksum, SinkRecord, UpsertResult } from './types';

/** Options of {@link openPostgresSink}: give either `connectionString` or `pool`. */
export interface PostgresSinkOptions {
  /** `postgres://user:password@host:5432/database`; the sink creates and owns a pool. */
  connectionString?: string;
  /** A pool you own: the sink borrows connections and leaves the pool open on {@link Sink.close}. */
  pool?: Pool;
  /**
   * The schema holding the tables; created when missing.
   * @default 'public'
   */
  schema?: string;
  /**
   * The records table; `vtiger_sink_meta` beside it records its schema version.
   * @default 'vtiger_records'
   */
  tableName?: string;
  /**
   * Pool size when the sink creates the pool.
   * @default 10
   */
  maxConnections?: number;
  /**
   * How long to wait for a new connection before failing with a retryable {@link SinkError}, in milliseconds.
   * Only when the sink creates the pool.
   * @default 10000
   */
  connectTimeoutMs?: number;
}

// Version n's statements take the schema from version n-1 to n. `id` and `modifiedtime` compare bytewise (COLLATE
// "C"): modifiedtime is fixed-width text, and concurrent writers must lock rows in the same order.
const migrations = (table: string, indexName: string): readonly (readonly string[])[] => [
  [
    `CREATE TABLE IF NOT EXISTS ${table} (
       module       text NOT NULL,
       id           text COLLATE "C" NOT NULL,
       crmid        bigint NOT NULL,
       modifiedtime text COLLATE "C" NOT NULL,
       record       jsonb NOT NULL,
       deleted_at   timestamptz,
       synced_at    timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (module, id)
     )`,
    `CREATE INDEX IF NOT EXISTS ${indexName} ON ${table} (module, crmid)`,
  ],
];

const CHECKSUM_BATCH = 5000;
// A single statement can still deadlock against another worker's (an upsert locking rows in id order while a
// reconcile locks them in crmid order). PostgreSQL rolled the statement back, so running it again is safe.
const TRANSIENT_CONFLICTS = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 5;

/**
 * Opens a PostgreSQL sink: creates the schema, the records table and its `(module, crmid)` index when missing
 * (serialised across workers with an advisory lock), then writes each page with one multi-row
 * `INSERT … SELECT … FROM unnest($arrays) ON CONFLICT DO UPDATE` — one statement, one round trip, one transaction.
 * Safe for several workers on several machines writing the same module at once.
 *
 * @throws {SinkConfigError} when neither or both of `connectionString`/`pool` are given, the connection string is
 *   not `postgres://…`, or `schema`/`tableName` are not plain identifiers.
 * @throws {SinkError} when PostgreSQL cannot be reached or the tables cannot be created (`operation` `open`;
 *   the message shows the connection string with its password redacted).
 */
export async function openPostgresSink(options: PostgresSinkOptions): Promise<Sink> {
  const {
    connectionString,
    pool: givenPool,
    schema = 'public',
    tableName = DEFAULT_TABLE,
    maxConnections = 10,
    connectTimeoutMs = 10_000,
  } = options ?? ({} as PostgresSinkOptions);
  if ((connectionString === undefined) === (givenPool === undefined)) {
    throw new SinkConfigError('postgres sink: give exactly one of connectionString or pool', { sink: 'postgres' });
  }
  if (connectionString !== undefined) assertConnectionString(connectionString, 'options');
  assertSqlIdentifier(schema, 'postgres sink: schema');
  assertSqlIdentifier(tableName, 'postgres sink: tableName');
  for (const [field, value] of [
    ['maxConnections', maxConnections],
    ['connectTimeoutMs', connectTimeoutMs],
  ] as const) {
    if (!Number.isInteger(value) || value < (field === 'maxConnections' ? 1 : 0)) {
      throw new SinkConfigError(`postgres sink: ${field} must be a whole number; got ${value}`, { sink: 'postgres' });
    }
  }

  const pool =
    givenPool ?? new Pool({ connectionString, max: maxConnections, connectionTimeoutMillis: connectTimeoutMs });
  // An idle client losing its connection emits 'error' on the pool, which would crash the process if unhandled;
  // the next query on that pool reports the problem instead.
  if (givenPool === undefined) pool.on('error', () => undefined);
  const target = connectionString === undefined ? 'the given pool' : redactConnectionString(connectionString);
  try {
    await migrate(pool, schema, tableName);
  } catch (error) {
    if (givenPool === undefined) await pool.end().catch(() => undefined);
    const wrapped = toSinkError(error, { operation: 'open', sink: 'postgres' });
    throw new SinkError(`${wrapped.message} (${target}, table ${schema}.${tableName})`, {
      operation: 'open',
      sink: 'postgres',
      retryable: wrapped.retryable,
      code: wrapped.code,
      cause: error,
    });
  }
  return new PostgresSink(pool, givenPool === undefined, schema, tableName);
}

async function migrate(pool: Pool, schema: string, tableName: string): Promise<void> {
  const table = `"${schema}"."${tableName}"`;
  const meta = `"${schema}".${META_TABLE}`;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Two workers starting together would race on CREATE … IF NOT EXISTS (it is not atomic in PostgreSQL).
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`vtiger-temporal-sinks:${schema}.${tableName}`]);
    // CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists.
    const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (rowCount === 0) await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${meta} (
         table_name     text PRIMARY KEY,
         schema_version integer NOT NULL,
         migrated_at    timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await client.query<{ schema_version: number }>(
      `SELECT schema_version FROM ${meta} WHERE table_name = $1`,
      [tableName],
    );
    const found = rows[0]?.schema_version ?? 0;
    if (found > SCHEMA_VERSION) {
      throw new SinkError(newerSchemaMessage(`${schema}.${tableName}`, found), {
        operation: 'migrate',
        sink: 'postgres',
      });
    }
    for (const statements of migrations(table, `"${tableName}_module_crmid"`).slice(found)) {
      for (const sql of statements) await client.query(sql);
    }
    if (found < SCHEMA_VERSION) {
      await client.query(
        `INSERT INTO ${meta} (table_name, schema_version) VALUES ($1, $2)
         ON CONFLICT (table_name) DO UPDATE SET schema_version = EXCLUDED.schema_version, migrated_at = now()`,
        [tableName, SCHEMA_VERSION],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

interface StoredRow {
  id: string;
  modifiedtime: string;
  record: Record<string, string>;
}

class PostgresSink implements Sink {
  readonly kind = 'postgres' as const;
  private closed = false;
  private readonly table: string;
  private readonly sql;

  constructor(
    private readonly pool: Pool,
    private readonly ownsPool: boolean,
    schema: string,
    tableName: string,
  ) {
    const table = `"${schema}"."${tableName}"`;
    this.table = table;
    // Named (server-side prepared) statements: parsed once per connection. The name is per table so that sinks on
    // different schemas can share a pool.
    const prefix = `vtiger_sinks_${createHash('sha256').update(table).digest('hex').slice(0, 12)}`;
    this.sql = {
      upsert: {
        name: `${prefix}_upsert`,
        // The spec'd monotonic rule is `EXCLUDED.modifiedtime >= stored`; an equal modifiedtime with identical data
        // on a live row is skipped so that a re-read page is counted `unchanged` and leaves synced_at alone.
        // `xmax = 0` on the returned row means it was inserted rather than updated. Rows go in id order so that
        // concurrent writers lock overlapping pages in the same order.
        text: `WITH page AS (
                 SELECT * FROM unnest($2::text[], $3::bigint[], $4::text[], $5::jsonb[]) AS p(id, crmid, modifiedtime, record)
               ), written AS (
                 INSERT INTO ${table} AS r (module, id, crmid, modifiedtime, record, deleted_at, synced_at)
                 SELECT $1::text, id, crmid, modifiedtime, record, NULL, now() FROM page ORDER BY id COLLATE "C"
                 ON CONFLICT (module, id) DO UPDATE SET
                   crmid = EXCLUDED.crmid, modifiedtime = EXCLUDED.modifiedtime, record = EXCLUDED.record,
                   deleted_at = NULL, synced_at = EXCLUDED.synced_at
                 WHERE EXCLUDED.modifiedtime > r.modifiedtime
                    OR (EXCLUDED.modifiedtime = r.modifiedtime
                        AND (EXCLUDED.record IS DISTINCT FROM r.record OR r.deleted_at IS NOT NULL))
                 RETURNING (r.xmax = 0) AS inserted
               )
               SELECT count(*) FILTER (WHERE inserted)::int AS inserted,
                      count(*) FILTER (WHERE NOT inserted)::int AS updated
               FROM written`,
      },
      tombstone: {
        name: `${prefix}_tombstone`,
        text: `UPDATE ${table} SET deleted_at = now(), synced_at = now()
               WHERE module = $1 AND id = ANY($2::text[]) AND deleted_at IS NULL`,
      },
      reconcile: {
        name: `${prefix}_reconcile`,
        text: `UPDATE ${table} SET deleted_at = now(), synced_at = now()
               WHERE module = $1 AND crmid > $2 AND crmid <= $3 AND deleted_at IS NULL AND NOT (id = ANY($4::text[]))`,
      },
    };
  }

  async upsertPage(module: string, records: readonly SinkRecord[]): Promise<UpsertResult> {
    const where: Where = { operation: 'upsertPage', sink: 'postgres', module };
    return this.run(where, async () => {
      assertModule(module, where);
      const { rows, duplicates } = preparePage(records, where);
      if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: duplicates };
      const result = await this.query<{ inserted: number; updated: number }>(this.sql.upsert, [
        module,
        rows.map((row) => row.id),
        rows.map((row) => row.crmid),
        rows.map((row) => row.modifiedtime),
        rows.map((row) => row.json),
      ]);
      const { inserted = 0, updated = 0 } = result.rows[0] ?? {};
      return { inserted, updated, unchanged: rows.length - inserted - updated + duplicates };
    });
  }

  async tombstone(module: string, ids: readonly string[]): Promise<number> {
    const where: Where = { operation: 'tombstone', sink: 'postgres', module };
    return this.run(where, async () => {
      assertModule(module, where);
      assertIds(ids, where);
      if (ids.length === 0) return 0;
      return (await this.query(this.sql.tombstone, [module, [...ids]])).rowCount ?? 0;
    });
  }

  async reconcileRange(
    module: string,
    afterId: string | undefined,
    lastId: string | undefined,
    liveIds: readonly string[],
  ): Promise<number> {
    const where: Where = { operation: 'reconcileRange', sink: 'postgres', module };
    return this.run(where, async () => {
      assertModule(module, where);
      const { after, last, live } = prepareRange(afterId, lastId, liveIds, where);
      const result = await this.query(this.sql.reconcile, [module, after, last, live]);
      return result.rowCount ?? 0;
    });
  }

  async count(module: string, opts: CountOptions = {}): Promise<number> {
    const where: Where = { operation: 'count', sink: 'postgres', module };
    return this.run(where, async () => {
      assertModule(module, where);
      const live = opts.includeDeleted ? '' : ' AND deleted_at IS NULL';
      const { rows } = await this.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${this.table} WHERE module = $1${live}`,
        [module],
      );
      return rows[0]?.n ?? 0;
    });
  }

  async records(module: string): Promise<SinkRecord[]> {
    const where: Where = { operation: 'records', sink: 'postgres', module };
    return this.run(where, async () => {
      assertModule(module, where);
      const { rows } = await this.pool.query<StoredRow>(
        `SELECT id, modifiedtime, record FROM ${this.table}
         WHERE module = $1 AND deleted_at IS NULL ORDER BY crmid, id`,
        [module],
      );
      return rows.map((row) => ({ id: row.id, modifiedtime: row.modifiedtime, data: row.record }));
    });
  }

  async checksum(module: string): Promise<SinkChecksum> {
    const where: Where = { operation: 'checksum', sink: 'postgres', module };
    return this.run(where, async () => {
      assertModule(module, where);
      const client = await this.pool.connect();
      try {
        // One snapshot for all batches, so that concurrent writers cannot make the checksum mix two states.
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const builder = new ChecksumBuilder();
        await this.checksumBatches(client, module, builder);
        await client.query('COMMIT');
        return builder.digest();
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.ownsPool) return;
    try {
      await this.pool.end();
    } catch (error) {
      throw toSinkError(error, { operation: 'close', sink: 'postgres' });
    }
  }

  private async checksumBatches(client: PoolClient, module: string, builder: ChecksumBuilder): Promise<void> {
    let after: [number | string, string] = [NO_LOWER_BOUND, ''];
    for (;;) {
      const { rows } = await client.query<StoredRow & { crmid: string }>(
        `SELECT id, crmid, modifiedtime, record FROM ${this.table}
         WHERE module = $1 AND deleted_at IS NULL AND (crmid, id) > ($2::bigint, $3::text)
         ORDER BY crmid, id LIMIT ${CHECKSUM_BATCH}`,
        [module, after[0], after[1]],
      );
      for (const row of rows) builder.add(row.id, row.modifiedtime, canonicalJson(row.record));
      const last = rows.at(-1);
      if (last === undefined || rows.length < CHECKSUM_BATCH) return;
      after = [last.crmid, last.id];
    }
  }

  private async query<R extends object = object>(statement: { name: string; text: string }, values: unknown[]) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.pool.query<R>({ ...statement, values });
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (attempt >= MAX_ATTEMPTS || typeof code !== 'string' || !TRANSIENT_CONFLICTS.has(code)) throw error;
        await sleep(5 + Math.random() * 20 * attempt);
      }
    }
  }

  private async run<R>(where: Where, body: () => Promise<R>): Promise<R> {
    if (this.closed) throw new SinkError(`${describeWhere(where)}: the sink is closed`, where);
    try {
      return await body();
    } catch (error) {
      throw toSinkError(error, where);
    }
  }
}
