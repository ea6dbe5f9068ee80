import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { SyncProgress } from './state';

/** Query `progress`: the sync's state, per-module counters and cursors, session counters. */
export const syncProgressQuery = defineQuery<SyncProgress>('progress');

/** Signal `pause`: lanes stop after their current batch; sessions stay kept alive. */
export const pauseSyncSignal = defineSignal('pause');

/** Signal `resume`: undoes `pause`. */
export const resumeSyncSignal = defineSignal('resume');

/**
 * Signal `stop`: graceful stop. Each lane finishes the batch it is running (every page of it is committed), logs
 * out, and the workflow completes with state `stopped`. Nothing is lost: a later sync picks up from the sink.
 */
export const stopSyncSignal = defineSignal('stop');

/** Signal `syncNow`: `follow` mode polls at once instead of waiting; `{ "reconcile": true }` also reconciles. */
export const syncNowSignal = defineSignal<[SyncNowRequest?]>('syncNow');

/** Argument of {@link syncNowSignal}. */
export interface SyncNowRequest {
  /** Also run a reconcile pass (tombstone records deleted in Vtiger) on every module. @default false */
  reconcile?: boolean;
}
