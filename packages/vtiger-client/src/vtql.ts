/**
 * A small, pure VTQL builder. VTQL (protocol §9) is a restricted SQL: one module, `WHERE` conditions joined with
 * AND/OR and no parentheses, `ORDER BY`, `LIMIT n` or `LIMIT offset,n` (never `OFFSET`), a mandatory `;`, and a
 * server-side cap of 100 rows per query.
 *
 * Values are always single-quoted. A quote is doubled (`''`): Vtiger's VTQL lexer reads a string literal as
 * `'(?:[^']|'')+'`, so a backslash-escaped quote (`\'`) would end the literal early. A backslash is doubled
 * (`\\`) because the literal is pasted into MySQL, which reads backslash escapes. The webservice's
 * addslashes/stripslashes pass leaves the query text unchanged. Identifiers are validated instead of quoted,
 * because VTQL has no identifier quoting.
 */
import { VtigerConfigError } from './errors';

/** The server's row cap per query: `LIMIT 200` and `LIMIT 0,150` both return 100 rows. */
export const VTQL_MAX_LIMIT = 100;

/** Comparison operators VTQL understands (`<>` is not one of them; use `!=`). */
export type VtqlOperator = '=' | '<' | '>' | '<=' | '>=' | '!=' | 'LIKE' | 'IN';

/** A value in a condition; numbers are quoted like strings (VTQL compares ids and references as strings). */
export type VtqlValue = string | number;

/** One condition, `field op value`; `IN` takes a non-empty array. */
export interface VtqlCondition {
  field: string;
  op: VtqlOperator;
  value: VtqlValue | readonly VtqlValue[];
}

/**
 * A `WHERE` clause: one condition, several joined with AND, or a raw VTQL fragment inserted verbatim (your
 * responsibility to quote; use {@link quoteVtqlString}).
 */
export type VtqlWhere = VtqlCondition | readonly VtqlCondition[] | string;

/** Which columns to select: a list of field names, `'*'` (all fields plus `id`) or `'count(*)'`. */
export type VtqlFields = readonly string[] | '*' | 'count(*)';

/** Options of {@link select}. */
export interface VtqlSelectOptions {
  /** @default '*' */
  fields?: VtqlFields;
  where?: VtqlWhere;
  /** Column(s) to order by. */
  orderBy?: string | readonly string[];
  /** Adds `DESC` after the ORDER BY list. @default false */
  descending?: boolean;
  /** Rows to return, 0–100 (the server cap). */
  limit?: number;
  /** Rows to skip; emitted as `LIMIT offset,limit` (VTQL has no OFFSET keyword). Needs `limit`. */
  offset?: number;
}

/** Options of the page builders. */
export interface VtqlPageOptions {
  /** @default '*'. `id` is added to a field list that lacks it (it is the cursor). */
  fields?: readonly string[] | '*';
  where?: VtqlWhere;
  /** Rows per page, 1–100. @default 100 */
  pageSize?: number;
  /** Only rows after this webservice id (`12x345`): a previous page's last id. */
  after?: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WS_ID = /^[0-9]+x[0-9]+$/;
const OPERATORS: ReadonlySet<string> = new Set(['=', '<', '>', '<=', '>=', '!=', 'LIKE', 'IN']);

/**
 * Checks a module or column name against `/^[A-Za-z_][A-Za-z0-9_]*$/` and returns it.
 * @throws VtigerConfigError for anything else (spaces, quotes, dots, semicolons, …)
 */
export function vtqlIdentifier(name: unknown, what = 'identifier'): string {
  if (typeof name !== 'string' || !IDENTIFIER.test(name)) {
    throw new VtigerConfigError(
      `VTQL ${what} ${JSON.stringify(name)} is not allowed: use letters, digits and underscores, not starting with a digit`,
    );
  }
  return name;
}

/**
 * Quotes a value as a VTQL string literal: `O'Brien` → `'O''Brien'`, `a\b` → `'a\\b'`.
 * @throws VtigerConfigError for an empty string (VTQL's lexer cannot read `''`), non-finite numbers, and values
 * that are not strings or numbers
 */
export function quoteVtqlString(value: VtqlValue | boolean): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else if (typeof value === 'boolean') text = value ? '1' : '0';
  else throw new VtigerConfigError(`VTQL value must be a string or a finite number (got ${String(value)})`);
  if (text === '') {
    throw new VtigerConfigError(
      "VTQL cannot compare with an empty string: Vtiger's lexer needs at least one character between quotes",
    );
  }
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function condition(c: VtqlCondition): string {
  if (c === null || typeof c !== 'object') throw new VtigerConfigError('VTQL condition must be { field, op, value }');
  const field = vtqlIdentifier(c.field, 'column');
  const op = typeof c.op === 'string' ? c.op.toUpperCase() : c.op;
  if (typeof op !== 'string' || !OPERATORS.has(op)) {
    throw new VtigerConfigError(
      `VTQL operator ${JSON.stringify(c.op)} is not supported; use one of ${[...OPERATORS].join(' ')}`,
    );
  }
  if (op === 'IN') {
    if (!Array.isArray(c.value) || c.value.length === 0) {
      throw new VtigerConfigError(`VTQL IN on ${field} needs a non-empty array of values`);
    }
    return `${field} IN (${(c.value as readonly VtqlValue[]).map(quoteVtqlString).join(',')})`;
  }
  if (Array.isArray(c.value)) throw new VtigerConfigError(`VTQL ${op} on ${field} takes one value, not an array`);
  return `${field} ${op} ${quoteVtqlString(c.value as VtqlValue)}`;
}

/** Builds the text after `WHERE` (no keyword), or `''` when there are no conditions. */
export function buildWhere(where: VtqlWhere | undefined): string {
  if (where === undefined) return '';
  if (typeof where === 'string') return where.trim();
  const list: readonly VtqlCondition[] = Array.isArray(where) ? where : [where as VtqlCondition];
  return list.map(condition).join(' AND ');
}

function fieldList(fields: VtqlFields | undefined): string {
  if (fields === undefined || fields === '*') return '*';
  if (fields === 'count(*)') return 'count(*)';
  if (!Array.isArray(fields) || fields.length === 0) {
    throw new VtigerConfigError(`VTQL fields must be '*', 'count(*)' or a non-empty list of column names`);
  }
  return fields.map((f) => vtqlIdentifier(f, 'column')).join(',');
}

function checkLimit(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min || value > VTQL_MAX_LIMIT) {
    throw new VtigerConfigError(
      `${name} must be a whole number from ${min} to ${VTQL_MAX_LIMIT}: Vtiger returns at most ${VTQL_MAX_LIMIT} rows per query (got ${String(value)})`,
    );
  }
}

function checkOffset(value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new VtigerConfigError(`VTQL offset must be a whole number ≥ 0 (got ${String(value)})`);
  }
}

/**
 * Builds `SELECT <fields> FROM <module> [WHERE …] [ORDER BY …] [LIMIT [offset,]n];`.
 *
 * ```ts
 * select('Contacts', { fields: ['id', 'lastname'], where: { field: 'lastname', op: '=', value: "O'Brien" }, limit: 10 })
 * // SELECT id,lastname FROM Contacts WHERE lastname = 'O\'Brien' LIMIT 10;
 * ```
 * @throws VtigerConfigError for unsafe identifiers, unknown operators, a limit over 100, an offset without limit
 */
export function select(module: string, options: VtqlSelectOptions = {}): string {
  let q = `SELECT ${fieldList(options.fields)} FROM ${vtqlIdentifier(module, 'module')}`;
  const where = buildWhere(options.where);
  if (where) q += ` WHERE ${where}`;
  if (options.orderBy !== undefined) {
    const cols = typeof options.orderBy === 'string' ? [options.orderBy] : options.orderBy;
    if (cols.length === 0) throw new VtigerConfigError('VTQL orderBy must name at least one column');
    q += ` ORDER BY ${cols.map((c) => vtqlIdentifier(c, 'column')).join(',')}`;
    if (options.descending) q += ' DESC';
  }
  if (options.offset !== undefined && options.limit === undefined) {
    throw new VtigerConfigError('VTQL offset needs a limit (VTQL writes it as LIMIT offset,count)');
  }
  if (options.limit !== undefined) {
    checkLimit(options.limit, 'VTQL limit', 0);
    if (options.offset !== undefined) {
      checkOffset(options.offset);
      q += ` LIMIT ${options.offset},${options.limit}`;
    } else {
      q += ` LIMIT ${options.limit}`;
    }
  }
  return `${q};`;
}

/** Builds `SELECT count(*) FROM <module> [WHERE …];`. */
export function buildCountQuery(module: string, where?: VtqlWhere): string {
  return select(module, { fields: 'count(*)', where });
}

// A raw WHERE with a top-level OR would bind looser than the paging condition (`id > 'x' AND a OR b`), and VTQL
// has no parentheses to fix that: the page loop would never end.
function pagingWhere(where: VtqlWhere | undefined): string {
  const text = buildWhere(where);
  if (typeof where === 'string' && /\bOR\b/i.test(text.replace(/'(?:[^']|'')*'/g, "'x'"))) {
    throw new VtigerConfigError(
      'A paged query cannot use OR in a raw WHERE: VTQL has no parentheses, so `id > … AND a OR b` would match every page; use conditions joined with AND',
    );
  }
  return text;
}

function pageSizeOf(pageSize: number | undefined): number {
  const size = pageSize ?? VTQL_MAX_LIMIT;
  checkLimit(size, 'pageSize', 1);
  return size;
}

function pageFields(fields: readonly string[] | '*' | undefined): VtqlFields {
  if (fields === undefined || fields === '*') return '*';
  return fields.includes('id') ? fields : ['id', ...fields];
}

// The WHERE of a page, shared by both page builders so they check the cursor alike: `id > '<after>'` when resuming
// (a webservice id, nothing else), AND the caller's conditions.
function pageWhere(options: VtqlPageOptions): string | undefined {
  const parts: string[] = [];
  const { after } = options;
  if (after !== undefined) {
    if (typeof after !== 'string' || !WS_ID.test(after)) {
      throw new VtigerConfigError(
        `The page cursor (after) must be a webservice id like "12x345" (got ${JSON.stringify(after)})`,
      );
    }
    parts.push(`id > ${quoteVtqlString(after)}`);
  }
  const where = pagingWhere(options.where);
  if (where) parts.push(where);
  return parts.length ? parts.join(' AND ') : undefined;
}

/**
 * Builds one keyset page: `SELECT … FROM M WHERE id > '<after>' [AND …] ORDER BY id LIMIT n;` (no id condition for
 * the first page). Cost stays flat however deep the page (protocol §13).
 * @param options.after the last webservice id of the previous page (`12x345`), or undefined for the first page
 * @throws VtigerConfigError for a cursor that is not a webservice id, a page size outside 1–100, a raw WHERE with
 * OR, unsafe identifiers
 */
export function buildKeysetPageQuery(module: string, options: VtqlPageOptions = {}): string {
  const size = pageSizeOf(options.pageSize);
  return select(module, {
    fields: pageFields(options.fields),
    where: pageWhere(options),
    orderBy: 'id',
    limit: size,
  });
}

/**
 * Builds one offset page: `SELECT … FROM M [WHERE [id > '<after>' AND] …] ORDER BY id LIMIT offset,n;`. `after`
 * pins the start and `offset` counts from there. The server skips `offset` rows on every page, so deep pages get
 * slow; prefer {@link buildKeysetPageQuery}.
 * @param options.offset rows to skip, ≥ 0. @default 0
 * @throws VtigerConfigError like {@link buildKeysetPageQuery}, and for a negative or fractional offset
 */
export function buildOffsetPageQuery(module: string, options: VtqlPageOptions & { offset?: number } = {}): string {
  const size = pageSizeOf(options.pageSize);
  const offset = options.offset ?? 0;
  checkOffset(offset);
  return select(module, {
    fields: pageFields(options.fields),
    where: pageWhere(options),
    orderBy: 'id',
    limit: size,
    offset,
  });
}

/** The builder as one namespace: `vtql.select('Contacts', { limit: 10 })`. */
export const vtql = {
  select,
  count: buildCountQuery,
  keysetPage: buildKeysetPageQuery,
  offsetPage: buildOffsetPageQuery,
  where: buildWhere,
  quote: quoteVtqlString,
  identifier: vtqlIdentifier,
  MAX_LIMIT: VTQL_MAX_LIMIT,
} as const;
