import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  DEFAULT_VTIGER_RETRY_POLICY,
  VtigerConnectionSearchAttribute,
  VtigerModulesSearchAttribute,
  VtigerRecordsSyncedSearchAttribute,
  VtigerSyncStateSearchAttribute,
} from '@vtiger-temporal/common';
import type { SyncBatchProgress, SyncPassKind, VtigerActivities } from '@vtiger-temporal/activities';
import { failureProgress, withVtigerSession, type KeptAliveSession } from '../session/kept-alive-session';
import { renderDetails } from './details';
import { invalidInput, validateSyncInput, type SyncInput, type SyncOptions } from './input';
import { pauseSyncSignal, resumeSyncSignal, stopSyncSignal, syncNowSignal, syncProgressQuery } from './messages';
import {
  zeroCounters,
  type LaneState,
  type ModuleState,
  type SyncCarry,
  type SyncProgress,
  type SyncResult,
  type SyncStateName,
} from './state';
import { EPOCH_WATERMARK, nextWatermark } from './watermark';

/** Why a lane stopped working: the run is over, or it hands over to the next run. */
type LaneExit = 'finished' | 'stopped' | 'continue-as-new';

/** The sync's small reads, each with a summary for the Web UI. */
function reads(summary: string) {
  return proxyActivities<VtigerActivities>({
    startToCloseTimeout: '2 minutes',
    retry: DEFAULT_VTIGER_RETRY_POLICY,
    summary,
  });
}

function isNonRetryable(error: unknown): boolean {
  return error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && !!error.cause.nonRetryable;
}

function describeError(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause) return `${error.cause.name}: ${error.cause.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * The sync: copies Vtiger modules into a sink (SQLite or PostgreSQL, configured on the worker) and, in `follow`
 * mode, keeps them in step.
 *
 * - **Query strategy** (default): a keyset full load (`id > cursor ORDER BY id`; each page also tombstones stored
 *   ids Vtiger no longer has), then incremental passes by `modifiedtime >= watermark` (the watermark is derived from
 *   measured pass durations plus an overlap, so a record modified during a pass is never skipped) every
 *   `pollInterval`, and reconcile passes (ids only) every `reconcileInterval` to tombstone deleted records.
 * - Records go from the batch activity straight into the sink; only cursors and counts enter the history. A batch
 *   heartbeats its cursor after every page and resumes from it when retried.
 * - Modules are spread over `lanes`; each lane holds its own kept-alive session (logged in again when it dies) and
 *   syncs its modules one after another.
 * - Continue-as-new when Temporal suggests it, carrying cursors, watermarks, counters and the sessions.
 * - Messages: query `progress`; signals `pause`, `resume`, `stop` (graceful) and `syncNow`.
 * - Web UI: search attributes `VtigerConnection`, `VtigerModules`, `VtigerSyncState`, `VtigerRecordsSynced`;
 *   current details that read like a progress line; a summary on every activity.
 *
 * Bad input fails the workflow at once with a non-retryable `VtigerInputError` naming the field; unknown modules
 * are caught against `listtypes`.
 */
export async function vtigerSyncWorkflow(input: SyncInput): Promise<SyncResult> {
  const options = validateSyncInput(input);
  const carry: SyncCarry = input.carry ?? freshCarry(options);
  checkCarry(carry, options);
  const sync = new SyncRun(options, carry);
  return sync.run();
}

function freshCarry(options: SyncOptions): SyncCarry {
  const lanes: LaneState[] = Array.from({ length: Math.min(options.lanes, options.modules.length) }, () => ({
    modules: [],
    counters: { logins: 0, renewals: 0, keepAlives: 0 },
    syncNowSeen: 0,
    reconcileSeen: 0,
  }));
  options.modules.forEach((module, i) => lanes[i % lanes.length]!.modules.push(module));
  return {
    run: 0,
    modulesChecked: false,
    paused: false,
    syncNowRequests: 0,
    reconcileRequests: 0,
    modules: options.modules.map((module) => ({ module, phase: 'pending', loaded: false, counters: zeroCounters() })),
    lanes,
  };
}

function checkCarry(carry: SyncCarry, options: SyncOptions): void {
  const ok =
    Array.isArray(carry.modules) &&
    Array.isArray(carry.lanes) &&
    carry.modules.map((m) => m.module).join(',') === options.modules.join(',');
  if (!ok) throw invalidInput('carry', 'does not match `modules`; it is internal state, leave it out');
}

class SyncRun {
  readonly #options: SyncOptions;
  readonly #carry: SyncCarry;
  readonly #modules: Map<string, ModuleState>;
  #stopRequested = false;
  #continueAsNew = false;
  #lastSyncedAttribute = -1;
  #lastStateAttribute: SyncStateName | undefined;
  #finalState: SyncStateName | undefined;

  constructor(options: SyncOptions, carry: SyncCarry) {
    this.#options = options;
    this.#carry = carry;
    this.#modules = new Map(carry.modules.map((m) => [m.module, m]));
  }

  async run(): Promise<SyncResult> {
    this.#installHandlers();
    this.#publish();

    if (!this.#carry.modulesChecked) await this.#checkModules();

    const exits = await Promise.all(this.#carry.lanes.map((lane) => this.#runLane(lane)));
    if (exits.includes('continue-as-new') && !this.#stopRequested) {
      this.#publish();
      await condition(allHandlersFinished);
      log.info('Continuing as new', { run: this.#carry.run + 1, historyLength: workflowInfo().historyLength });
      const next: SyncCarry = { ...this.#carry, run: this.#carry.run + 1 };
      return continueAsNew<typeof vtigerSyncWorkflow>({ ...this.#inputWithoutCarry(), carry: next });
    }
    for (const m of this.#modules.values()) m.phase = 'done';
    this.#finalState = this.#stopRequested ? 'stopped' : 'completed';
    this.#publish();
    await condition(allHandlersFinished);
    return this.progress();
  }

  #inputWithoutCarry(): SyncInput {
    const o = this.#options;
    return {
      connection: o.connection,
      modules: o.modules,
      mode: o.mode,
      sink: o.sink,
      strategy: o.strategy,
      lanes: o.lanes,
      keepAliveInterval: o.keepAliveInterval,
      idleTimeout: o.idleTimeout,
      pollInterval: o.pollIntervalMs,
      reconcileInterval: o.reconcileIntervalMs,
      watermarkOverlap: o.watermarkOverlapMs,
      pageSize: o.pageSize,
      pagesPerBatch: o.pagesPerBatch,
      heartbeatTimeout: o.heartbeatTimeoutMs,
      searchAttributes: o.searchAttributes,
    };
  }

  #installHandlers(): void {
    setHandler(syncProgressQuery, () => this.progress());
    setHandler(pauseSyncSignal, () => {
      this.#carry.paused = true;
      this.#publish();
    });
    setHandler(resumeSyncSignal, () => {
      this.#carry.paused = false;
      this.#publish();
    });
    setHandler(stopSyncSignal, () => {
      this.#stopRequested = true;
      this.#publish();
    });
    setHandler(syncNowSignal, (request) => {
      this.#carry.syncNowRequests++;
      if (request?.reconcile === true) this.#carry.reconcileRequests++;
    });
  }

  /** Logs in once, checks the modules against `listtypes`, and hands that session to the first lane. */
  async #checkModules(): Promise<void> {
    const first = this.#carry.lanes[0]!;
    // On success the session is detached (handed to the lane, no logout); on failure it is logged out.
    first.session = await withVtigerSession(
      { ...this.#sessionOptions(first), keepAliveInterval: false },
      async (session) => {
        first.counters = session.counters;
        const { listTypes } = reads(`Check modules: ${this.#options.modules.join(', ')}`);
        const types = await session.use((s) => listTypes({ ...s }));
        const known = new Set(types.types);
        const unknown = this.#options.modules.filter((m) => !known.has(m));
        if (unknown.length > 0) {
          throw invalidInput(
            'modules',
            `names ${unknown.map((m) => `"${m}"`).join(', ')}, which this Vtiger user cannot access (listtypes has ${types.types.length} modules, e.g. ${types.types.slice(0, 6).join(', ')})`,
          );
        }
        return session.detach();
      },
    );
    this.#carry.modulesChecked = true;
  }

  #sessionOptions(lane: LaneState) {
    return {
      connection: this.#options.connection,
      keepAliveInterval: this.#options.keepAliveInterval,
      idleTimeout: this.#options.idleTimeout,
      session: lane.session,
      counters: lane.counters,
    };
  }

  async #runLane(lane: LaneState): Promise<LaneExit> {
    const idle = this.#options.mode === 'once' && lane.modules.every((name) => this.#modules.get(name)!.loaded);
    if (idle) return 'finished'; // nothing left for this lane: no login
    return withVtigerSession(this.#sessionOptions(lane), async (session) => {
      // The helper copied the carried counters; keep ours pointing at its live ones.
      lane.counters = session.counters;
      lane.session = undefined;
      const result = await this.#laneWork(lane, session);
      if (result === 'continue-as-new') lane.session = session.detach();
      return result;
    });
  }

  async #laneWork(lane: LaneState, session: KeptAliveSession): Promise<LaneExit> {
    const modules = lane.modules.map((m) => this.#modules.get(m)!);
    // Catch up: the full load (or first sync-op pass) of every module of the lane.
    for (const m of modules) {
      if (m.loaded) continue;
      const exit = await this.#pass(session, m, this.#options.strategy === 'sync-op' ? 'sync-op' : 'full');
      if (exit !== 'finished') return exit;
    }
    if (this.#options.mode === 'once') {
      for (const m of modules) m.phase = 'done';
      return 'finished';
    }
    // A pass that the previous run handed over mid-way goes on first.
    for (const m of modules) {
      if (m.passStartedAt === undefined || m.phase === 'idle' || m.phase === 'pending') continue;
      const exit = await this.#pass(session, m, m.phase as SyncPassKind);
      if (exit !== 'finished') return exit;
    }
    for (;;) {
      this.#publish();
      const exit = await this.#waitForPoll(lane);
      if (exit !== 'finished') return exit;
      // Requests that arrive during this poll are acted on at the next one.
      const reconcileNow = lane.reconcileSeen !== this.#carry.reconcileRequests;
      lane.reconcileSeen = this.#carry.reconcileRequests;
      for (const m of modules) {
        // A module whose full load failed earlier (follow mode outlives outages) finishes it first.
        const kind: SyncPassKind = this.#options.strategy === 'sync-op' ? 'sync-op' : m.loaded ? 'incremental' : 'full';
        let passExit = await this.#pass(session, m, kind);
        if (passExit !== 'finished') return passExit;
        if (kind === 'incremental' && m.phase === 'idle' && (reconcileNow || this.#reconcileDue(m))) {
          passExit = await this.#pass(session, m, 'reconcile');
          if (passExit !== 'finished') return passExit;
        }
      }
    }
  }

  #reconcileDue(m: ModuleState): boolean {
    const every = this.#options.reconcileIntervalMs;
    if (every === false) return false;
    return Date.now() - (m.lastReconcileAt ?? 0) >= every;
  }

  /** Follow mode: waits for the lane's poll interval, a sync-now, a stop or a continue-as-new suggestion. */
  async #waitForPoll(lane: LaneState): Promise<LaneExit> {
    const now = Date.now();
    if (lane.nextPollAt === undefined || lane.nextPollAt <= now) lane.nextPollAt = now + this.#options.pollIntervalMs;
    await condition(
      () =>
        this.#stopRequested ||
        this.#continueAsNew ||
        workflowInfo().continueAsNewSuggested ||
        this.#carry.syncNowRequests !== lane.syncNowSeen,
      lane.nextPollAt - now,
    );
    if (this.#carry.syncNowRequests !== lane.syncNowSeen) {
      lane.syncNowSeen = this.#carry.syncNowRequests;
      lane.nextPollAt = undefined;
    }
    return this.#checkpoint();
  }

  /**
   * Between batches: honours stop, pause and continue-as-new. A paused sync still continues-as-new when suggested
   * (its keep-alives grow the history), and the next run starts paused.
   */
  async #checkpoint(): Promise<LaneExit> {
    const canContinueAsNew = (): boolean => this.#continueAsNew || workflowInfo().continueAsNewSuggested;
    if (this.#carry.paused && !this.#stopRequested && !canContinueAsNew()) {
      this.#publish();
      await condition(() => !this.#carry.paused || this.#stopRequested || canContinueAsNew());
      this.#publish();
    }
    if (this.#stopRequested) return 'stopped';
    if (canContinueAsNew()) {
      this.#continueAsNew = true;
      return 'continue-as-new';
    }
    return 'finished';
  }

  /**
   * Runs one pass over one module, batch by batch, from where the module's state says it stands (a pass interrupted
   * by continue-as-new, a stop or a dead session goes on from its cursor).
   */
  async #pass(session: KeptAliveSession, m: ModuleState, kind: SyncPassKind): Promise<LaneExit> {
    const resuming = m.phase === kind && m.passStartedAt !== undefined;
    if (!resuming) {
      m.phase = kind;
      m.passStartedAt = Date.now();
      m.passMaxModifiedtime = undefined;
      if (kind !== 'sync-op') m.cursor = undefined;
    }
    if (kind === 'full' && m.total === undefined) {
      try {
        const { query } = reads(`${m.module}: count records`);
        const rows = await session.use((s) => query({ ...s, query: `SELECT count(*) FROM ${m.module};` }));
        const total = Number(rows[0]?.count);
        if (Number.isFinite(total)) m.total = total;
      } catch (error) {
        if (isNonRetryable(error)) throw error;
        log.warn('Could not count records', { module: m.module, error: describeError(error) });
      }
    }
    this.#publish();
    for (;;) {
      const exit = await this.#checkpoint();
      if (exit !== 'finished') return exit;
      let batch: SyncBatchProgress;
      try {
        batch = await session.use(async (s) => {
          // The batch heartbeats every page, so a dead worker is noticed within the heartbeat timeout.
          const { syncBatch } = proxyActivities<VtigerActivities>({
            startToCloseTimeout: '30 minutes',
            heartbeatTimeout: this.#options.heartbeatTimeoutMs,
            // Stock Vtiger 8 on PHP 8 answers `sync` with HTTP 500 every time: do not retry that for minutes.
            retry:
              kind === 'sync-op' ? { ...DEFAULT_VTIGER_RETRY_POLICY, maximumAttempts: 3 } : DEFAULT_VTIGER_RETRY_POLICY,
            summary: `${m.module}: ${kind} pass from ${m.cursor ?? 'the start'}`,
          });
          try {
            return await syncBatch({
              ...s,
              sink: this.#options.sink,
              module: m.module,
              pass: kind,
              after: m.cursor,
              since: kind === 'incremental' ? (m.watermark ?? EPOCH_WATERMARK) : undefined,
              pageSize: this.#options.pageSize,
              maxPages: this.#options.pagesPerBatch,
            });
          } catch (error) {
            // The session died mid-batch: keep what the batch committed, then the helper logs in again.
            const partial = failureProgress<SyncBatchProgress>(error);
            if (partial) this.#apply(m, partial);
            throw error;
          }
        });
      } catch (error) {
        if (this.#options.mode === 'once' || isNonRetryable(error)) throw error;
        // Follow mode outlives outages: note the failure and try again at the next poll.
        m.lastError = describeError(error);
        log.warn('Sync pass failed; retrying at the next poll', { module: m.module, pass: kind, error: m.lastError });
        this.#publish();
        return 'finished';
      }
      this.#apply(m, batch);
      m.counters.batches++;
      if (batch.done) {
        this.#finishPass(m, kind);
        this.#publish();
        return 'finished';
      }
      this.#publish();
    }
  }

  #apply(m: ModuleState, batch: SyncBatchProgress): void {
    const c = m.counters;
    c.read += batch.read;
    c.inserted += batch.inserted;
    c.updated += batch.updated;
    c.unchanged += batch.unchanged;
    c.tombstoned += batch.tombstoned;
    if (batch.cursor !== undefined) m.cursor = batch.cursor;
    if (
      batch.maxModifiedtime !== undefined &&
      (m.passMaxModifiedtime === undefined || batch.maxModifiedtime > m.passMaxModifiedtime)
    ) {
      m.passMaxModifiedtime = batch.maxModifiedtime;
    }
  }

  #finishPass(m: ModuleState, kind: SyncPassKind): void {
    const now = Date.now();
    const started = m.passStartedAt ?? now;
    if (kind === 'full' || kind === 'incremental') {
      m.watermark = nextWatermark(m.watermark, m.passMaxModifiedtime, now - started, this.#options.watermarkOverlapMs);
    }
    if (kind === 'full' || kind === 'reconcile') m.lastReconcileAt = started;
    if (kind === 'full' || kind === 'sync-op') m.loaded = true;
    if (kind !== 'sync-op') m.cursor = undefined;
    const passes = m.counters.passes;
    if (kind === 'full') passes.full++;
    else if (kind === 'incremental') passes.incremental++;
    else if (kind === 'reconcile') passes.reconcile++;
    else passes.syncOp++;
    m.passStartedAt = undefined;
    m.passMaxModifiedtime = undefined;
    m.lastPassAt = now;
    m.lastError = undefined;
    m.phase = 'idle';
  }

  #state(): SyncStateName {
    if (this.#finalState) return this.#finalState;
    if (this.#stopRequested) return 'stopping';
    if (this.#carry.paused) return 'paused';
    if (!this.#carry.modulesChecked) return 'starting';
    if ([...this.#modules.values()].some((m) => !m.loaded)) return 'loading';
    return this.#options.mode === 'follow' ? 'following' : 'loading';
  }

  progress(): SyncProgress {
    const modules = [...this.#modules.values()];
    const sessions = { logins: 0, renewals: 0, keepAlives: 0 };
    const polls = this.#carry.lanes.map((l) => l.nextPollAt).filter((t): t is number => t !== undefined);
    const nextPollAt = polls.length ? Math.min(...polls) : undefined;
    for (const lane of this.#carry.lanes) {
      sessions.logins += lane.counters.logins;
      sessions.renewals += lane.counters.renewals;
      sessions.keepAlives += lane.counters.keepAlives;
    }
    return {
      state: this.#state(),
      mode: this.#options.mode,
      connection: this.#options.connection,
      sink: this.#options.sink,
      strategy: this.#options.strategy,
      run: this.#carry.run,
      recordsSynced: modules.reduce((n, m) => n + m.counters.inserted + m.counters.updated, 0),
      recordsDeleted: modules.reduce((n, m) => n + m.counters.tombstoned, 0),
      modules: modules.map((m) => ({ ...m, counters: { ...m.counters, passes: { ...m.counters.passes } } })),
      sessions,
      ...(nextPollAt !== undefined && this.#options.mode === 'follow' && !this.#finalState
        ? { nextPollAt: new Date(nextPollAt).toISOString() }
        : {}),
    };
  }

  /** Refreshes the Web UI: current details always (no history cost), search attributes when they changed. */
  #publish(): void {
    const progress = this.progress();
    setCurrentDetails(renderDetails(progress));
    if (!this.#options.searchAttributes) return;
    const updates: Parameters<typeof upsertSearchAttributes>[0] = [];
    if (this.#lastStateAttribute === undefined) {
      updates.push(
        { key: VtigerConnectionSearchAttribute, value: this.#options.connection },
        { key: VtigerModulesSearchAttribute, value: this.#options.modules },
      );
    }
    if (progress.state !== this.#lastStateAttribute) {
      updates.push({ key: VtigerSyncStateSearchAttribute, value: progress.state });
      this.#lastStateAttribute = progress.state;
    }
    if (progress.recordsSynced !== this.#lastSyncedAttribute) {
      updates.push({ key: VtigerRecordsSyncedSearchAttribute, value: progress.recordsSynced });
      this.#lastSyncedAttribute = progress.recordsSynced;
    }
    if (updates.length > 0) upsertSearchAttributes(updates);
  }
}
