import { Context, heartbeat } from '@temporalio/activity';
import type { LoginInput, SessionInput, VtigerSessionHandle } from '@vtiger-temporal/common';
import type {
  DeleteResult,
  ListTypesResult,
  ModuleDescription,
  VtigerRecord,
  VtigerRow,
  VtigerSession,
  VtqlWhere,
} from '@vtiger-temporal/vtiger-client';
import { ConnectionRegistry, type Connection, type ConnectionProfile } from './connections';
import { sessionFailure, toActivityFailure } from './failures';
import { optionalInt, requireObject, requireRecord, requireString } from './internal/input';
import { SinkRegistry, type SinkProfile } from './sync/sink-registry';
import { runSyncBatch, type SyncBatchInput, type SyncBatchProgress } from './sync/sync-batch';

/** What {@link createVtigerActivities} needs. */
export interface VtigerActivityDeps {
  /**
   * Connection profiles by name (`default`, …), or a {@link ConnectionRegistry} you own (and `close()` on shutdown).
   * Credentials live only here, never in workflow input or history.
   */
  connections: Readonly<Record<string, ConnectionProfile>> | ConnectionRegistry;
  /**
   * Sink profiles by name (`default`, …) for `syncBatch`: sink configs (opened on first use) or open sinks, or a
   * {@link SinkRegistry} you own (and `close()` on shutdown). Without sinks, `syncBatch` fails naming the problem.
   */
  sinks?: Readonly<Record<string, SinkProfile>> | SinkRegistry;
}

/** Input of `queryPage`: one keyset page of a module. */
export interface QueryPageInput extends SessionInput {
  module: string;
  /** Columns; `id` is always included. @default all ('*') */
  fields?: string[];
  /** A VTQL condition or condition list, ANDed. */
  where?: VtqlWhere;
  /** Return records with an id after this one (crmid order). @default from the start */
  after?: string;
  /** Rows per page, at most 100 (Vtiger's cap). @default 100 */
  pageSize?: number;
}

/** Result of `queryPage`. `cursor` is the last id of the page; an empty page means the end. */
export interface QueryPageResult {
  records: VtigerRow[];
  cursor: string | undefined;
}

/** Input of `logout`. */
export type LogoutResult = { loggedOut: true } | { loggedOut: false; reason: string };

/** Input of `queryAll`: a long read that pages a whole module (or a filtered part of it) by id. */
export interface QueryAllInput extends SessionInput {
  module: string;
  /** Columns; `id` is always included. @default all ('*') */
  fields?: string[];
  /** A VTQL condition or condition list, ANDed. */
  where?: VtqlWhere;
  /** Stop after this many rows (activity results travel through history: keep them small). @default 1000 */
  maxRecords?: number;
}

/**
 * Builds the Vtiger activities for a worker. Register the result as the worker's `activities` and proxy
 * `ReturnType<typeof createVtigerActivities>` from workflows with a type-only import.
 *
 * ```ts
 * const activities = createVtigerActivities({ connections: { default: { url, username, accessKey } } });
 * await Worker.create({ taskQueue: 'vtiger', workflowsPath: require.resolve('@vtiger-temporal/workflows'), activities });
 * ```
 *
 * Every activity fails with an `ApplicationFailure` whose `type` is one of `FailureTypes` from
 * `@vtiger-temporal/common`; auth, input, access-denied and dead-session failures are non-retryable.
 */
export function createVtigerActivities(deps: VtigerActivityDeps) {
  const registry =
    deps.connections instanceof ConnectionRegistry ? deps.connections : new ConnectionRegistry(deps.connections);
  const sinks = deps.sinks instanceof SinkRegistry ? deps.sinks : new SinkRegistry(deps.sinks ?? {});

  /** Runs `fn` with the activity's cancellation signal and maps client errors to Temporal failures. */
  async function run<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await fn(Context.current().cancellationSignal);
    } catch (error) {
      throw toActivityFailure(error);
    }
  }

  /** Checks the input object, opens its session handle; returns the checked input for field validation too. */
  function sessionOf(
    activity: string,
    raw: unknown,
  ): { connection: Connection; session: VtigerSession; input: Record<string, unknown> } {
    const input = requireObject(activity, raw);
    const connection = registry.get(input.connection);
    const handle = requireString(activity, input, 'sessionName');
    const sessionName = connection.seal.open(handle);
    if (sessionName === undefined) {
      throw sessionFailure(
        `${activity}: this worker cannot open the session handle of connection "${connection.name}" (it was sealed ` +
          'with other credentials, or is corrupt); log in again',
      );
    }
    return { connection, session: connection.client.session({ sessionName }), input };
  }

  function handleFrom(
    connection: Connection,
    result: { sessionName: string; userId?: string; version?: string; vtigerVersion?: string },
  ): VtigerSessionHandle {
    return {
      sessionName: connection.seal.seal(result.sessionName),
      userId: result.userId ?? '',
      version: result.version ?? '',
      vtigerVersion: result.vtigerVersion ?? '',
    };
  }

  return {
    /**
     * Logs in (getchallenge + login) with the profile's credentials and returns a session handle whose
     * `sessionName` is sealed. Wrong credentials fail non-retryably with a message naming the user and URL.
     */
    async login(input: LoginInput): Promise<VtigerSessionHandle> {
      const connection = registry.get(requireObject('login', input).connection);
      return run(async (signal) => {
        const session = await connection.client.login({ signal });
        Context.current().log.info('Vtiger login', { connection: connection.name, userId: session.userId });
        return handleFrom(connection, session);
      });
    },

    /**
     * POSTs `extendsession` with the session from a prior `login` and returns the API's answer (the same session,
     * refreshed). A dead session fails with a non-retryable `VtigerSessionError`: log in again.
     */
    async extendSession(input: SessionInput): Promise<VtigerSessionHandle> {
      const { connection, session } = sessionOf('extendSession', input);
      return run(async (signal) => handleFrom(connection, await session.extendSession({ signal })));
    },

    /**
     * Best-effort logout: stock Vtiger 8 on PHP 8 answers HTTP 500 (the session then stays valid until it idles
     * out), a dead session answers INVALID_SESSIONID. Neither fails the activity; the reason is returned.
     */
    async logout(input: SessionInput): Promise<LogoutResult> {
      const { session } = sessionOf('logout', input);
      try {
        await session.logout({ signal: Context.current().cancellationSignal });
        return { loggedOut: true };
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        return { loggedOut: false, reason };
      }
    },

    /** `listtypes`: module names and their information. */
    async listTypes(input: SessionInput & { fieldTypeList?: string[] }): Promise<ListTypesResult> {
      const { session } = sessionOf('listTypes', input);
      return run((signal) => session.listTypes(input.fieldTypeList, { signal }));
    },

    /** `describe`: a module's metadata. */
    async describe(input: SessionInput & { module: string }): Promise<ModuleDescription> {
      const { session, input: raw } = sessionOf('describe', input);
      const module = requireString('describe', raw, 'module');
      return run((signal) => session.describe(module, { signal }));
    },

    /** `query`: one VTQL statement (at most 100 rows; Vtiger caps every page). */
    async query(input: SessionInput & { query: string }): Promise<VtigerRow[]> {
      const { session, input: raw } = sessionOf('query', input);
      const query = requireString('query', raw, 'query');
      return run((signal) => session.query(query, { signal }));
    },

    /**
     * Pages a module by id (keyset) and returns up to `maxRecords` rows; heartbeats the cursor after every page and
     * resumes from it when retried.
     */
    async queryAll(input: QueryAllInput): Promise<VtigerRow[]> {
      const { session, input: raw } = sessionOf('queryAll', input);
      const module = requireString('queryAll', raw, 'module');
      const maxRecords = optionalInt('queryAll', raw, 'maxRecords', 1000, 100_000);
      // The client adds `id` to any field list.
      const fields = input.fields ?? '*';
      const rows: VtigerRow[] = [];
      return run(async (signal) => {
        for await (const page of session.pages(module, { fields, where: input.where }, { signal })) {
          rows.push(...page.records);
          heartbeat({ cursor: page.cursor, rows: rows.length });
          if (rows.length >= maxRecords) break;
        }
        return rows.slice(0, maxRecords);
      });
    },

    /** One keyset page (`WHERE id > after … ORDER BY id LIMIT n`). Stop paging on an empty page, not a short one. */
    async queryPage(input: QueryPageInput): Promise<QueryPageResult> {
      const { session, input: raw } = sessionOf('queryPage', input);
      const module = requireString('queryPage', raw, 'module');
      const pageSize = optionalInt('queryPage', raw, 'pageSize', 100, 100);
      // The client adds `id` to any field list.
      const fields = input.fields ?? '*';
      return run(async (signal) => {
        for await (const page of session.pages(
          module,
          { fields, where: input.where, pageSize, after: input.after },
          { signal },
        )) {
          return { records: page.records, cursor: page.cursor };
        }
        return { records: [], cursor: input.after };
      });
    },

    /**
     * The sync's batch activity: up to `maxPages` pages of one pass (`full`, `incremental`, `reconcile` or the
     * opt-in `sync-op`) over one module, each page committed to the sink before the next is read, the cursor
     * heartbeated after every page. A retried attempt resumes from the last heartbeat; a dead session fails with
     * `VtigerSessionError` whose details carry `progress` (how far it got). Returns counts and the cursor only.
     */
    async syncBatch(input: SyncBatchInput): Promise<SyncBatchProgress> {
      const progress: { current: SyncBatchProgress | undefined } = { current: undefined };
      try {
        return await runSyncBatch(
          { session: sessionOf, sink: (name) => sinks.get(name) },
          input,
          progress,
          Context.current().cancellationSignal,
        );
      } catch (error) {
        throw toActivityFailure(error, progress.current && { ...progress.current });
      }
    },

    /** `retrieve` one record by webservice id. */
    async retrieve(input: SessionInput & { id: string }): Promise<VtigerRecord> {
      const { session, input: raw } = sessionOf('retrieve', input);
      const id = requireString('retrieve', raw, 'id');
      return run((signal) => session.retrieve(id, { signal }));
    },

    /** `create` a record. Not retried on transport faults by the client; Temporal's policy decides. */
    async create(input: SessionInput & { module: string; element: Record<string, unknown> }): Promise<VtigerRecord> {
      const { session, input: raw } = sessionOf('create', input);
      const module = requireString('create', raw, 'module');
      const element = requireRecord('create', raw, 'element');
      return run((signal) => session.create(module, element, { signal }));
    },

    /** `update`: the element must carry `id` and every mandatory field. */
    async update(input: SessionInput & { element: Record<string, unknown> & { id: string } }): Promise<VtigerRecord> {
      const { session, input: raw } = sessionOf('update', input);
      const element = requireRecord('update', raw, 'element');
      requireString('update', element, 'id');
      return run((signal) => session.update(element as Record<string, unknown> & { id: string }, { signal }));
    },

    /** `revise`: `id` plus the fields to change. */
    async revise(input: SessionInput & { element: Record<string, unknown> & { id: string } }): Promise<VtigerRecord> {
      const { session, input: raw } = sessionOf('revise', input);
      const element = requireRecord('revise', raw, 'element');
      requireString('revise', element, 'id');
      return run((signal) => session.revise(element as Record<string, unknown> & { id: string }, { signal }));
    },

    /** `delete` a record. */
    async delete(input: SessionInput & { id: string }): Promise<DeleteResult> {
      const { session, input: raw } = sessionOf('delete', input);
      const id = requireString('delete', raw, 'id');
      return run((signal) => session.delete(id, { signal }));
    },

    /** `retrieve_related`: records related to `id` through `relatedLabel`. */
    async retrieveRelated(
      input: SessionInput & { id: string; relatedType: string; relatedLabel: string },
    ): Promise<VtigerRecord[]> {
      const { session, input: raw } = sessionOf('retrieveRelated', input);
      const id = requireString('retrieveRelated', raw, 'id');
      const relatedType = requireString('retrieveRelated', raw, 'relatedType');
      const relatedLabel = requireString('retrieveRelated', raw, 'relatedLabel');
      return run((signal) => session.retrieveRelated(id, relatedType, relatedLabel, { signal }));
    },

    /** `query_related`: a VTQL query over the records related to `id`. */
    async queryRelated(
      input: SessionInput & { query: string; id: string; relatedLabel: string },
    ): Promise<VtigerRow[]> {
      const { session, input: raw } = sessionOf('queryRelated', input);
      const query = requireString('queryRelated', raw, 'query');
      const id = requireString('queryRelated', raw, 'id');
      const relatedLabel = requireString('queryRelated', raw, 'relatedLabel');
      return run((signal) => session.queryRelated(query, id, relatedLabel, { signal }));
    },

    /** `add_related`: relate two records. */
    async addRelated(
      input: SessionInput & { sourceRecordId: string; relatedRecordId: string; relationIdLabel: string },
    ): Promise<{ message: string }> {
      const { session, input: raw } = sessionOf('addRelated', input);
      const source = requireString('addRelated', raw, 'sourceRecordId');
      const related = requireString('addRelated', raw, 'relatedRecordId');
      const label = requireString('addRelated', raw, 'relationIdLabel');
      return run((signal) => session.addRelated(source, related, label, { signal }));
    },
  };
}

/** The activities object {@link createVtigerActivities} returns; proxy it from workflows with `import type`. */
export type VtigerActivities = ReturnType<typeof createVtigerActivities>;
