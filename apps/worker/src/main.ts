#!/usr/bin/env node
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { loadWorkerConfig, WorkerConfigError } from './config';
import { runVtigerWorker } from './worker';

/** JSON.stringify drops an error's name and message (not own enumerable properties): keep them. */
function withErrors(_key: string, value: unknown): unknown {
  return value instanceof Error ? { ...value, name: value.name, message: value.message } : value;
}

// Structured JSON lines on stdout. Activities never log secrets, and the SDK does not log payloads.
function installLogger(level: LogLevel): void {
  Runtime.install({
    // This process handles SIGINT/SIGTERM itself (graceful shutdown below); the SDK must not act on them too.
    shutdownSignals: [],
    // Core's own warnings (e.g. polls failing while the server is away) go through the same JSON logger.
    telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } },
    logger: new DefaultLogger(level, (entry) => {
      const { sdkComponent, ...meta } = entry.meta ?? {};
      process.stdout.write(
        `${JSON.stringify(
          {
            time: new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString(),
            level: entry.level.toLowerCase(),
            component: sdkComponent,
            msg: entry.message,
            ...meta,
          },
          withErrors,
        )}\n`,
      );
    }),
  });
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadWorkerConfig(process.env);
  } catch (error) {
    if (error instanceof WorkerConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  installLogger((process.env.VTIGER_TEMPORAL_LOG_LEVEL?.toUpperCase() as LogLevel | undefined) ?? 'INFO');
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stdout.write(`${JSON.stringify({ level: 'info', msg: `${signal}: shutting down gracefully` })}\n`);
      controller.abort();
    });
  }
  await runVtigerWorker(config, {
    signal: controller.signal,
    onReady: ({ taskQueue, codecServerUrl }) =>
      process.stdout.write(
        `${JSON.stringify({
          level: 'info',
          msg: 'vtiger worker ready',
          taskQueue,
          namespace: config.temporal.namespace,
          connections: Object.keys(config.connections),
          codecServer: codecServerUrl,
        })}\n`,
      ),
  });
  process.stdout.write(`${JSON.stringify({ level: 'info', msg: 'vtiger worker stopped' })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`vtiger worker failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
