import { type SinkKind, type SinkOperation, SinkConfigError, SinkInputError } from '../errors';
import type { SinkRecord } from '../types';

const MODULE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const RECORD_ID = /^\d+x(\d+)$/;
const MODIFIED_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const SQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

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

/** Validates a reconcile range and returns its crmid bounds; a live id outside the range is a cursor bug. */
export function prepareRange(
  afterId: string | undefined,
  lastId: string | undefined,
  liveIds: unknown,
  where: Where,
): { after: number | null; last: number | null; live: string[] } {
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
  return { after, last, live: [...liveIds] };
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
