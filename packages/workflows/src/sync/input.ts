import { ApplicationFailure } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import { FailureTypes } from '@vtiger-temporal/common';
import type { SyncCarry } from './state';

/**
 * Input of {@link vtigerSyncWorkflow}: plain JSON, startable from the Temporal CLI, e.g.
 * `temporal workflow start --task-queue vtiger --type vtigerSyncWorkflow --input '{"modules":["Contacts"],"mode":"follow"}'`.
 * Durations are strings like `"10 minutes"`, `"30s"` or numbers of milliseconds.
 */
export interface SyncInput {
  /** Connection profile configured on the worker. @default 'default' */
  connection?: string;
  /** Vtiger modules to sync, e.g. `["Contacts", "Accounts"]` (case-sensitive, checked against `listtypes`). */
  modules: string[];
  /** `once`: catch up, then complete. `follow`: keep polling every `pollInterval` until stopped. @default 'once' */
  mode?: 'once' | 'follow';
  /** Sink profile configured on the worker. @default 'default' */
  sink?: string;
  /**
   * `query` (default): keyset full load, incremental passes by `modifiedtime`, reconcile passes for deletes.
   * `sync-op`: Vtiger's `sync` operation, only for servers where it works (not stock Vtiger 8 on PHP 8, which
   * answers HTTP 500) and only when the API user **owns every record** to sync: `sync` returns the user's own
   * records only.
   */
  strategy?: 'query' | 'sync-op';
  /** Modules synced at the same time; each lane holds its own kept-alive session. @default min(modules, 4) */
  lanes?: number;
  /** Keep-alive interval of each lane's session (`false`: off). @default '10 minutes' */
  keepAliveInterval?: Duration | false;
  /** The server's session idle window, to validate `keepAliveInterval`. @default '24 minutes' */
  idleTimeout?: Duration;
  /** `follow`: time between incremental passes. @default '1 minute' */
  pollInterval?: Duration;
  /** `follow`: time between reconcile passes that tombstone deleted records (`false`: never). @default '1 hour' */
  reconcileInterval?: Duration | false;
  /** Extra look-back of incremental passes beyond the measured pass duration. @default '1 minute' */
  watermarkOverlap?: Duration;
  /** Rows per page, 1–100 (Vtiger's cap). @default 100 */
  pageSize?: number;
  /** Pages per batch activity, 1–1000. Smaller batches stop and pause sooner. @default 20 */
  pagesPerBatch?: number;
  /**
   * Heartbeat timeout of the batch activity: how soon a batch whose worker died is retried elsewhere (it heartbeats
   * after every page, so this must exceed the slowest page). @default '30 seconds'
   */
  heartbeatTimeout?: Duration;
  /**
   * Upsert the `VtigerConnection`, `VtigerModules`, `VtigerSyncState` and `VtigerRecordsSynced` search attributes
   * (they must be registered on the namespace; see the README). @default true
   */
  searchAttributes?: boolean;
  /** @internal state carried over continue-as-new; never set it yourself. */
  carry?: SyncCarry;
}

/** {@link SyncInput} validated, with defaults applied and durations in milliseconds. */
export interface SyncOptions {
  connection: string;
  modules: string[];
  mode: 'once' | 'follow';
  sink: string;
  strategy: 'query' | 'sync-op';
  lanes: number;
  keepAliveInterval: Duration | false;
  idleTimeout: Duration;
  pollIntervalMs: number;
  reconcileIntervalMs: number | false;
  watermarkOverlapMs: number;
  pageSize: number;
  pagesPerBatch: number;
  heartbeatTimeoutMs: number;
  searchAttributes: boolean;
}

const FIELDS: readonly (keyof SyncInput)[] = [
  'connection',
  'modules',
  'mode',
  'sink',
  'strategy',
  'lanes',
  'keepAliveInterval',
  'idleTimeout',
  'pollInterval',
  'reconcileInterval',
  'watermarkOverlap',
  'pageSize',
  'pagesPerBatch',
  'heartbeatTimeout',
  'searchAttributes',
  'carry',
];

const MODULE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** A non-retryable failure naming the bad field: fails the workflow at once. */
export function invalidInput(field: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: FailureTypes.Input,
    message: `vtigerSyncWorkflow input: ${field} ${message}`,
    nonRetryable: true,
  });
}

function shown(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    throw invalidInput(field, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}; got ${shown(value)}`);
  }
  return value as T;
}

function intIn(field: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidInput(field, `must be a whole number from ${min} to ${max}; got ${shown(value)}`);
  }
  return value;
}

function profile(field: string, value: unknown): string {
  if (value === undefined) return 'default';
  if (typeof value !== 'string' || !PROFILE_NAME.test(value)) {
    throw invalidInput(field, `must name a profile configured on the worker, like "default"; got ${shown(value)}`);
  }
  return value;
}

/** Milliseconds of a duration field; `min`/`max` bound it. */
function durationMs(field: string, value: unknown, fallback: Duration, min: number, max: number): number {
  let ms: number;
  try {
    if (value !== undefined && typeof value !== 'string' && typeof value !== 'number') throw new TypeError();
    ms = msToNumber((value ?? fallback) as Duration);
  } catch {
    throw invalidInput(
      field,
      `must be a duration like "10 minutes", "30s" or a number of milliseconds; got ${shown(value)}`,
    );
  }
  if (!Number.isFinite(ms) || ms < min || ms > max) {
    throw invalidInput(field, `must be between ${min / 1000} s and ${max / 86_400_000} days; got ${shown(value)}`);
  }
  return ms;
}

const DAY = 86_400_000;

/**
 * Checks every field of the workflow input (unknown fields too, to catch typos) and applies the defaults.
 *
 * @throws ApplicationFailure `VtigerInputError` (non-retryable) naming the field and what it accepts
 */
export function validateSyncInput(input: unknown): SyncOptions {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalidInput(
      'input',
      `must be a JSON object like {"modules":["Contacts"],"mode":"once"}; got ${shown(input)}`,
    );
  }
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!FIELDS.includes(key as keyof SyncInput)) {
      throw invalidInput(
        key,
        `is not a field of the input; the fields are ${FIELDS.filter((f) => f !== 'carry').join(', ')}`,
      );
    }
  }
  const modules = raw.modules;
  if (!Array.isArray(modules) || modules.length === 0) {
    throw invalidInput(
      'modules',
      `must be a non-empty array of module names like ["Contacts","Accounts"]; got ${shown(modules)}`,
    );
  }
  for (const m of modules) {
    if (typeof m !== 'string' || !MODULE_NAME.test(m)) {
      throw invalidInput('modules', `must hold Vtiger module names like "Contacts"; got ${shown(m)}`);
    }
  }
  const duplicate = modules.find((m, i) => modules.indexOf(m) !== i);
  if (duplicate !== undefined) throw invalidInput('modules', `lists "${duplicate}" twice`);
  if (modules.length > 64) throw invalidInput('modules', `may list at most 64 modules; got ${modules.length}`);

  const idleTimeoutMs = durationMs('idleTimeout', raw.idleTimeout, '24 minutes', 2000, 7 * DAY);
  const keepAlive = raw.keepAliveInterval;
  if (keepAlive !== false) {
    // Checked here, before any login: a keep-alive slower than the server's idle window loses sessions.
    const keepAliveMs = durationMs('keepAliveInterval', keepAlive, '10 minutes', 1000, DAY);
    if (keepAliveMs > idleTimeoutMs / 2) {
      throw invalidInput(
        'keepAliveInterval',
        `must be at most half of idleTimeout (${idleTimeoutMs / 2} ms of ${idleTimeoutMs} ms), or false; got ${shown(keepAlive ?? '10 minutes')}`,
      );
    }
  }
  const reconcile = raw.reconcileInterval;
  const searchAttributes = raw.searchAttributes;
  if (searchAttributes !== undefined && typeof searchAttributes !== 'boolean') {
    throw invalidInput('searchAttributes', `must be true or false; got ${shown(searchAttributes)}`);
  }
  if (raw.carry !== undefined && (typeof raw.carry !== 'object' || raw.carry === null)) {
    throw invalidInput('carry', 'is internal state carried over continue-as-new; leave it out');
  }
  return {
    connection: profile('connection', raw.connection),
    modules: modules as string[],
    mode: oneOf('mode', raw.mode, ['once', 'follow'] as const, 'once'),
    sink: profile('sink', raw.sink),
    strategy: oneOf('strategy', raw.strategy, ['query', 'sync-op'] as const, 'query'),
    lanes: intIn('lanes', raw.lanes, 1, 16, Math.min(modules.length, 4)),
    keepAliveInterval: (keepAlive as Duration | false | undefined) ?? '10 minutes',
    idleTimeout: idleTimeoutMs,
    pollIntervalMs: durationMs('pollInterval', raw.pollInterval, '1 minute', 1000, 7 * DAY),
    reconcileIntervalMs:
      reconcile === false ? false : durationMs('reconcileInterval', reconcile, '1 hour', 1000, 30 * DAY),
    watermarkOverlapMs: durationMs('watermarkOverlap', raw.watermarkOverlap, '1 minute', 0, DAY),
    pageSize: intIn('pageSize', raw.pageSize, 1, 100, 100),
    pagesPerBatch: intIn('pagesPerBatch', raw.pagesPerBatch, 1, 1000, 20),
    heartbeatTimeoutMs: durationMs('heartbeatTimeout', raw.heartbeatTimeout, '30 seconds', 1000, 3_600_000),
    searchAttributes: searchAttributes ?? true,
  };
}
