/**
 * @vtiger-temporal/workflows — workflow code for the Temporal sandbox: the kept-alive Vtiger session helper any
 * workflow can use, and ready-made workflows built on it.
 *
 * ```ts
 * import { proxyActivities } from '@temporalio/workflow';
 * import { withVtigerSession } from '@vtiger-temporal/workflows';
 * import type { VtigerActivities } from '@vtiger-temporal/activities';
 *
 * const { query } = proxyActivities<VtigerActivities>({ startToCloseTimeout: '1 minute' });
 * export async function countContacts(): Promise<string> {
 *   return withVtigerSession({ connection: 'default' }, async (session) => {
 *     const rows = await session.use((s) => query({ ...s, query: 'SELECT count(*) FROM Contacts;' }));
 *     return rows[0]?.count ?? '0';
 *   });
 * }
 * ```
 *
 * Worker: `workflowsPath: require.resolve('@vtiger-temporal/workflows')`.
 */

// The session helper (reuse it in your own workflows)
export { withVtigerSession, KeptAliveSession, isSessionFailure, failureProgress } from './session/kept-alive-session';
export type { VtigerSessionOptions, SessionArgs } from './session/kept-alive-session';

// Bulk revise
export { vtigerBulkReviseWorkflow, bulkReviseProgressQuery } from './bulk-revise';
export type { BulkReviseInput, BulkReviseProgress, BulkReviseResult } from './bulk-revise';

// Workflows used by the end-to-end tests of the session helper
export { vtigerSessionProbeWorkflow } from './session-probe';
export type { SessionProbeInput, SessionProbeResult } from './session-probe';

// The sync
export { vtigerSyncWorkflow } from './sync/sync-workflow';
export { syncProgressQuery, pauseSyncSignal, resumeSyncSignal, stopSyncSignal, syncNowSignal } from './sync/messages';
export type { SyncNowRequest } from './sync/messages';
export { validateSyncInput } from './sync/input';
export type { SyncInput, SyncOptions } from './sync/input';
export { nextWatermark, shiftDateTime, EPOCH_WATERMARK } from './sync/watermark';
export type { SyncProgress, SyncResult, SyncStateName, ModuleState, ModuleCounters, ModulePhase } from './sync/state';
