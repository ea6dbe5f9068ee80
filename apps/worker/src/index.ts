/**
 * @vtiger-temporal/worker — the worker process (`vtiger-temporal-worker`), and its parts for embedding it in
 * another process (the demo, tests).
 *
 * ```ts
 * const config = loadWorkerConfig(process.env);
 * await runVtigerWorker(config, { signal });
 * ```
 */

// Configuration
export { loadWorkerConfig, WorkerConfigError } from './config';
export type { WorkerConfig } from './config';

// Running
export { runVtigerWorker } from './worker';
export type { RunWorkerOptions } from './worker';
