import { inspect } from 'node:util';
import { type HttpMethod, VtigerConfigError, VtigerProtocolError } from './errors';
import { type Engine, type ParamValue } from './internal/engine';
import { REDACTED } from './internal/redact';
import { type CallOptions } from './options';
import {
  type DeleteResult,
  type ListTypesResult,
  type LoginResult,
  type MessageResult,
  type ModuleDescription,
  type Page,
  type RelatedTypesResult,
  type SessionInit,
  type SyncResult,
  type VtigerRecord,
  type VtigerRow,
} from './types';
import { buildCountQuery, buildKeysetPageQuery, buildOffsetPageQuery, type VtqlWhere } from './vtql';

/** Options of {@link VtigerSession.call}. */
export interface RawCallOptions extends CallOptions {
  /** The HTTP method Vtiger registered the operation with; the wrong one makes its parameters "missing". */
  method: HttpMethod;
  /** Whether the client may repeat the request on transport failures (only for pure reads). @default false */
  idempotent?: boolean;
}

/** Options of {@link VtigerSession.pages}. */
export interface PagesOptions {
  /** Columns to select; `id` is added if missing. @default '*' */
  fields?: readonly string[] | '*';
  /** Extra conditions, joined with AND to the paging condition. */
  where?: VtqlWhere;
  /** Rows per page, 1–100 (the server cap). @default 100 */
  pageSize?: number;
  /** Resume after this webservice id (a previous page's `cursor`). */
  after?: string;
  /**
   * `keyset` pages with `WHERE id > '<last>' ORDER BY id` (flat cost per page); `offset` with
   * `ORDER BY id LIMIT offset,n` (cost grows with the offset). @default 'keyset'
   */
  strategy?: 'keyset' | 'offset';
}

function requireString(value: unknown, name: string, operation: string): string {
  if (typeof value !== 'string' || value === '' || value === '0') {
    throw new VtigerConfigError(
      `\`${operation}\`: ${name} must be a non-empty string (got ${value === undefined ? 'undefined' : JSON.stringify(value)})`,
      { operation },
    );
  }
  return value;
}

function requireElement(value: unknown, operation: string, needsId: boolean): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new VtigerConfigError(`\`${operation}\`: element must be an object of field values`, { operation });
  }
  if (needsId) requireString((value as { id?: unknown }).id, 'element.id', operation);
  return value as Record<string, unknown>;
}

/**
 * A logged-in Vtiger webservice session. Get one from {@link VtigerClient.login} or resume one with
 * {@link VtigerClient.session}. Holds no state but the session name: any number of sessions (and workers) can
 * share it, although Vtiger serialises requests per session (PHP's session lock).
 *
 * Every method takes an optional last argument {@link CallOptions} (`signal`, `timeoutMs`) and throws the errors of
 * `errors.ts`: a dead session is a {@link VtigerSessionError}.
 *
 * `JSON.stringify(session)` gives what `client.session()` takes back (e.g. to keep it in workflow state); `util.inspect` and
 * `console.log` show the session name as `REDACTED`.
 */
export class VtigerSession {
  /** The session id. A bearer token: never log it. */
  readonly sessionName: string;
  /** The user's webservice id (`19x1`); undefined for a resumed session that was not told. */
  readonly userId: string | undefined;
  /** API version (`0.22`); undefined for a resumed session that was not told. */
  readonly version: string | undefined;
  /** Vtiger version (`8.2.0`); undefined for a resumed session that was not told. */
  readonly vtigerVersion: string | undefined;
  readonly #engine: Engine;

  /** @internal Use `client.login()` or `client.session()`. */
  constructor(engine: Engine, init: SessionInit) {
    this.#engine = engine;
    this.sessionName = init.sessionName;
    this.userId = init.userId;
    this.version = init.version;
    this.vtigerVersion = init.vtigerVersion;
  }

  #get<T>(operation: string, params: Record<string, ParamValue>, call: CallOptions | undefined): Promise<T> {
    return this.#engine.invoke<T>({
      operation,
      method: 'GET',
      params,
      sessionName: this.sessionName,
      idempotent: true,
      call,
    });
  }

  #post<T>(operation: string, params: Record<string, ParamValue>, call: CallOptions | undefined): Promise<T> {
    return this.#engine.invoke<T>({
      operation,
      method: 'POST',
      params,
      sessionName: this.sessionName,
      idempotent: false,
      call,
    });
  }

  /**
   * POST `extendsession` with this session name. On a live session Vtiger returns the same session (and the call
   * refreshes its idle timer, as any call does). On a dead one it throws {@link VtigerSessionError}
   * (`AUTHENTICATION_FAILURE`) and the id is poisoned: later calls with it answer HTTP 500. Never retried.
   */
  async extendSession(opts?: CallOptions): Promise<LoginResult> {
    const result = await this.#post<unknown>('extendsession', {}, opts);
    return this.#engine.loginResultOf('extendsession', result);
  }

  /**
   * POST `logout`. Stock Vtiger 8 on PHP 8 always answers HTTP 500 ({@link VtigerHttpError}) and the session stays
   * valid; callers decide whether to ignore that. Never retried.
   */
  async logout(opts?: CallOptions): Promise<void> {
    await this.#post<unknown>('logout', {}, opts);
  }

  /** GET `listtypes`: module names and their labels; `fieldTypeList` (e.g. `['email']`) filters by field type. */
  async listTypes(fieldTypeList?: readonly string[], opts?: CallOptions): Promise<ListTypesResult> {
    if (fieldTypeList !== undefined && !Array.isArray(fieldTypeList)) {
      throw new VtigerConfigError('`listtypes`: fieldTypeList must be an array of field type names', {
        operation: 'listtypes',
      });
    }
    return this.#get('listtypes', { fieldTypeList: fieldTypeList?.length ? fieldTypeList : undefined }, opts);
  }

  /** GET `describe`: a module's metadata and fields. Unknown modules throw {@link VtigerAccessDeniedError}. */
  async describe(elementType: string, opts?: CallOptions): Promise<ModuleDescription> {
    return this.#get('describe', { elementType: requireString(elementType, 'elementType', 'describe') }, opts);
  }

  /**
   * POST `create`. Returns the full new record (with `id` and `label`). Missing mandatory fields throw
   * {@link VtigerMandatoryFieldsError} (Contacts need `lastname` and `assigned_user_id`). Never retried.
   */
  async create(elementType: string, element: Record<string, unknown>, opts?: CallOptions): Promise<VtigerRecord> {
    return this.#post(
      'create',
      {
        elementType: requireString(elementType, 'elementType', 'create'),
        element: requireElement(element, 'create', false),
      },
      opts,
    );
  }

  /** GET `retrieve`. Nonexistent or deleted ids throw {@link VtigerAccessDeniedError} (that is what Vtiger says). */
  async retrieve(id: string, opts?: CallOptions): Promise<VtigerRecord> {
    return this.#get('retrieve', { id: requireString(id, 'id', 'retrieve') }, opts);
  }

  /** POST `update`: `element` must carry `id` and every mandatory field (use {@link revise} for partial changes). */
  async update(element: Record<string, unknown> & { id: string }, opts?: CallOptions): Promise<VtigerRecord> {
    return this.#post('update', { element: requireElement(element, 'update', true) }, opts);
  }

  /** POST `revise`: `element` carries `id` and only the fields to change. */
  async revise(element: Record<string, unknown> & { id: string }, opts?: CallOptions): Promise<VtigerRecord> {
    return this.#post('revise', { element: requireElement(element, 'revise', true) }, opts);
  }

  /** POST `delete`. Returns `{ status: 'successful' }`; deleting twice throws {@link VtigerAccessDeniedError}. */
  async delete(id: string, opts?: CallOptions): Promise<DeleteResult> {
    return this.#post('delete', { id: requireString(id, 'id', 'delete') }, opts);
  }

  /**
   * GET `query` with a VTQL statement (build it with {@link vtql}). At most 100 rows; the trailing `;` is
   * mandatory. Grammar errors throw {@link VtigerQuerySyntaxError}, unknown modules or columns
   * {@link VtigerAccessDeniedError}.
   */
  async query(query: string, opts?: CallOptions): Promise<VtigerRow[]> {
    const rows: unknown = await this.#get('query', { query: requireString(query, 'query', 'query') }, opts);
    if (!Array.isArray(rows)) {
      throw this.#engine.shapeError('query', 'a result that is not a list of rows', rows, [this.sessionName]);
    }
    return rows as VtigerRow[];
  }

  /** `SELECT count(*) FROM <module> [WHERE …];` as a number. */
  async count(module: string, where?: VtqlWhere, opts?: CallOptions): Promise<number> {
    const rows = await this.query(buildCountQuery(module, where), opts);
    const value = rows[0]?.count;
    const n = Number(value);
    if (value === undefined || !Number.isSafeInteger(n)) {
      throw this.#engine.shapeError('query', `rows without a count for count(*) on ${module}`, rows, [
        this.sessionName,
      ]);
    }
    return n;
  }

  /**
   * GET `sync`: changes since `modifiedTime` (Unix seconds, ≥ 1: Vtiger treats `0` as missing and fails). Stock
   * Vtiger 8 on PHP 8 answers HTTP 500 ({@link VtigerHttpError}); where it works it only returns records owned by
   * the API user. Prefer {@link pages}. `lastModifiedTime` is normalised to a number.
   */
  async sync(modifiedTime: number, elementType?: string, opts?: CallOptions): Promise<SyncResult> {
    if (typeof modifiedTime !== 'number' || !Number.isSafeInteger(modifiedTime) || modifiedTime < 1) {
      throw new VtigerConfigError(
        `\`sync\`: modifiedTime must be a whole number of Unix seconds ≥ 1 (got ${String(modifiedTime)}); Vtiger treats 0 as missing and fails with HTTP 500 — start from 1`,
        { operation: 'sync' },
      );
    }
    const params: Record<string, ParamValue> = { modifiedTime };
    if (elementType !== undefined) params.elementType = requireString(elementType, 'elementType', 'sync');
    const r = await this.#get<{
      updated?: VtigerRecord[];
      deleted?: string[];
      more?: boolean;
      lastModifiedTime?: number | string;
    }>('sync', params, opts);
    const last = Number(r?.lastModifiedTime);
    return {
      updated: Array.isArray(r?.updated) ? r.updated : [],
      deleted: Array.isArray(r?.deleted) ? r.deleted : [],
      more: r?.more === true,
      lastModifiedTime: Number.isFinite(last) ? last : modifiedTime,
    };
  }

  /** GET `relatedtypes`: the relations of a module. */
  async relatedTypes(elementType: string, opts?: CallOptions): Promise<RelatedTypesResult> {
    return this.#get('relatedtypes', { elementType: requireString(elementType, 'elementType', 'relatedtypes') }, opts);
  }

  /** GET `retrieve_related`: records of `relatedType` related to `id` through the relation `relatedLabel`. */
  async retrieveRelated(
    id: string,
    relatedType: string,
    relatedLabel: string,
    opts?: CallOptions,
  ): Promise<VtigerRecord[]> {
    return this.#get(
      'retrieve_related',
      {
        id: requireString(id, 'id', 'retrieve_related'),
        relatedType: requireString(relatedType, 'relatedType', 'retrieve_related'),
        relatedLabel: requireString(relatedLabel, 'relatedLabel', 'retrieve_related'),
      },
      opts,
    );
  }

  /**
   * GET `query_related`: a VTQL query over the records of one module related to `id` through `relatedLabel`
   * (a label from {@link relatedTypes}, e.g. `Products`). Vtiger appends `WHERE id IN (…)` and the `;` itself, so a
   * trailing `;` is removed here, and the query must not have ORDER BY or LIMIT. A wrong label throws
   * {@link VtigerApiError} `UNKOWN_ENTITY` (sic).
   */
  async queryRelated(query: string, id: string, relatedLabel: string, opts?: CallOptions): Promise<VtigerRow[]> {
    return this.#get(
      'query_related',
      {
        query: requireString(query, 'query', 'query_related').replace(/\s*;\s*$/, ''),
        id: requireString(id, 'id', 'query_related'),
        relatedLabel: requireString(relatedLabel, 'relatedLabel', 'query_related'),
      },
      opts,
    );
  }

  /** POST `add_related`: relates two records. Answers `{ message: 'successfull' }` (sic). Never retried. */
  async addRelated(
    sourceRecordId: string,
    relatedRecordId: string,
    relationIdLabel: string,
    opts?: CallOptions,
  ): Promise<MessageResult> {
    return this.#post(
      'add_related',
      {
        sourceRecordId: requireString(sourceRecordId, 'sourceRecordId', 'add_related'),
        relatedRecordId: requireString(relatedRecordId, 'relatedRecordId', 'add_related'),
        relationIdLabel: requireString(relationIdLabel, 'relationIdLabel', 'add_related'),
      },
      opts,
    );
  }

  /**
   * POST `convertlead`. Stock Vtiger 8 on PHP 8 answers HTTP 500 ({@link VtigerHttpError}). Never retried.
   * @returns Vtiger's answer, the ids of the created records keyed by module
   */
  async convertLead(element: Record<string, unknown>, opts?: CallOptions): Promise<Record<string, string>> {
    return this.#post('convertlead', { element: requireElement(element, 'convertlead', false) }, opts);
  }

  /**
   * Calls any operation with this session: GET parameters go in the query string, POST parameters in the form
   * body; objects and arrays are JSON-encoded, `undefined`/`null`/`false` left out. Retried only with
   * `idempotent: true`.
   */
  async call<T = unknown>(
    operation: string,
    params: Record<string, string | number | boolean | object | undefined>,
    options: RawCallOptions,
  ): Promise<T> {
    const op = requireString(operation, 'operation', 'call');
    if (options === null || typeof options !== 'object' || (options.method !== 'GET' && options.method !== 'POST')) {
      throw new VtigerConfigError(`\`${op}\`: call needs { method: 'GET' | 'POST' }, the method Vtiger registered`, {
        operation: op,
      });
    }
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      throw new VtigerConfigError(`\`${op}\`: params must be an object`, { operation: op });
    }
    const { method, idempotent, ...call } = options;
    return this.#engine.invoke<T>({
      operation: op,
      method,
      params,
      sessionName: this.sessionName,
      idempotent: idempotent === true,
      call,
    });
  }

  /**
   * Iterates a whole module page by page with `query`, in id order, each record exactly once (if none is created
   * with a lower id meanwhile). Keyset paging (default) resumes from `cursor`; iteration stops on an **empty**
   * page, not a short one, because Vtiger filters rows by permission after applying LIMIT (protocol §9).
   *
   * ```ts
   * for await (const page of session.pages('Contacts', { fields: ['id', 'lastname'] })) save(page.records);
   * ```
   */
  async *pages(module: string, options: PagesOptions = {}, opts?: CallOptions): AsyncGenerator<Page, void, undefined> {
    const strategy = options.strategy ?? 'keyset';
    if (strategy !== 'keyset' && strategy !== 'offset') {
      throw new VtigerConfigError(`pages: strategy must be 'keyset' or 'offset' (got ${JSON.stringify(strategy)})`);
    }
    const { fields, where, after } = options;
    const pageSize = options.pageSize ?? 100;
    // Keyset paging moves the cursor; offset paging keeps `after` as a fixed start and moves LIMIT offset,n.
    const pageQuery = (cursor: string | undefined, offset: number): string =>
      strategy === 'keyset'
        ? buildKeysetPageQuery(module, { fields, where, pageSize, after: cursor })
        : buildOffsetPageQuery(module, { fields, where, pageSize, after, offset });

    let cursor = after;
    let offset = 0;
    // Built (and so validated: identifiers, page size, cursor, WHERE) before any request.
    let query = pageQuery(cursor, offset);
    for (;;) {
      const records = (await this.query(query, opts)) as VtigerRecord[];
      if (records.length === 0) return;
      const last = records[records.length - 1]?.id;
      if (strategy === 'keyset') {
        if (typeof last !== 'string' || last === '' || last === cursor) {
          throw new VtigerProtocolError(
            `pages: a keyset page of ${module} did not end with a new id (got ${JSON.stringify(last)}); stopping to avoid a loop`,
            { status: 200, excerpt: '', operation: 'query' },
          );
        }
        yield { records, cursor: last, offset };
        cursor = last;
        offset += records.length;
      } else {
        if (typeof last === 'string' && last !== '') cursor = last;
        yield { records, cursor, offset };
        // Vtiger skips `offset` rows before filtering them by permission, so advance by the page size, not by
        // the number of rows received.
        offset += pageSize;
      }
      query = pageQuery(cursor, offset);
    }
  }

  /**
   * What `client.session()` needs to resume this session (the {@link LoginResult} of a login), for keeping it in
   * workflow state. Contains the session name: treat it as a secret.
   */
  toJSON(): SessionInit {
    const init: SessionInit = { sessionName: this.sessionName };
    if (this.userId !== undefined) init.userId = this.userId;
    if (this.version !== undefined) init.version = this.version;
    if (this.vtigerVersion !== undefined) init.vtigerVersion = this.vtigerVersion;
    return init;
  }

  /** Shows the session without its name. */
  [inspect.custom](): string {
    return `VtigerSession { sessionName: '${REDACTED}', userId: ${JSON.stringify(this.userId)}, vtigerVersion: ${JSON.stringify(this.vtigerVersion)} }`;
  }
}
