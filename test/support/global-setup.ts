import { resolveTemporalCli, startDevServer, type DevServer } from '@vtiger-temporal/temporal-dev';
import { TEST_SEARCH_ATTRIBUTES } from './search-attributes';

declare global {
  var __TEMPORAL_DEV_SERVER__: DevServer | undefined;
}

/**
 * Starts one Temporal dev server for the whole test run (or uses TEMPORAL_ADDRESS when set) and publishes its
 * address to the test files through environment variables, which jest's workers inherit.
 */
export default async function globalSetup(): Promise<void> {
  const cli = await resolveTemporalCli({ env: process.env, onProgress: (line) => console.log(line) });
  process.env.TEMPORAL_CLI_PATH = cli.path;
  if (process.env.TEMPORAL_ADDRESS) {
    console.log(`\nUsing the Temporal server at ${process.env.TEMPORAL_ADDRESS} (TEMPORAL_ADDRESS).`);
    return;
  }
  const started = Date.now();
  const server = await startDevServer({
    cliPath: cli.path,
    searchAttributes: TEST_SEARCH_ATTRIBUTES,
    dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 200 },
  });
  globalThis.__TEMPORAL_DEV_SERVER__ = server;
  process.env.TEMPORAL_ADDRESS = server.address;
  process.env.TEMPORAL_NAMESPACE = server.namespace;
  console.log(
    `\nTemporal dev server (${cli.source} CLI ${cli.path}) on ${server.address}, pid ${server.pid}, ready in ${
      Date.now() - started
    } ms.`,
  );
}
