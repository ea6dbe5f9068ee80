import {
  SCHEMA_VERSION,
  SinkConfigError,
  SinkError,
  checksumRecords,
  openPostgresSink,
  openSink,
  parseSinkUrl,
} from '@vtiger-temporal/sinks';
import { PG_URL, postgresHarness, rec, uniqueName } from '../support/databases';

describe('openPostgresSink', () => {
  let harness: Awaited<ReturnType<typeof postgresHarness>>;

  beforeAll(async () => {
    harness = await postgresHarness();
  });

  afterAll(async () => {
    await harness?.teardown();
  });

  test('creates the table, its (module, crmid) index and the meta row, in the requested schema', async () => {
    const sink = await openPostgresSink({ pool: harness.pool, schema: harness.schema, tableName: 'crm_rows' });
    await sink.upsertPage('Contacts', [rec(1, 1)]);
    await sink.close();

    const { rows: meta } = await harness.pool.query(
      `SELECT table_name, schema_version FROM "${harness.schema}".vtiger_sink_meta WHERE table_name = 'crm_rows'`,
    );
    expect(meta).toEqual([{ table_name: 'crm_rows', schema_version: SCHEMA_VERSION }]);
    const { rows: index } = await harness.pool.query(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'crm_rows' AND indexname LIKE '%crmid'`,
      [harness.schema],
    );
    expect(index[0]?.indexdef).toMatch(/\(module, crmid\)/);
    const { rows } = await harness.pool.query(
      `SELECT module, id, crmid, modifiedtime, record, deleted_at, synced_at IS NOT NULL AS synced FROM "${harness.schema}".crm_rows`,
    );
    expect(rows).toEqual([
      {
        module: 'Contacts',
        id: '12x1',
        crmid: '1',
        modifiedtime: '2024-05-01 12:00:00',
        record: rec(1, 1).data,
        deleted_at: null,
        synced: true,
      },
    ]);
  });

  test('a pool passed in stays open after close', async () => {
    const sink = await openPostgresSink({ pool: harness.pool, schema: harness.schema });
    await sink.close();
    await expect(harness.pool.query('SELECT 1')).resolves.toBeDefined();
  });

  test('workers opening a new schema at the same moment all succeed', async () => {
    const schema = uniqueName('sink_test_race');
    try {
      const sinks = await Promise.all(
        Array.from({ length: 5 }, () => openPostgresSink({ connectionString: PG_URL, schema, maxConnections: 2 })),
      );
      await Promise.all(sinks.map((sink, i) => sink.upsertPage('Contacts', [rec(i + 1, 1)])));
      expect(await sinks[0]?.count('Contacts')).toBe(5);
      await Promise.all(sinks.map((sink) => sink.close()));
    } finally {
      await harness.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  });

  test('sinks on two tables of one schema share a pool without mixing rows', async () => {
    const a = await openPostgresSink({ pool: harness.pool, schema: harness.schema, tableName: 'table_a' });
    const b = await openPostgresSink({ pool: harness.pool, schema: harness.schema, tableName: 'table_b' });
    await a.upsertPage('Contacts', [rec(1, 1)]);
    await b.upsertPage('Contacts', [rec(2, 1), rec(3, 1)]);
    expect(await a.checksum('Contacts')).toEqual(checksumRecords([rec(1, 1)]));
    expect(await b.count('Contacts')).toBe(2);
    await a.close();
    await b.close();
  });

  test('openSink opens the schema named in a postgres URL', async () => {
    const url = new URL(PG_URL);
    url.searchParams.set('schema', harness.schema);
    const config = parseSinkUrl(url.toString());
    expect(config).toEqual({ kind: 'postgres', connectionString: PG_URL, schema: harness.schema });
    const sink = await openSink(config);
    expect(sink.kind).toBe('postgres');
    await sink.upsertPage('Potentials', [rec(9, 9)]);
    const { rows } = await harness.pool.query(
      `SELECT id FROM "${harness.schema}".vtiger_records WHERE module = 'Potentials'`,
    );
    expect(rows).toEqual([{ id: '12x9' }]);
    await sink.close();
  });

  test('a postgres URL with an upper-case scheme is passed to pg as is and opens the real database', async () => {
    const upper = PG_URL.replace(/^postgres(ql)?:/i, (scheme) => scheme.toUpperCase());
    const config = parseSinkUrl(upper);
    expect(config).toEqual({ kind: 'postgres', connectionString: upper });
    if (config.kind !== 'postgres') throw new Error('expected a postgres config');
    const sink = await openSink({ ...config, schema: harness.schema });
    await sink.upsertPage('Campaigns', [rec(7, 7)]);
    expect(await sink.count('Campaigns')).toBe(1);
    await sink.close();
  });

  test('an upsert that loses a real deadlock is retried and succeeds', async () => {
    const sink = await openPostgresSink({ pool: harness.pool, schema: harness.schema });
    const table = `"${harness.schema}".vtiger_records`;
    await sink.upsertPage('Deadlock', [rec(1, 1), rec(2, 1)]);
    const other = await harness.pool.connect();
    try {
      // The other session waits long before checking for deadlocks, so the sink's statement (1s) is the victim.
      await other.query("SET deadlock_timeout = '10s'");
      await other.query('BEGIN');
      await other.query(`UPDATE ${table} SET synced_at = now() WHERE module = 'Deadlock' AND id = '12x2'`);
      // The sink locks 12x1, then waits for 12x2 …
      const upsert = sink.upsertPage('Deadlock', [rec(1, 2), rec(2, 2)]);
      await waitFor(async () => {
        const { rows } = await harness.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%unnest%'`,
        );
        return (rows[0]?.n ?? 0) > 0;
      });
      // … while the other session now wants 12x1: a deadlock, which PostgreSQL breaks by aborting the sink's statement.
      await other.query(`UPDATE ${table} SET synced_at = now() WHERE module = 'Deadlock' AND id = '12x1'`);
      await other.query('COMMIT');
      expect(await upsert).toEqual({ inserted: 0, updated: 2, unchanged: 0 });
      expect(await sink.records('Deadlock')).toEqual([rec(1, 2), rec(2, 2)]);
    } finally {
      await other.query('ROLLBACK').catch(() => undefined);
      other.release();
      await sink.close();
    }
  });

  test('refuses a table written by a newer schema version', async () => {
    await (await openPostgresSink({ pool: harness.pool, schema: harness.schema, tableName: 'from_future' })).close();
    await harness.pool.query(
      `UPDATE "${harness.schema}".vtiger_sink_meta SET schema_version = $1 WHERE table_name = 'from_future'`,
      [SCHEMA_VERSION + 1],
    );
    await expect(
      openPostgresSink({ pool: harness.pool, schema: harness.schema, tableName: 'from_future' }),
    ).rejects.toThrow(/schema version 2, newer than the 1 .* upgrade the package/);
  });

  test('an unreachable server fails with a retryable SinkError whose message hides the password', async () => {
    const opening = openPostgresSink({
      connectionString: 'postgres://vtiger:s3cr3t-pw@127.0.0.1:1/nowhere',
      connectTimeoutMs: 2000,
    });
    await expect(opening).rejects.toThrow(SinkError);
    const error = (await opening.catch((e: unknown) => e)) as SinkError;
    expect(error).toMatchObject({ operation: 'open', sink: 'postgres', retryable: true, code: 'ECONNREFUSED' });
    expect(error.message).toContain('postgres://vtiger:***@127.0.0.1:1/nowhere');
    expect(error.message).not.toContain('s3cr3t-pw');
  });

  test('rejects bad options with SinkConfigError naming the field', async () => {
    await expect(openPostgresSink({})).rejects.toThrow(/exactly one of connectionString or pool/);
    await expect(openPostgresSink({ connectionString: PG_URL, pool: harness.pool })).rejects.toThrow(SinkConfigError);
    await expect(openPostgresSink({ connectionString: 'mysql://root:hunter2@db/crm' })).rejects.toThrow(
      'connectionString must look like postgres://user:password@host:5432/database; got "mysql://root:***@db/crm"',
    );
    await expect(openPostgresSink({ pool: harness.pool, schema: 'public; DROP' })).rejects.toThrow(
      /schema must be a plain SQL identifier/,
    );
    await expect(openPostgresSink({ pool: harness.pool, tableName: '1table' })).rejects.toThrow(
      /tableName must be a plain SQL identifier/,
    );
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
