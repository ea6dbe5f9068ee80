import { resolveTemporalCli, startDevServer, type DevServer } from '@vtiger-temporal/temporal-dev';
import { TEST_SEARCH_ATTRIBUTES } from './search-attributes';

declare global {
  var __TEMPORAL_DEV_SERVER__: DevServer | undefined;
}

/**
 * Starts one Temporal dev server with its Web UI for the whole test run (or uses TEMPORAL_ADDRESS, and
 * TEMPORAL_UI_URL when set) and publishes its address and UI URL to the test files through environment variables,
 * which jest's workers inherit.
 */
export default async function globalSetup(): Promise<void> {
  const cli = await resolveTemporalCli({ env: process.env, onProgress: (line) => console.log(line) });
  process.env.TEMPORAL_CLI_PATH = cli.path;
  if (process.env.TEMPORAL_ADDRESS) {
    const ui = process.env.TEMPORAL_UI_URL
      ? `its Web UI at ${process.env.TEMPORAL_UI_URL} (TEMPORAL_UI_URL)`
      : 'no Web UI (TEMPORAL_UI_URL unset: the Web UI suite fails saying so)';
    console.log(`\nUsing the Temporal server at ${process.env.TEMPORAL_ADDRESS} (TEMPORAL_ADDRESS) and ${ui}.`);
    return;
  }
  const started = Date.now();
  const server = await startDevServer({
    cliPath: cli.path,
    searchAttributes: TEST_SEARCH_ATTRIBUTES,
    // The Web UI suites drive it in Chromium; serving it costs the server little.
    ui: true,
    dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 200 },
  });
  globalThis.__TEMPORAL_DEV_SERVER__ = server;
  process.env.TEMPORAL_ADDRESS = server.address;
  process.env.TEMPORAL_NAMESPACE = server.namespace;
  if (server.uiUrl) process.env.TEMPORAL_UI_URL = server.uiUrl;
  console.log(
    `\nTemporal dev server (${cli.source} CLI ${cli.path}) on ${server.address}, Web UI ${server.uiUrl}, pid ${
      server.pid
    }, ready in ${Date.now() - started} ms.`,
  );
}
