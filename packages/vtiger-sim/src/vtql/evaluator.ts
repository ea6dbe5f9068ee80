import { mix32 } from '../internal/prng';
import { type FieldMeta, type ModuleMeta } from '../metadata/modules';
import { WsError, WsErrorCode, WsMessage } from '../protocol/errors';
import { type ModuleTable, type RecordStore, type SimRecord, wsIdOf } from '../store/records';
import { type UserRow } from '../store/users';
import { type VtqlCondition, type VtqlQuery } from './ast';
import { collate, compare, isNumericLiteral, likePattern, mysqlNumber } from './mysql-semantics';
import { ceil, floor, max, min, num, str } from '../internal/intrinsics';

/** What one query cost, in the units of the latency model (reference §13). */
export interface QueryStats {
  readonly kind: 'all' | 'columns' | 'count';
  /** Rows the SQL returned (before the per-record permission filter). */
  readonly returned: number;
  /** Rows skipped by a LIMIT offset. */
  readonly skipped: number;
  /** Rows examined by an unindexed filter or a sort (0 for pure keyset/offset scans on crmid). */
  readonly scanned: number;
}

/** Rows plus cost. */
export interface QueryOutcome {
  readonly rows: Array<Record<string, string>>;
  readonly stats: QueryStats;
}

/** The VTQL row cap: no LIMIT, `LIMIT 200` and `LIMIT 0,150` all return at most 100 rows (reference §9). */
export const ROW_CAP = 100;

type Predicate = (record: SimRecord) => boolean;

interface IdBound {
  readonly op: '=' | '<' | '>' | '<=' | '>=';
  /** null: the value had no `x` part, which matches nothing (observed: a bare number gives an empty result). */
  readonly value: number | null;
}

const dbError = (): WsError => new WsError(WsErrorCode.DATABASE_QUERY_ERROR, WsMessage.databaseError);

/**
 * The checks `buildSelectStmt()` makes once the statement parsed, in its order: selected columns, the
 * column/value count, then each WHERE column and reference value.
 */
export function validateVtql(query: VtqlQuery, meta: ModuleMeta): void {
  if (query.select.kind === 'columns') {
    for (const column of query.select.columns) {
      if (!meta.fieldByName.has(column)) {
        throw new WsError(WsErrorCode.ACCESS_DENIED, `Permission to access '.${column}.' attribute denied.`);
      }
    }
  }
  if (!query.where) return;
  if (query.where.conditions.some((c) => c.operator !== 'IN' && c.values.length > 1)) {
    throw new WsError(WsErrorCode.QUERY_SYNTAX_ERROR, 'columns data inappropriate');
  }
  for (const condition of query.where.conditions) {
    const field = meta.fieldByName.get(condition.column);
    if (!field) {
      throw new WsError(WsErrorCode.ACCESS_DENIED, `Permission to access ${condition.column} attribute denied.`);
    }
    // Reference and owner columns hold crmids; the value must be a webservice id (`11x124`), a bare number is
    // INVALID_ID_ATTRIBUTE (reference §9).
    if ((field.kind === 'reference' || field.kind === 'owner') && condition.values.some((v) => !v.raw.includes('x'))) {
      throw new WsError(WsErrorCode.INVALID_ID_ATTRIBUTE, WsMessage.idIncorrect);
    }
  }
}

/**
 * Runs a validated query against one module's table as `user`. Plans like MySQL would with a primary key on
 * crmid: ORDER BY id (or no ORDER BY, natural order) walks the sorted table from a binary-searched start and
 * stops once offset+count rows matched, so keyset pages are O(log n + page); any other order sorts all matches.
 *
 * @throws {WsError} DATABASE_QUERY_ERROR where MySQL would reject the generated SQL
 */
export function executeVtql(
  query: VtqlQuery,
  meta: ModuleMeta,
  table: ModuleTable | undefined,
  store: RecordStore,
  user: UserRow,
): QueryOutcome {
  const rows = table?.rows ?? [];
  const count = parseLimit(query.limit?.count ?? null, ROW_CAP);
  const offset = parseLimit(query.limit?.offset ?? null, 0);
  const cappedCount = min(count, ROW_CAP);

  const conditions = query.where?.conditions ?? [];
  const connectors = query.where?.connectors ?? [];
  const compiled = conditions.map((c) => compileCondition(c, fieldOf(meta, c.column)));
  const predicate = combine(
    compiled.map((c) => c.predicate),
    connectors,
  );
  const onlyAnd = connectors.every((c) => c === 'AND');
  const unindexed = conditions.some((c) => c.column !== 'id') || !onlyAnd;

  // Range on crmid from `id` conditions joined by AND only.
  let start = 0;
  let end = rows.length;
  let empty = false;
  if (onlyAnd && table) {
    for (const c of compiled) {
      if (!c.idBound) continue;
      const { op, value } = c.idBound;
      if (value === null) {
        empty = true;
        continue;
      }
      const lo = op === '>' ? floor(value) + 1 : op === '>=' || op === '=' ? ceil(value) : null;
      const hi = op === '<' ? ceil(value) : op === '<=' || op === '=' ? floor(value) + 1 : null;
      if (lo !== null) start = max(start, table.lowerBound(lo));
      if (hi !== null) end = min(end, table.lowerBound(hi));
    }
  }
  if (empty || start > end) end = start;

  if (query.select.kind === 'count') {
    let n = 0;
    for (let i = start; i < end; i++) {
      const record = rows[i] as SimRecord;
      if (!record.deleted && predicate(record)) n++;
    }
    const out = offset > 0 || cappedCount === 0 ? [] : [{ count: str(n) }];
    return { rows: out, stats: { kind: 'count', returned: out.length, skipped: offset, scanned: end - start } };
  }

  const orderBy = query.orderBy;
  for (const column of orderBy ?? []) if (!meta.fieldByName.has(column)) throw dbError();
  const byId = orderBy === null || (orderBy.length === 1 && orderBy[0] === 'id');
  const needed = offset + cappedCount;
  let matches: SimRecord[] = [];
  let scanned = 0;

  if (byId) {
    const descending = orderBy !== null && query.sortOrder === 'DESC';
    if (needed > 0) {
      if (descending) {
        for (let i = end - 1; i >= start && matches.length < needed; i--) {
          scanned++;
          const record = rows[i] as SimRecord;
          if (!record.deleted && predicate(record)) matches.push(record);
        }
      } else {
        for (let i = start; i < end && matches.length < needed; i++) {
          scanned++;
          const record = rows[i] as SimRecord;
          if (!record.deleted && predicate(record)) matches.push(record);
        }
      }
    }
    if (!unindexed) scanned = 0;
  } else {
    for (let i = start; i < end; i++) {
      const record = rows[i] as SimRecord;
      if (!record.deleted && predicate(record)) matches.push(record);
    }
    scanned = end - start;
    matches = sortRecords(matches, orderBy, query.sortOrder, meta, needed);
  }

  const page = matches.slice(offset, needed);
  const visible = canSeeAll(user, meta) ? page : page.filter((r) => r.ownerId === user.id);
  const projected =
    query.select.kind === 'all' ? visible.map((r) => store.row(r)) : visible.map((r) => project(r, query.select));
  return {
    rows: projected,
    stats: { kind: query.select.kind, returned: page.length, skipped: min(offset, matches.length), scanned },
  };
}

/** Admins see everything; a non-admin only records assigned to him (private sharing). Users are public. */
function canSeeAll(user: UserRow, meta: ModuleMeta): boolean {
  return user.isAdmin || meta.name === 'Users';
}

function project(record: SimRecord, select: VtqlQuery['select']): Record<string, string> {
  const out: Record<string, string> = {};
  if (select.kind !== 'columns') return out;
  for (const column of select.columns) {
    out[column] = column === 'id' ? wsIdOf(record) : (record.values[column] ?? record.meta.defaults[column] ?? '');
  }
  return out;
}

function parseLimit(value: string | null, fallback: number): number {
  if (value === null) return fallback;
  if (!/^\d+$/.test(value)) throw dbError();
  return num(value);
}

function fieldOf(meta: ModuleMeta, column: string): FieldMeta {
  const field = meta.fieldByName.get(column);
  if (!field) throw dbError();
  return field;
}

/** MySQL precedence: AND binds tighter than OR, so the chain is an OR of AND-groups. */
function combine(predicates: Predicate[], connectors: ReadonlyArray<'AND' | 'OR'>): Predicate {
  if (predicates.length === 0) return () => true;
  const groups: Predicate[][] = [[]];
  predicates.forEach((p, i) => {
    if (i > 0 && connectors[i - 1] === 'OR') groups.push([]);
    (groups[groups.length - 1] as Predicate[]).push(p);
  });
  if (groups.length === 1) {
    const only = groups[0] as Predicate[];
    return only.length === 1 ? (only[0] as Predicate) : (r) => only.every((p) => p(r));
  }
  return (r) => groups.some((g) => g.every((p) => p(r)));
}

type Key = string | number | null;

function applyOperator(op: VtqlCondition['operator'], c: number): boolean {
  switch (op) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '>=':
      return c >= 0;
    default:
      return false;
  }
}

/** Numeric part of a webservice id (`'12x100'` → 100); null when there is no `x`. */
function idPart(text: string): number | null {
  const part = text.split('x')[1];
  return part === undefined ? null : mysqlNumber(part);
}

function compileCondition(condition: VtqlCondition, field: FieldMeta): { predicate: Predicate; idBound?: IdBound } {
  const { operator, values } = condition;
  const name = field.name;

  if (field.kind === 'id' || field.kind === 'reference' || field.kind === 'owner') {
    const column =
      field.kind === 'id'
        ? (r: SimRecord): number => r.crmid
        : (r: SimRecord): number => {
            const v = r.values[name];
            return v ? mysqlNumber(v.split('x')[1] ?? '') : 0;
          };
    if (operator === 'LIKE') {
      const part = values[0]?.text.split('x')[1];
      if (part === undefined) return { predicate: () => false };
      const re = likePattern(collate(part));
      return { predicate: (r) => re.test(str(column(r))) };
    }
    if (operator === 'IN') {
      const set = new Set(values.map((v) => idPart(v.text)).filter((n): n is number => n !== null));
      return { predicate: (r) => set.has(column(r)) };
    }
    const target = idPart(values[0]?.text ?? '');
    const predicate: Predicate =
      target === null ? () => false : (r) => applyOperator(operator, compare(column(r), target));
    return field.kind === 'id' && operator !== '!='
      ? { predicate, idBound: { op: operator, value: target } }
      : { predicate };
  }

  for (const v of values) {
    // An unquoted word is an identifier to MySQL: unknown column, SQL error.
    if (!v.quoted && !isNumericLiteral(v.raw)) throw dbError();
  }

  const numericColumn = field.kind === 'numeric';
  const key = (r: SimRecord): Key => {
    const v = r.values[name] ?? r.meta.defaults[name] ?? '';
    if (numericColumn) return v === '' ? null : mysqlNumber(v);
    if (field.kind === 'datetime' || field.kind === 'date') return v === '' ? null : v;
    return v;
  };

  if (operator === 'LIKE') {
    const re = likePattern(collate(values[0]?.text ?? ''));
    return {
      predicate: (r) => {
        const v = r.values[name] ?? r.meta.defaults[name] ?? '';
        return re.test(collate(v));
      },
    };
  }

  const literal = (text: string, quoted: boolean): { num: number | null; str: string } => {
    let str = text;
    if (field.kind === 'datetime' && /^\d{4}-\d{2}-\d{2}$/.test(str)) str += ' 00:00:00';
    const num = numericColumn || !quoted ? mysqlNumber(text) : null;
    return { num, str: field.kind === 'text' ? collate(str) : str };
  };

  const test = (r: SimRecord, lit: { num: number | null; str: string }): number | null => {
    const k = key(r);
    if (k === null) return null;
    if (lit.num !== null) return compare(typeof k === 'number' ? k : mysqlNumber(k), lit.num);
    if (typeof k === 'number') return compare(k, mysqlNumber(lit.str));
    return compare(field.kind === 'text' ? collate(k) : k, lit.str);
  };

  if (operator === 'IN') {
    const lits = values.map((v) => literal(v.text, v.quoted));
    return { predicate: (r) => lits.some((l) => test(r, l) === 0) };
  }
  const lit = literal(values[0]?.text ?? '', values[0]?.quoted ?? true);
  return {
    predicate: (r) => {
      const c = test(r, lit);
      return c !== null && applyOperator(operator, c);
    },
  };
}

/**
 * Sorts like MySQL's filesort: by the ORDER BY keys (the direction applies to the last column only, as in the
 * generated SQL), NULLs first, and rows that tie in a page-dependent order, because MySQL gives no stable order
 * within ties (observed: records sharing a modifiedtime second come back reordered between pages).
 */
function sortRecords(
  records: SimRecord[],
  orderBy: readonly string[],
  sortOrder: 'ASC' | 'DESC' | null,
  meta: ModuleMeta,
  salt: number,
): SimRecord[] {
  const fields = orderBy.map((c) => fieldOf(meta, c));
  const keyed = records.map((record) => ({
    record,
    keys: fields.map((f): Key => {
      if (f.kind === 'id') return record.crmid;
      const v = record.values[f.name] ?? record.meta.defaults[f.name] ?? '';
      if (f.kind === 'reference' || f.kind === 'owner') return v ? mysqlNumber(v.split('x')[1] ?? '') : 0;
      if (f.kind === 'numeric') return v === '' ? null : mysqlNumber(v);
      if (f.kind === 'text') return collate(v);
      return v === '' ? null : v;
    }),
    tie: mix32(record.crmid, salt),
  }));
  const last = fields.length - 1;
  keyed.sort((a, b) => {
    for (let i = 0; i <= last; i++) {
      const x = a.keys[i] ?? null;
      const y = b.keys[i] ?? null;
      let c = x === null ? (y === null ? 0 : -1) : y === null ? 1 : compare(x as string, y as string);
      if (i === last && sortOrder === 'DESC') c = -c;
      if (c !== 0) return c;
    }
    return a.tie - b.tie;
  });
  return keyed.map((k) => k.record);
}
