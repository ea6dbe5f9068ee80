import { htmlEntities } from '../internal/html-entities';
import {
  type FieldMeta,
  type ModuleMeta,
  MODULES,
  MODULES_BY_PREFIX,
  USERS_PREFIX,
  isRecordModule,
} from '../metadata/modules';
import { type UserDirectory } from './users';
import { isFiniteNumber, isInteger, num, str, stringify, trunc } from '../internal/intrinsics';

/**
 * One CRM record. `values` is sparse (only what was stored; missing fields read back as the module default),
 * which keeps 100k-record tables small. Deleted records stay in their table with `deleted` set, as in
 * `vtiger_crmentity`, so `sync` can report them.
 */
export interface SimRecord {
  readonly crmid: number;
  readonly meta: ModuleMeta;
  /** Stored values; a missing or undefined key reads back as the module default. */
  values: Record<string, string | undefined>;
  deleted: boolean;
  /** Numeric part of `assigned_user_id` (a user or a group). */
  ownerId: number;
  /** Entity-encoded label (reference §1). */
  label: string;
}

/** Records of one module, ascending by crmid (ids only grow, so inserts append). */
export class ModuleTable {
  readonly rows: SimRecord[] = [];
  liveCount = 0;

  constructor(readonly meta: ModuleMeta) {}

  /** Index of the first row with `crmid >= id` (binary search: keyset pages cost O(log n + page)). */
  lowerBound(id: number): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.rows[mid] as SimRecord).crmid < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The webservice id of a record, `<prefix>x<crmid>`. */
export function wsIdOf(record: SimRecord): string {
  return `${record.meta.idPrefix}x${record.crmid}`;
}

/** MySQL's string-to-integer cast: leading digits count (`'12x5'` → 12), otherwise 0. */
export function mysqlInt(value: string | null | undefined): number {
  if (value == null) return 0;
  const m = /^\s*([+-]?\d+)/.exec(value);
  return m ? num(m[1]) : 0;
}

/** Normalises a written value the way the DB column stores it. */
export function normalizeValue(field: FieldMeta, raw: string, defaults: Readonly<Record<string, string>>): string {
  switch (field.type) {
    case 'boolean':
      return /^(1|true|on|yes)$/i.test(raw.trim()) ? '1' : '0';
    case 'integer': {
      if (raw.trim() === '') return defaults[field.name] ?? '0';
      const n = num(raw);
      return isFiniteNumber(n) ? str(trunc(n)) : '0';
    }
    case 'currency': {
      if (raw.trim() === '') return defaults[field.name] ?? '';
      const n = num(raw);
      return (isFiniteNumber(n) ? n : 0).toFixed(8);
    }
    default:
      return raw;
  }
}

/** Builds a module's rows with an object literal of constant keys (fast shapes; 100k rows in well under a second). */
type RowBuilder = (values: Readonly<Record<string, string | undefined>>, id: string) => Record<string, string>;

const rowBuilders = new WeakMap<ModuleMeta, RowBuilder>();

function rowBuilderOf(meta: ModuleMeta): RowBuilder {
  let builder = rowBuilders.get(meta);
  if (!builder) {
    const members = meta.fields.map((field) => {
      const key = stringify(field.name);
      return field.name === 'id' ? `${key}: id` : `${key}: v[${key}] ?? ${stringify(meta.defaults[field.name] ?? '')}`;
    });
    // Generated from describe metadata only (field names are JSON-quoted), never from request input.
    builder = new Function('v', 'id', `return { ${members.join(', ')} };`) as RowBuilder;
    rowBuilders.set(meta, builder);
  }
  return builder;
}

/** Storage of every module's records, one crmid sequence across modules (reference §11). */
export class RecordStore {
  private nextCrmid = 1;
  private readonly tables = new Map<string, ModuleTable>();
  /** Index = crmid; the sequence is dense, so an array beats a Map in time and memory. */
  private readonly byCrmid: Array<SimRecord | undefined> = [undefined];
  private readonly numbers = new Map<string, number>();
  private readonly links = new Map<number, Set<number>>();
  readonly usersTable: ModuleTable;

  constructor(private readonly users: UserDirectory) {
    for (const meta of MODULES.values()) {
      if (isRecordModule(meta)) this.tables.set(meta.name, new ModuleTable(meta));
    }
    const usersMeta = MODULES.get('Users');
    if (!usersMeta) throw new Error('Users metadata missing');
    this.usersTable = new ModuleTable(usersMeta);
    for (const user of users.rows) {
      const values: Record<string, string> = {
        user_name: user.username,
        is_admin: user.isAdmin ? 'on' : 'off',
        first_name: user.firstName,
        last_name: user.lastName,
        roleid: user.isAdmin ? 'H2' : 'H5',
        email1: user.email,
        status: user.active ? 'Active' : 'Inactive',
        hour_format: '12',
        date_format: 'yyyy-mm-dd',
        time_zone: 'UTC',
        currency_id: '21x1',
        language: 'en_us',
        theme: 'softed',
      };
      const record: SimRecord = {
        crmid: user.id,
        meta: usersMeta,
        values,
        deleted: false,
        ownerId: user.id,
        label: htmlEntities(`${user.firstName} ${user.lastName}`.trim()),
      };
      this.usersTable.rows.push(record);
      this.usersTable.liveCount++;
    }
  }

  /** The table of a record module or Users; undefined for non-entity modules. */
  table(module: string): ModuleTable | undefined {
    return module === 'Users' ? this.usersTable : this.tables.get(module);
  }

  /** Every record table (not Users). */
  allTables(): IterableIterator<ModuleTable> {
    return this.tables.values();
  }

  /** A CRM record by crmid, deleted or not. */
  get(crmid: number): SimRecord | undefined {
    return isInteger(crmid) && crmid > 0 ? this.byCrmid[crmid] : undefined;
  }

  /**
   * `getObjectEntityName()`: the module of a live record (`deleted=0`), or null. For a Users id the user must
   * exist.
   */
  liveModuleOf(prefix: number, crmid: number): string | null {
    if (prefix === USERS_PREFIX) return this.users.byNumericId(crmid) ? 'Users' : null;
    const record = this.get(crmid);
    return record && !record.deleted ? record.meta.name : null;
  }

  /** A live record (or user) addressed by a parsed id. */
  liveRecord(prefix: number, crmid: number): SimRecord | undefined {
    if (prefix === USERS_PREFIX) return this.usersTable.rows.find((r) => r.crmid === crmid);
    const record = this.get(crmid);
    return record && !record.deleted ? record : undefined;
  }

  /** Allocates the next `<prefix><n>` for a module that numbers its records. */
  private nextNumber(meta: ModuleMeta): string | undefined {
    if (!meta.numbering) return undefined;
    const n = (this.numbers.get(meta.name) ?? 0) + 1;
    this.numbers.set(meta.name, n);
    return `${meta.numbering.prefix}${n}`;
  }

  /**
   * Inserts a record with already-normalised values; allocates crmid and record number. `values` must contain
   * `assigned_user_id`, `createdtime`, `modifiedtime` and `modifiedby`.
   */
  insert(
    meta: ModuleMeta,
    values: Record<string, string | undefined>,
    deleted = false,
    label?: string,
    ownerId?: number,
  ): SimRecord {
    const table = this.tables.get(meta.name);
    if (!table) throw new Error(`${meta.name} does not hold records`);
    const number = this.nextNumber(meta);
    if (number !== undefined && meta.numbering) values[meta.numbering.field] = number;
    const record: SimRecord = {
      crmid: this.nextCrmid++,
      meta,
      values,
      deleted,
      ownerId: ownerId ?? mysqlInt((values.assigned_user_id ?? '').split('x')[1]),
      label: '',
    };
    record.label = label ?? this.computeLabel(record);
    table.rows.push(record);
    if (!deleted) table.liveCount++;
    this.byCrmid[record.crmid] = record;
    return record;
  }

  /** Replaces some values of a record, refreshing owner and label. */
  assign(record: SimRecord, changes: Readonly<Record<string, string>>): void {
    Object.assign(record.values, changes);
    record.ownerId = mysqlInt((record.values.assigned_user_id ?? '').split('x')[1]);
    record.label = this.computeLabel(record);
  }

  /** Sets the deleted flag (the row stays, as in `vtiger_crmentity`). */
  markDeleted(record: SimRecord): void {
    if (record.deleted) return;
    record.deleted = true;
    const table = this.tables.get(record.meta.name);
    if (table) table.liveCount--;
  }

  /** Label from `labelFields`, joined by a space and entity-encoded. */
  computeLabel(record: SimRecord): string {
    const parts = record.meta.labelFields.map((f) => record.values[f] ?? '').filter((v) => v !== '');
    return htmlEntities(parts.join(' ').trim());
  }

  /** A record as `query`/`sync` return it: every describe field as a string, `id` in its describe position. */
  row(record: SimRecord): Record<string, string> {
    return rowBuilderOf(record.meta)(record.values, wsIdOf(record));
  }

  /** A record as create/retrieve/update/revise return it: {@link row} plus `label`. */
  rowWithLabel(record: SimRecord): Record<string, string> {
    const out = this.row(record);
    out.label = record.label;
    return out;
  }

  /** Relates two records (add_related); links are undirected. */
  link(a: number, b: number): void {
    if (a === b) return;
    let set = this.links.get(a);
    if (!set) this.links.set(a, (set = new Set()));
    set.add(b);
    let back = this.links.get(b);
    if (!back) this.links.set(b, (back = new Set()));
    back.add(a);
  }

  /**
   * Ids of live `targetModule` records related to `source`: records pointing at it through a reference field,
   * records it points at, and explicit links.
   */
  relatedIds(source: SimRecord, targetModule: string): SimRecord[] {
    const table = this.tables.get(targetModule);
    if (!table) return [];
    const found = new Map<number, SimRecord>();
    const sourceModule = source.meta.name;
    const inbound = table.meta.fields.filter((f) => f.kind === 'reference' && f.refersTo.includes(sourceModule));
    if (inbound.length > 0) {
      const target = str(source.crmid);
      for (const record of table.rows) {
        if (record.deleted) continue;
        for (const f of inbound) {
          const v = record.values[f.name];
          if (v !== undefined && v.split('x')[1] === target) {
            found.set(record.crmid, record);
            break;
          }
        }
      }
    }
    for (const f of source.meta.fields) {
      if (f.kind !== 'reference' || !f.refersTo.includes(targetModule)) continue;
      const id = mysqlInt((source.values[f.name] ?? '').split('x')[1]);
      const record = this.get(id);
      if (record && !record.deleted && record.meta.name === targetModule) found.set(record.crmid, record);
    }
    for (const id of this.links.get(source.crmid) ?? []) {
      const record = this.get(id);
      if (record && !record.deleted && record.meta.name === targetModule) found.set(record.crmid, record);
    }
    return [...found.values()].sort((x, y) => x.crmid - y.crmid);
  }

  /** Module meta for a webservice id prefix. */
  static moduleOfPrefix(prefix: number): ModuleMeta | undefined {
    return MODULES_BY_PREFIX.get(prefix);
  }
}
