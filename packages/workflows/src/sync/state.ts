import type { VtigerSessionHandle } from '@vtiger-temporal/common';

/** Where a module's sync stands. */
export type ModulePhase = 'pending' | 'full' | 'incremental' | 'reconcile' | 'sync-op' | 'idle' | 'done';

/** Counters of one module (cumulative over the whole sync, across continue-as-new). */
export interface ModuleCounters {
  /** Records read from Vtiger and handed to the sink (re-reads included). */
  read: number;
  /** New records stored. */
  inserted: number;
  /** Stored records changed (newer modifiedtime, or revived). */
  updated: number;
  /** Re-read records that were already up to date. */
  unchanged: number;
  /** Records tombstoned because Vtiger no longer has them. */
  tombstoned: number;
  /** Batch activities completed. */
  batches: number;
  /** Passes completed, by kind. */
  passes: { full: number; incremental: number; reconcile: number; syncOp: number };
}

/** One module's sync state: what the `progress` query shows and what continue-as-new carries. */
export interface ModuleState {
  module: string;
  phase: ModulePhase;
  /** True once a full load (or first `sync-op` catch-up) finished. */
  loaded: boolean;
  /** Live records in Vtiger when the full load started (`SELECT count(*)`), for a percentage. */
  total?: number;
  /** The running pass's cursor (last id written), or the `sync-op` cursor between passes. */
  cursor?: string;
  /** Workflow time (epoch ms) the running pass started. */
  passStartedAt?: number;
  /** Highest modifiedtime read by the running pass. */
  passMaxModifiedtime?: string;
  /** `modifiedtime >=` of the next incremental pass (server time). */
  watermark?: string;
  /** Workflow time of the last pass that finished, and of the last reconcile (full loads reconcile too). */
  lastPassAt?: number;
  lastReconcileAt?: number;
  /** The last failure of a pass (follow mode keeps going and retries at the next poll). */
  lastError?: string;
  counters: ModuleCounters;
}

/** Session counters of one lane. */
export interface LaneCounters {
  logins: number;
  renewals: number;
  keepAlives: number;
}

/** One lane: a kept-alive session and the modules it syncs, one after another. */
export interface LaneState {
  modules: string[];
  /** Session handed over at continue-as-new (sealed name). */
  session?: VtigerSessionHandle;
  counters: LaneCounters;
  /** `syncNow` requests (and those asking for a reconcile) this lane has acted on. */
  syncNowSeen: number;
  reconcileSeen: number;
  /** Workflow time (epoch ms) of this lane's next poll in follow mode. */
  nextPollAt?: number;
}

/** The state continue-as-new carries into the next run (the input's `carry`). */
export interface SyncCarry {
  /** Runs before this one (continue-as-new count). */
  run: number;
  modulesChecked: boolean;
  paused: boolean;
  /** `syncNow` signals received, and those that asked for a reconcile (each lane counts what it acted on). */
  syncNowRequests: number;
  reconcileRequests: number;
  modules: ModuleState[];
  lanes: LaneState[];
}

/** The sync's overall state, also the `VtigerSyncState` search attribute. */
export type SyncStateName = 'starting' | 'loading' | 'following' | 'paused' | 'stopping' | 'completed' | 'stopped';

/** What the `progress` query returns (and, at the end, the workflow's result). */
export interface SyncProgress {
  state: SyncStateName;
  mode: 'once' | 'follow';
  connection: string;
  sink: string;
  strategy: 'query' | 'sync-op';
  /** Continue-as-new count so far. */
  run: number;
  /**
   * Records inserted or updated in the sink, all modules. Exact in normal runs; after a worker crash or a server
   * outage it can be lower than the sink's count, because pages a lost attempt wrote after its last recorded
   * heartbeat are read again and counted as unchanged (the sink itself stays exact).
   */
  recordsSynced: number;
  /** Records tombstoned, all modules. */
  recordsDeleted: number;
  modules: ModuleState[];
  sessions: LaneCounters;
  /** Workflow time (ISO) the next poll is due in follow mode. */
  nextPollAt?: string;
}

/** The workflow's result: the final progress. */
export type SyncResult = SyncProgress;

export function zeroCounters(): ModuleCounters {
  return {
    read: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    tombstoned: 0,
    batches: 0,
    passes: { full: 0, incremental: 0, reconcile: 0, syncOp: 0 },
  };
}
