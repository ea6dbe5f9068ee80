import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { Pool } from 'pg';
import {
  type Sink,
  type SinkRecord,
  openPostgresSink,
  openSqliteSink,
  redactConnectionString,
} from '@vtiger-temporal/sinks';

/** The real PostgreSQL of this machine (trust auth, database `test`); DATABASE_URL points the tests elsewhere. */
export const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A unique, droppable place for one test file's data in one kind of sink. */
export interface SinkHarness {
  readonly kind: 'sqlite' | 'postgres';
  /** Opens another sink instance on the same database (a second worker). */
  open(): Promise<Sink>;
  /** Runs raw SQL on the same database, outside the sink (triggers, inspection). */
  exec(sql: string): Promise<void>;
  /** The records table, qualified. */
  readonly table: string;
  teardown(): Promise<void>;
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function sqliteHarness(): Promise<SinkHarness & { filename: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sinks-test-'));
  const filename = join(dir, 'records.db');
  const raw = new Database(filename);
  return {
    kind: 'sqlite',
    dir,
    filename,
    table: 'vtiger_records',
    open: () => openSqliteSink({ filename }),
    exec: async (sql) => {
      raw.exec(sql);
    },
    teardown: async () => {
      raw.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh schema `sink_test_<pid>_<random>` dropped (CASCADE) on teardown. Fails, never skips, when PostgreSQL
 * cannot be reached: these tests exist to prove the sink against the real database.
 */
export async function postgresHarness(): Promise<SinkHarness & { schema: string; pool: Pool }> {
  const pool = new Pool({ connectionString: PG_URL, connectionTimeoutMillis: 5000, max: 4 });
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(
      `PostgreSQL is not reachable at ${redactConnectionString(PG_URL)} (${(error as Error).message || String(error)}). ` +
        'The sink tests need the real PostgreSQL: start it (e.g. `pg_ctlcluster 15 main start`; trust auth, database ' +
        '`test`) or point DATABASE_URL at one.',
    );
  }
  const schema = uniqueName('sink_test');
  await pool.query(`CREATE SCHEMA "${schema}"`);
  return {
    kind: 'postgres',
    schema,
    pool,
    table: `"${schema}".vtiger_records`,
    open: () => openPostgresSink({ connectionString: PG_URL, schema, maxConnections: 4 }),
    exec: async (sql) => {
      await pool.query(sql);
    },
    teardown: async () => {
      try {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await pool.end();
      }
    },
  };
}

/** `12x<crmid>` at `2024-05-<day> 12:00:00`. */
export function rec(crmid: number, day: number, data: Record<string, string> = {}): SinkRecord {
  return {
    id: `12x${crmid}`,
    modifiedtime: `2024-05-${String(day).padStart(2, '0')} 12:00:00`,
    data: { lastname: `Name ${crmid}`, version: String(day), ...data },
  };
}
