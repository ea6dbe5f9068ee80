import net from 'node:net';
import { startDevServer, type DevServer } from '@vtiger-temporal/temporal-dev';
import { temporalTestEnv } from './env';
import { TEST_SEARCH_ATTRIBUTES } from './search-attributes';

/** A free TCP port on loopback (free when asked; a dev server restarted on it must win it back). */
export async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/**
 * A Temporal dev server of a test's own (not the run's shared one), on a fixed `port` and persisted in
 * `dbFilename`, so that stopping it and starting it again with the same arguments brings back every workflow.
 * Same CLI, search attributes and continue-as-new threshold as the shared server.
 */
export function startOwnDevServer(options: { port: number; dbFilename: string }): Promise<DevServer> {
  return startDevServer({
    cliPath: temporalTestEnv().cliPath,
    port: options.port,
    dbFilename: options.dbFilename,
    searchAttributes: TEST_SEARCH_ATTRIBUTES,
    dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 200 },
  });
}
