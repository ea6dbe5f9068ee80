import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { checksumRecords, openSink, parseSinkUrl, type Sink, type SinkChecksum } from '@vtiger-temporal/sinks';
import type { VtigerSim } from '@vtiger-temporal/vtiger-sim';
import { syncProgressQuery, type SyncProgress } from '@vtiger-temporal/workflows';
import { Client as PgClient } from 'pg';
import { startTestWorker, type TestWorker } from './harness';

/** The worker env that points the `default` connection at a simulator. */
export function simEnv(sim: VtigerSim): Record<string, string> {
  return { VTIGER_URL: sim.url, VTIGER_USERNAME: sim.admin.username, VTIGER_ACCESS_KEY: sim.admin.accessKey };
}

/** A fresh SQLite sink URL in a temp folder (removed by `cleanup`). */
export function tempSqliteUrl(): { url: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vtiger-sync-e2e-'));
  return {
    url: `sqlite:${path.join(dir, 'sync.db')}`,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The database the PostgreSQL suites use: `DATABASE_URL`, or this machine's server. */
const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A PostgreSQL sink URL on this machine's server, in a schema of its own (created by the sink on first use);
 * `cleanup` drops the schema and everything in it. Call it once the sink's connections are closed.
 */
export function tempPostgresUrl(): { url: string; cleanup(): Promise<void> } {
  const schema = `e2e_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    async cleanup() {
      const client = new PgClient({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(schema)} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Starts the worker app against `sim`, writing into `sinkUrl` (`default` sink profile). */
export function startSyncWorker(options: {
  sim: VtigerSim;
  sinkUrl: string;
  bundle: WorkflowBundleWithSourceMap;
  taskQueue?: string;
  env?: Record<string, string>;
}): Promise<TestWorker> {
  return startTestWorker({
    bundle: options.bundle,
    taskQueue: options.taskQueue,
    env: { ...simEnv(options.sim), VTIGER_SINK_URL: options.sinkUrl, ...options.env },
  });
}

/** The checksum of a module's live records on the simulator, computed as the sinks compute theirs. */
export function simChecksum(sim: VtigerSim, module: string): SinkChecksum {
  return checksumRecords(sim.records(module).map((r) => ({ id: r.id!, modifiedtime: r.modifiedtime!, data: r })));
}

/** Opens the sink at `url` (the test's own connection, beside the worker's). */
export function openTestSink(url: string): Promise<Sink> {
  return openSink(parseSinkUrl(url));
}

/** Per module: the sink's live count and checksum next to the simulator's, for one `toEqual`. */
export async function compareSinkWithSim(
  sink: Sink,
  sim: VtigerSim,
  modules: readonly string[],
): Promise<{ sink: Record<string, SinkChecksum>; sim: Record<string, SinkChecksum> }> {
  const out = { sink: {} as Record<string, SinkChecksum>, sim: {} as Record<string, SinkChecksum> };
  for (const m of modules) {
    out.sink[m] = await sink.checksum(m);
    out.sim[m] = simChecksum(sim, m);
  }
  return out;
}

/** Polls the `progress` query until `predicate` holds; fails with the last progress after `timeoutMs`. */
export async function waitForProgress(
  handle: WorkflowHandle,
  predicate: (p: SyncProgress) => boolean,
  timeoutMs = 60_000,
): Promise<SyncProgress> {
  const deadline = Date.now() + timeoutMs;
  let last: SyncProgress | undefined;
  for (;;) {
    try {
      last = await handle.query(syncProgressQuery);
      if (predicate(last)) return last;
    } catch (error) {
      // The query fails while a continue-as-new hands over to the next run; ask again.
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for the sync's progress; last: ${JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
