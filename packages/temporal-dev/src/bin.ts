#!/usr/bin/env node
/* eslint-disable no-console -- a command-line tool talks on the console */
import { parseArgs } from 'node:util';
import { resolveTemporalCli, temporalCliVersion } from './cli';
import { startDevServer } from './dev-server';

const usage = `Usage:
  vtiger-temporal-dev ensure-cli            resolve the temporal CLI (build it with Go if needed) and print its path
  vtiger-temporal-dev server [--ui] [--db-filename FILE] [--port N] [--ui-port N]
                                            run a dev server until Ctrl-C`;

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const progress = (line: string): void => console.error(line);
  if (command === 'ensure-cli') {
    const cli = await resolveTemporalCli({ env: process.env, onProgress: progress });
    console.error(`temporal CLI (${cli.source}): ${temporalCliVersion(cli.path)}`);
    console.log(cli.path);
    return;
  }
  if (command === 'server') {
    const { values } = parseArgs({
      args: rest,
      options: {
        ui: { type: 'boolean', default: false },
        'db-filename': { type: 'string' },
        port: { type: 'string' },
        'ui-port': { type: 'string' },
      },
    });
    const cli = await resolveTemporalCli({ env: process.env, onProgress: progress });
    const server = await startDevServer({
      cliPath: cli.path,
      ui: values.ui,
      dbFilename: values['db-filename'],
      port: values.port ? Number(values.port) : undefined,
      uiPort: values['ui-port'] ? Number(values['ui-port']) : undefined,
      logLevel: 'warn',
      onLog: progress,
    });
    console.log(`Temporal dev server on ${server.address}${server.uiUrl ? `, Web UI ${server.uiUrl}` : ''}`);
    const shutdown = (): void => void server.stop().then(() => process.exit(0));
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    await server.exited;
    return;
  }
  console.error(usage);
  process.exitCode = 2;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
