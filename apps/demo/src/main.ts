#!/usr/bin/env node
/**
 * `npm start`: everything on one machine. Resolves the `temporal` CLI, starts the dev server with the Web UI, the
 * Vtiger simulator (unless VTIGER_URL/VTIGER_USERNAME/VTIGER_ACCESS_KEY point at a real CRM), the worker, and starts
 * a workflow with the real `temporal` binary. Ctrl-C stops everything.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '@vtiger-temporal/common';
import { resolveTemporalCli, startDevServer } from '@vtiger-temporal/temporal-dev';
import { startVtigerSim } from '@vtiger-temporal/vtiger-sim';
import { loadWorkerConfig, runVtigerWorker } from '@vtiger-temporal/worker';

const run = promisify(execFile);
const say = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const env = process.env;
  const cli = await resolveTemporalCli({ env, onProgress: say });
  say(`temporal CLI: ${cli.path} (${cli.source})`);
  const server = await startDevServer({
    cliPath: cli.path,
    ui: true,
    searchAttributes: { ...SEARCH_ATTRIBUTE_REGISTRATIONS },
  });
  const useSim = !(env.VTIGER_URL && env.VTIGER_USERNAME && env.VTIGER_ACCESS_KEY);
  const sim = useSim ? await startVtigerSim({ records: Number(env.DEMO_RECORDS ?? 2000), latency: true }) : undefined;
  const vtiger = sim
    ? { VTIGER_URL: sim.url, VTIGER_USERNAME: sim.admin.username, VTIGER_ACCESS_KEY: sim.admin.accessKey }
    : {};
  const config = loadWorkerConfig({
    ...env,
    ...vtiger,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: server.namespace,
  });
  const controller = new AbortController();
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const worker = runVtigerWorker(config, { signal: controller.signal, onReady: () => ready() });
  await Promise.race([isReady, worker]);

  say(`\nVtiger:      ${sim ? `simulator ${sim.url} (user ${sim.admin.username})` : env.VTIGER_URL}`);
  say(`Temporal:    ${server.address}`);
  say(`Web UI:      ${server.uiUrl}/namespaces/${server.namespace}/workflows`);
  const workflowId = `vtiger-session-probe-${Date.now()}`;
  const input = JSON.stringify({ rounds: 1000, pause: '15 seconds', keepAliveInterval: '1 minute' });
  const args = ['workflow', 'start', '--address', server.address, '--task-queue', config.taskQueue];
  await run(cli.path, [...args, '--type', 'vtigerSessionProbeWorkflow', '--workflow-id', workflowId, '--input', input]);
  say(
    `Started:     ${cli.path} ${args.slice(0, 2).join(' ')} --task-queue ${config.taskQueue} --type vtigerSessionProbeWorkflow --workflow-id ${workflowId} --input '${input}'`,
  );
  say(
    `Try:         ${cli.path} workflow execute --address ${server.address} --task-queue ${config.taskQueue} --type vtigerBulkReviseWorkflow --input '{"module":"Contacts","where":{"field":"mailingcity","op":"=","value":"Berlin"},"set":{"department":"Sales"}}'`,
  );
  say('Ctrl-C stops everything.\n');

  const shutdown = async (): Promise<void> => {
    say('\nStopping: worker, simulator, Temporal dev server…');
    controller.abort();
    await worker.catch(() => undefined);
    await sim?.close();
    await server.stop();
    say('Stopped. Nothing left running.');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  await worker;
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
