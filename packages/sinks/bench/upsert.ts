/**
 * Upsert throughput of both sinks: 100k Contacts-like records (~25 fields) in 100-record pages, one page at a time
 * as a single sync lane writes them. Three passes: insert into an empty table, re-upsert the same pages
 * (idempotent re-read: all unchanged), and update every record (newer modifiedtime).
 *
 *   npm run bench -w @vtiger-temporal/sinks
 *
 * BENCH_RECORDS (default 100000), BENCH_PAGE_SIZE (default 100), BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test; a scratch schema is created and dropped).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import {
  type Sink,
  type SinkRecord,
  openPostgresSink,
  openSqliteSink,
  redactConnectionString,
} from '@vtiger-temporal/sinks';

const TOTAL = Number(process.env.BENCH_RECORDS ?? 100_000);
const PAGE_SIZE = Number(process.env.BENCH_PAGE_SIZE ?? 100);
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function contact(crmid: number, modifiedtime: string): SinkRecord {
  const data: Record<string, string> = {
    id: `12x${crmid}`,
    contact_no: `CON${crmid}`,
    firstname: `First${crmid}`,
    lastname: `Last${crmid}`,
    email: `person${crmid}@example.com`,
    phone: `+1 555 ${String(crmid).padStart(7, '0')}`,
    mailingcity: 'Springfield',
    mailingstreet: `${crmid} Main Street`,
    mailingzip: String(10000 + (crmid % 89999)),
    account_id: `11x${crmid % 500}`,
    assigned_user_id: '19x1',
    createdtime: '2020-01-01 00:00:00',
    modifiedtime,
    description: 'A contact generated for the sink benchmark, with a little free text like real CRM notes.',
  };
  for (let i = 1; i <= 11; i += 1) data[`cf_${850 + i}`] = i % 3 === 0 ? '' : `custom value ${i}`;
  return { id: `12x${crmid}`, modifiedtime, data };
}

function pages(modifiedtime: string): SinkRecord[][] {
  const result: SinkRecord[][] = [];
  for (let start = 1; start <= TOTAL; start += PAGE_SIZE) {
    const page: SinkRecord[] = [];
    for (let crmid = start; crmid < start + PAGE_SIZE && crmid <= TOTAL; crmid += 1)
      page.push(contact(crmid, modifiedtime));
    result.push(page);
  }
  return result;
}

async function pass(sink: Sink, label: string, input: SinkRecord[][]): Promise<void> {
  const totals = { inserted: 0, updated: 0, unchanged: 0 };
  const started = process.hrtime.bigint();
  for (const page of input) {
    const result = await sink.upsertPage('Contacts', page);
    totals.inserted += result.inserted;
    totals.updated += result.updated;
    totals.unchanged += result.unchanged;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = Math.round(TOTAL / seconds).toLocaleString('en-US');
  console.log(
    `  ${sink.kind.padEnd(8)} ${label.padEnd(10)} ${rate.padStart(9)} records/s  ` +
      `(${seconds.toFixed(2)} s, ${input.length} pages; ${totals.inserted} inserted, ${totals.updated} updated, ` +
      `${totals.unchanged} unchanged)`,
  );
}

async function run(sink: Sink): Promise<void> {
  const first = pages('2024-05-01 12:00:00');
  await pass(sink, 'insert', first);
  await pass(sink, 're-upsert', first);
  await pass(sink, 'update', pages('2024-05-02 12:00:00'));
  const { count } = await sink.checksum('Contacts');
  if (count !== TOTAL) throw new Error(`expected ${TOTAL} live records, found ${count}`);
}

async function main(): Promise<void> {
  console.log(`sink upsert benchmark: ${TOTAL.toLocaleString('en-US')} records in pages of ${PAGE_SIZE}, one lane`);

  const dir = mkdtempSync(join(tmpdir(), 'sinks-bench-'));
  try {
    const sink = await openSqliteSink({ filename: join(dir, 'bench.db') });
    try {
      await run(sink);
    } finally {
      await sink.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const schema = `sink_bench_${process.pid}`;
  const admin = new Pool({ connectionString: PG_URL, max: 1, connectionTimeoutMillis: 5000 });
  try {
    await admin.query('SELECT 1');
  } catch (error) {
    await admin.end();
    throw new Error(`PostgreSQL is not reachable at ${redactConnectionString(PG_URL)}: ${(error as Error).message}`);
  }
  try {
    const sink = await openPostgresSink({ connectionString: PG_URL, schema });
    try {
      await run(sink);
    } finally {
      await sink.close();
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
