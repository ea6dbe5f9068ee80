import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { AesGcmPayloadCodec, parseCodecKey } from '@vtiger-temporal/codec';
import { loadWorkerConfig, runVtigerWorker } from '@vtiger-temporal/worker';
import { temporalTestEnv } from './env';

const run = promisify(execFile);
let runtimeInstalled = false;

/** Quiet SDK logs in tests: warnings and errors only. */
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

/** Bundles `@vtiger-temporal/workflows` (once per test file). */
export function bundleProjectWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: require.resolve('@vtiger-temporal/workflows'),
    logger: new DefaultLogger('WARN'),
  });
}

/** A running project worker (the worker app's own code) on a unique task queue. */
export interface TestWorker {
  taskQueue: string;
  client: Client;
  stop(): Promise<void>;
}

/**
 * Starts the worker app in-process with configuration read from an env-like object, exactly as the process would
 * read it, against the test's Temporal server.
 */
export async function startTestWorker(options: {
  env: Record<string, string>;
  bundle: WorkflowBundleWithSourceMap;
  taskQueue?: string;
}): Promise<TestWorker> {
  quietRuntime();
  const { address, namespace } = temporalTestEnv();
  const taskQueue = options.taskQueue ?? `vtiger-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const config = loadWorkerConfig({
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: namespace,
    VTIGER_TEMPORAL_TASK_QUEUE: taskQueue,
    ...options.env,
  });
  const controller = new AbortController();
  let ready!: () => void;
  const readyPromise = new Promise<void>((resolve) => (ready = resolve));
  const done = runVtigerWorker(config, { signal: controller.signal, workflowBundle: options.bundle, onReady: ready });
  await Promise.race([readyPromise, done]);
  const connection = await Connection.connect({ address });
  const codec = config.codecKey ? new AesGcmPayloadCodec({ key: parseCodecKey(config.codecKey) }) : undefined;
  const client = new Client({ connection, namespace, dataConverter: codec ? { payloadCodecs: [codec] } : undefined });
  return {
    taskQueue,
    client,
    async stop() {
      controller.abort();
      await done;
      await connection.close();
    },
  };
}

/** Names of the activities the workflow scheduled, in order, from its history. */
export async function scheduledActivities(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? [])
    .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
    .filter((name): name is string => typeof name === 'string');
}

/** Runs the real `temporal` binary against the test server and returns stdout. */
export async function temporalCli(args: string[]): Promise<string> {
  const { address, namespace, cliPath } = temporalTestEnv();
  const { stdout } = await run(cliPath, [...args, '--address', address, '--namespace', namespace], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}
