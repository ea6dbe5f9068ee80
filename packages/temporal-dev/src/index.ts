/**
 * @vtiger-temporal/temporal-dev — a `temporal` CLI on a machine with no internet, and a dev server for tests,
 * demos and scripts.
 *
 * ```ts
 * import { resolveTemporalCli, startDevServer } from '@vtiger-temporal/temporal-dev';
 *
 * const cli = await resolveTemporalCli({ env: process.env, onProgress: console.log });
 * const server = await startDevServer({ cliPath: cli.path, ui: true });
 * console.log(server.address, server.uiUrl);
 * await server.stop();
 * ```
 */

// Resolving or building the CLI
export {
  resolveTemporalCli,
  buildTemporalCli,
  defaultToolsDir,
  cachedCliPath,
  temporalCliVersion,
  TEMPORAL_CLI_VERSION,
  TEMPORAL_CLI_MODULE,
} from './cli';
export type { ResolvedTemporalCli, ResolveTemporalCliOptions, BuildTemporalCliOptions, TemporalCliSource } from './cli';

// The dev server
export { startDevServer, devServerArgs } from './dev-server';
export type { DevServer, DevServerOptions, SearchAttributeTypeName } from './dev-server';

// Errors
export { TemporalCliNotFoundError, TemporalCliBuildError, DevServerStartError } from './errors';
