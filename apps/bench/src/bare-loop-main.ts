/**
 * The baseline without Temporal, run as its own process like the worker: one `VtigerClient` (one keep-alive pool),
 * one session per module, all modules at once, every page of `session.pages(module)` (keyset, 100 rows) written
 * with `sink.upsertPage` into a fresh SQLite sink. Prints one JSON line with the result.
 *
 * Env: VTIGER_URL, VTIGER_USERNAME, VTIGER_ACCESS_KEY, BENCH_BARE_SINK_URL, BENCH_BARE_MODULES (comma-separated).
 */
import { openSink, parseSinkUrl } from '@vtiger-temporal/sinks';
import { VtigerClient } from '@vtiger-temporal/vtiger-client';
import { readProcMemory } from './proc';

/** What the loop prints (one JSON line). */
export interface BareLoopOutput {
  ms: number;
  modules: { module: string; records: number; pages: number; ms: number }[];
  hwm: number;
}

async function main(): Promise<void> {
  const env = process.env;
  const config = Object.freeze({
    url: env.VTIGER_URL ?? '',
    username: env.VTIGER_USERNAME ?? '',
    accessKey: env.VTIGER_ACCESS_KEY ?? '',
    sinkUrl: env.BENCH_BARE_SINK_URL ?? '',
    modules: (env.BENCH_BARE_MODULES ?? '').split(',').filter(Boolean),
  });
  if (!config.url || !config.sinkUrl || config.modules.length === 0) {
    throw new Error('VTIGER_URL, BENCH_BARE_SINK_URL and BENCH_BARE_MODULES are required');
  }
  // The window matches the Temporal run's: from nothing open to the last page written.
  const started = performance.now();
  const sink = await openSink(parseSinkUrl(config.sinkUrl));
  const client = new VtigerClient({ url: config.url, username: config.username, accessKey: config.accessKey });
  try {
    const modules = await Promise.all(
      config.modules.map(async (module) => {
        const moduleStarted = performance.now();
        const session = await client.login();
        let records = 0;
        let pages = 0;
        for await (const page of session.pages(module, { pageSize: 100 })) {
          await sink.upsertPage(
            module,
            page.records.map((r) => ({ id: r.id, modifiedtime: r.modifiedtime ?? '', data: r })),
          );
          records += page.records.length;
          pages++;
        }
        return { module, records, pages, ms: performance.now() - moduleStarted };
      }),
    );
    const ms = performance.now() - started;
    const output: BareLoopOutput = { ms, modules, hwm: readProcMemory(process.pid)?.hwm ?? Number.NaN };
    process.stdout.write(`${JSON.stringify(output)}\n`);
  } finally {
    await client.close();
    await sink.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bare loop failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
