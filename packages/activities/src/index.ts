/**
 * @vtiger-temporal/activities — the Vtiger webservice as Temporal activities. The one place the client meets
 * Temporal: client errors become failures whose `type` is the error class (see `FailureTypes`).
 *
 * ```ts
 * import { Worker } from '@temporalio/worker';
 * import { createVtigerActivities } from '@vtiger-temporal/activities';
 *
 * const activities = createVtigerActivities({
 *   connections: { default: { url: 'https://crm.example.com', username: 'admin', accessKey } },
 * });
 * await Worker.create({ taskQueue: 'vtiger', workflowsPath: require.resolve('@vtiger-temporal/workflows'), activities });
 * ```
 *
 * In a workflow: `proxyActivities<VtigerActivities>(…)` with `import type { VtigerActivities }`.
 */

// The factory
export { createVtigerActivities } from './activities';
export type {
  VtigerActivities,
  VtigerActivityDeps,
  LogoutResult,
  QueryAllInput,
  QueryPageInput,
  QueryPageResult,
} from './activities';

// Connections
export { ConnectionRegistry } from './connections';
export type { ConnectionProfile, Connection } from './connections';

// The sync's batch activity and its sinks
export { SinkRegistry } from './sync/sink-registry';
export type { SinkProfile } from './sync/sink-registry';
export type { SyncBatchInput, SyncBatchProgress, SyncPassKind } from './sync/sync-batch';

// Failures
export { toActivityFailure } from './failures';
