import { formatDateTime } from '../internal/time';
import { type ModuleMeta } from '../metadata/modules';
import { type RecordStore, type SimRecord, mysqlInt, normalizeValue } from './records';
import { type UserRow } from './users';

/**
 * Record writes shared by the webservice operations and the admin API. Every write stamps `modifiedtime` with
 * the server clock (UTC, `YYYY-MM-DD HH:MM:SS`) and `modifiedby` with the acting user.
 */

/** Converts a decoded JSON element value to what PHP would store; undefined means "not given". */
export function phpString(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined;
    case 'boolean':
      // PHP casts true to "1" and false to "".
      return value ? '1' : '';
    default:
      return undefined;
  }
}

/** Fields a client can write: editable ones, except `modifiedby` which the server sets. */
function writableFields(meta: ModuleMeta): ModuleMeta['fields'] {
  return meta.fields.filter((f) => f.editable && f.name !== 'id' && f.name !== 'modifiedby');
}

/** A reference value as the DB reads it back: the prefix of the module the crmid really belongs to. */
function normalizeReference(store: RecordStore, value: string): string {
  const [, crmid] = value.split('x');
  const record = store.get(mysqlInt(crmid));
  return record ? `${record.meta.idPrefix}x${record.crmid}` : value;
}

function convertInput(
  store: RecordStore,
  meta: ModuleMeta,
  input: Readonly<Record<string, unknown>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of writableFields(meta)) {
    if (!Object.prototype.hasOwnProperty.call(input, field.name)) continue;
    const raw = phpString(input[field.name]);
    if (raw === undefined) continue;
    out[field.name] =
      field.kind === 'reference' && raw !== ''
        ? normalizeReference(store, raw)
        : normalizeValue(field, raw, meta.defaults);
  }
  return out;
}

/** Creates a record from a (validated) element. */
export function createRecord(
  store: RecordStore,
  meta: ModuleMeta,
  input: Readonly<Record<string, unknown>>,
  actor: UserRow,
  nowMs: number,
  source = 'WEBSERVICE',
): SimRecord {
  const now = formatDateTime(nowMs);
  const values = convertInput(store, meta, input);
  if (values.assigned_user_id === undefined) values.assigned_user_id = actor.userId;
  values.createdtime = now;
  values.modifiedtime = now;
  values.modifiedby = actor.userId;
  if (meta.fieldByName.has('source')) values.source = source;
  return store.insert(meta, values);
}

/** Applies the given fields of an element to a record (others are left unchanged, reference §11). */
export function updateRecord(
  store: RecordStore,
  record: SimRecord,
  input: Readonly<Record<string, unknown>>,
  actor: UserRow,
  nowMs: number,
): void {
  const changes = convertInput(store, record.meta, input);
  changes.modifiedtime = formatDateTime(nowMs);
  changes.modifiedby = actor.userId;
  store.assign(record, changes);
}

/** Sets the deleted flag; deleting bumps `modifiedtime`, which is how `sync` reports it (reference §8). */
export function deleteRecord(store: RecordStore, record: SimRecord, actor: UserRow, nowMs: number): void {
  store.assign(record, { modifiedtime: formatDateTime(nowMs), modifiedby: actor.userId });
  store.markDeleted(record);
}
