import fs from 'node:fs';
import { ConnectionRegistry, SinkRegistry, createVtigerActivities } from '@vtiger-temporal/activities';
import { AesGcmPayloadCodec, parseCodecKey, startCodecServer, type CodecServer } from '@vtiger-temporal/codec';
import { NativeConnection, Runtime, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { WorkerConfig } from './config';
import { PREBUILT_WORKFLOW_BUNDLE } from './prebuilt-bundle';
import { missingSearchAttributes, registrationCommands } from './search-attributes';

/** Options of {@link runVtigerWorker}. */
export interface RunWorkerOptions {
  /** Stops the worker gracefully when aborted (in-flight activities finish or are cancelled after the grace time). */
  signal?: AbortSignal;
  /**
   * A pre-built workflow bundle (tests reuse one). Default: the bundle the build wrote (`dist/workflow-bundle.js`),
   * or `@vtiger-temporal/workflows` bundled at start when there is none.
   */
  workflowBundle?: WorkflowBundleOption;
  /** How long in-flight activities get to finish on shutdown before they are cancelled. @default '30 seconds' */
  shutdownGraceTime?: string;
  /** Called once the worker polls, with the codec server URL if one runs. */
  onReady?: (info: { taskQueue: string; codecServerUrl: string | undefined }) => void;
}

/**
 * Runs the Vtiger worker until `signal` aborts: registers the Vtiger activities (with the configured sinks, opened
 * on first use) and the workflows bundle on the task queue, with the AES-256-GCM payload codec (and its codec server) when a codec key is configured. Closes
 * everything it opened before resolving.
 */
export async function runVtigerWorker(config: WorkerConfig, options: RunWorkerOptions = {}): Promise<void> {
  const registry = new ConnectionRegistry(config.connections);
  const sinks = new SinkRegistry(config.sinks);
  const codec = config.codecKey ? new AesGcmPayloadCodec({ key: parseCodecKey(config.codecKey) }) : undefined;
  let codecServer: CodecServer | undefined;
  const address = config.temporal.connection.address ?? 'localhost:7233';
  const connection = await NativeConnection.connect(config.temporal.connection).catch((error: unknown) => {
    throw new Error(
      `cannot connect to the Temporal server at ${address} (TEMPORAL_ADDRESS or the temporal.toml profile): ${
        error instanceof Error ? error.message : String(error)
      }`,
      { cause: error },
    );
  });
  try {
    if (codec && config.codecPort !== undefined) {
      codecServer = await startCodecServer({
        codec,
        port: config.codecPort,
        allowedOrigins: [...config.codecCorsOrigins],
      });
    }
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.taskQueue,
      ...(options.workflowBundle
        ? { workflowBundle: options.workflowBundle }
        : fs.existsSync(PREBUILT_WORKFLOW_BUNDLE)
          ? { workflowBundle: { codePath: PREBUILT_WORKFLOW_BUNDLE } }
          : { workflowsPath: require.resolve('@vtiger-temporal/workflows') }),
      activities: createVtigerActivities({ connections: registry, sinks }),
      dataConverter: codec ? { payloadCodecs: [codec] } : undefined,
      maxConcurrentActivityTaskExecutions: config.maxConcurrentActivities,
      shutdownGraceTime: options.shutdownGraceTime ?? '30 seconds',
    });
    const missing = await missingSearchAttributes(connection, config.temporal.namespace);
    if (missing && missing.length > 0) {
      Runtime.instance().logger.warn(
        `Namespace "${config.temporal.namespace}" lacks the search attributes ${missing.join(', ')}: vtigerSyncWorkflow ` +
          'upserts them, and its workflow tasks fail until they are registered (or start it with "searchAttributes": false)',
        { missing, register: registrationCommands(config.temporal.namespace, missing) },
      );
    }
    const onAbort = (): void => worker.shutdown();
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    const running = worker.run();
    options.onReady?.({ taskQueue: config.taskQueue, codecServerUrl: codecServer?.url });
    try {
      await running;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  } finally {
    await codecServer?.close();
    await registry.close();
    await sinks.close();
    await connection.close();
  }
}
