import { type SinkKind, type SinkOperation, SinkConfigError, SinkInputError } from '../errors';
import { redactConnectionString } from '../redact';
import type { SinkRecord } from '../types';

const MODULE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const RECORD_ID = /^\d+x(\d+)$/;
const MODIFIED_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const SQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
// URL schemes are case-insensitive, and so is `pg`'s parser (WHATWG `URL` lower-cases them).
const CONNECTION_STRING = /^postgres(ql)?:\/\/./i;

/**
 * Crmids below and above every valid one (crmids are positive, and ids past 2^53 are rejected on input by
 * {@link crmidOf}): the bounds of an open reconcile range, and where a crmid-ordered scan starts.
 */
export const NO_LOWER_BOUND = -1;
export const NO_UPPER_BOUND = Number.MAX_SAFE_INTEGER;

/** Where a validation happens, for the error it may throw. */
export interface Where {
  operation: SinkOperation;
  sink?: SinkKind;
  module?: string;
}

/** A record ready to write: validated, with its crmid and the canonical JSON of its data. */
export interface PreparedRecord {
  id: string;
  crmid: number;
  modifiedtime: string;
  json: string;
}

export function assertModule(module: unknown, where: Where): asserts module is string {
  if (typeof module !== 'string' || !MODULE_NAME.test(module)) {
    throw new SinkInputError(
      `${where.operation}: invalid module name ${JSON.stringify(module)}; ` +
        'a module name starts with a letter and has only letters, digits and underscores (e.g. "Contacts")',
      { ...where, module: typeof module === 'string' ? module : undefined },
    );
  }
}

/** The crmid of a webservice id (`12x345` → 345). */
export function crmidOf(id: unknown, where: Where): number {
  const match = typeof id === 'string' ? RECORD_ID.exec(id) : null;
  const crmid = match?.[1] === undefined ? NaN : Number(match[1]);
  if (!Number.isSafeInteger(crmid)) {
    throw new SinkInputError(
      `${where.operation}: invalid record id ${JSON.stringify(id)}; expected Vtiger's webservice id "<prefix>x<crmid>" (e.g. "12x345")`,
      where,
    );
  }
  return crmid;
}

export function assertIds(ids: unknown, where: Where): asserts ids is readonly string[] {
  if (!Array.isArray(ids)) {
    throw new SinkInputError(`${where.operation}: ids must be an array of record ids`, where);
  }
  for (const id of ids) crmidOf(id, where);
}

/**
 * JSON with object keys sorted recursively, so that equal data always serialises to the same text, whatever order
 * Vtiger (or a database's JSON type) returned the fields in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return (value as { toJSON: () => unknown }).toJSON();
  if (Array.isArray(value)) return value.map(sortKeys);
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/**
 * Validates a page and collapses duplicate ids to their newest copy (the last one on equal `modifiedtime`), which is
 * what writing them one after the other would leave. Sorted by id so that concurrent writers lock rows in the same
 * order (no deadlocks between two workers writing overlapping pages).
 */
export function preparePage(records: unknown, where: Where): { rows: PreparedRecord[]; duplicates: number } {
  if (!Array.isArray(records)) {
    throw new SinkInputError(`${where.operation}: records must be an array of { id, modifiedtime, data }`, where);
  }
  const byId = new Map<string, PreparedRecord>();
  for (const [index, raw] of (records as unknown[]).entries()) {
    const record = raw as Partial<SinkRecord> | null;
    if (record === null || typeof record !== 'object') {
      throw new SinkInputError(`${where.operation}: records[${index}] is not an object`, where);
    }
    const crmid = crmidOf(record.id, where);
    const id = record.id as string;
    if (typeof record.modifiedtime !== 'string' || !MODIFIED_TIME.test(record.modifiedtime)) {
      throw new SinkInputError(
        `${where.operation}: record ${id} has modifiedtime ${JSON.stringify(record.modifiedtime)}; ` +
          'expected "YYYY-MM-DD HH:MM:SS" as Vtiger sends it',
        where,
      );
    }
    if (record.data === null || typeof record.data !== 'object' || Array.isArray(record.data)) {
      throw new SinkInputError(`${where.operation}: record ${id} has no data object`, where);
    }
    const prepared: PreparedRecord = { id, crmid, modifiedtime: record.modifiedtime, json: canonicalJson(record.data) };
    const seen = byId.get(id);
    if (seen === undefined || prepared.modifiedtime >= seen.modifiedtime) byId.set(id, prepared);
  }
  const rows = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { rows, duplicates: records.length - rows.length };
}

/**
 * Validates a reconcile range and returns its crmid bounds, `after` exclusive and `last` inclusive, an undefined id
 * giving {@link NO_LOWER_BOUND} or {@link NO_UPPER_BOUND}; a live id outside the range is a cursor bug.
 */
export function prepareRange(
  afterId: string | undefined,
  lastId: string | undefined,
  liveIds: unknown,
  where: Where,
): { after: number; last: number; live: string[] } {
  const after = afterId === undefined ? null : crmidOf(afterId, where);
  const last = lastId === undefined ? null : crmidOf(lastId, where);
  if (after !== null && last !== null && last <= after) {
    throw new SinkInputError(
      `${where.operation}: empty range (${afterId}, ${lastId}]; lastId must come after afterId`,
      where,
    );
  }
  assertIds(liveIds, where);
  for (const id of liveIds) {
    const crmid = crmidOf(id, where);
    if ((after !== null && crmid <= after) || (last !== null && crmid > last)) {
      throw new SinkInputError(
        `${where.operation}: live id ${id} is outside the range (${afterId ?? '-∞'}, ${lastId ?? '+∞'}]`,
        where,
      );
    }
  }
  return { after: after ?? NO_LOWER_BOUND, last: last ?? NO_UPPER_BOUND, live: [...liveIds] };
}

/** Validates a schema or table name that is interpolated (quoted) into SQL. */
export function assertSqlIdentifier(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || !SQL_IDENTIFIER.test(value)) {
    throw new SinkConfigError(
      `${field} must be a plain SQL identifier (letters, digits and underscores, not starting with a digit, at most ` +
        `63 characters); got ${JSON.stringify(value)}`,
    );
  }
}

/**
 * Which entry point a config check runs for, so that its message names the field as the caller wrote it: a
 * `SinkConfig` (`openSink`, `validateSinkConfig`, `parseSinkUrl`) or a sink's own options (`openSqliteSink`,
 * `openPostgresSink`).
 */
export type ConfigSource = 'config' | 'options';

// One check per field, worded for the caller's shape: a SinkConfig names its `kind`, a sink's options only the field.
// Tests match on both wordings.
const FILENAME_EXPECTED: Record<ConfigSource, string> = {
  config: "sink config: kind 'sqlite' needs filename, a non-empty path like './data/vtiger.db'",
  options: "sqlite sink: filename must be a non-empty path like './data/vtiger.db'",
};
const CONNECTION_STRING_EXPECTED: Record<ConfigSource, string> = {
  config: "sink config: kind 'postgres' needs connectionString like postgres://user:password@host:5432/db",
  options: 'postgres sink: connectionString must look like postgres://user:password@host:5432/database',
};

/** Validates a SQLite sink's `filename`: a non-empty path (`:memory:` included). */
export function assertFilename(value: unknown, source: ConfigSource): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new SinkConfigError(`${FILENAME_EXPECTED[source]}; got ${shownValue(value)}`, { sink: 'sqlite' });
  }
}

/**
 * Validates a PostgreSQL sink's `connectionString`: `postgres://…` or `postgresql://…`, the scheme in any case. The
 * message shows the value with its password redacted.
 */
export function assertConnectionString(value: unknown, source: ConfigSource): asserts value is string {
  if (typeof value !== 'string' || !CONNECTION_STRING.test(value)) {
    throw new SinkConfigError(`${CONNECTION_STRING_EXPECTED[source]}; got ${shownValue(value)}`, { sink: 'postgres' });
  }
}

// A string quoted with any password redacted; anything else by type, never serialised (it may hold a password).
function shownValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(redactConnectionString(value));
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return String(value);
  return Array.isArray(value) ? 'an array' : typeof value === 'function' ? 'a function' : 'an object';
}
