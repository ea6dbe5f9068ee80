import { Context } from '@temporalio/activity';
import type { SessionInput } from '@vtiger-temporal/common';
import type { Sink, SinkRecord } from '@vtiger-temporal/sinks';
import type { VtigerRow, VtigerSession, VtqlWhere } from '@vtiger-temporal/vtiger-client';
import { inputFailure } from '../failures';
import { optionalInt, requireObject, requireString } from '../internal/input';

/**
 * What one sync pass over a module does:
 *
 * - `full`: every record, keyset by id (`WHERE id > cursor ORDER BY id LIMIT n`), upserted; each page also
 *   tombstones the stored ids Vtiger no longer has in the page's id range, so a full pass is also a reconcile.
 * - `incremental`: records with `modifiedtime >= since`, keyset by id, upserted.
 * - `reconcile`: ids only (`SELECT id …`), and stored ids missing from Vtiger are tombstoned.
 * - `sync-op`: Vtiger's own `sync` operation from a Unix-seconds cursor (opt-in: stock Vtiger 8 on PHP 8 answers it
 *   with HTTP 500, and it only returns records **owned by the API user**); updates upserted, deletes tombstoned.
 */
export type SyncPassKind = 'full' | 'incremental' | 'reconcile' | 'sync-op';

const PASSES: readonly SyncPassKind[] = ['full', 'incremental', 'reconcile', 'sync-op'];

/** Input of the `syncBatch` activity: up to `maxPages` pages of one pass over one module, straight into a sink. */
export interface SyncBatchInput extends SessionInput {
  /** Sink profile configured on the worker. */
  sink: string;
  module: string;
  pass: SyncPassKind;
  /** Keyset cursor: continue after this id (a previous batch's `cursor`). For `sync-op`: the Unix-seconds cursor. */
  after?: string;
  /** `incremental` only: the watermark, `YYYY-MM-DD HH:MM:SS` in the server's time (`modifiedtime >= since`). */
  since?: string;
  /** Rows per page, 1–100. @default 100 */
  pageSize?: number;
  /** Pages per batch (one activity), 1–1000. @default 20 */
  maxPages?: number;
}

/**
 * How far a batch got: the activity's result, its heartbeat after every page (a retried attempt resumes from it),
 * and the `progress` of its failure when the session died mid-batch. Counts cover this batch only.
 */
export interface SyncBatchProgress {
  /** Last id written (or the `sync-op` cursor). Continue the pass after it. */
  cursor: string | undefined;
  /** True when the pass reached its end (an empty page, or `sync-op` said no more). */
  done: boolean;
  pages: number;
  /** Records read from Vtiger and handed to the sink. */
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  tombstoned: number;
  /** Highest `modifiedtime` read (server time), for the incremental watermark. */
  maxModifiedtime: string | undefined;
}

/** Everything the batch needs from the activity factory. */
export interface SyncBatchDeps {
  session(activity: string, input: unknown): { session: VtigerSession };
  sink(name: string): Promise<Sink>;
}

const WS_ID = /^\d+x\d+$/;
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

function emptyProgress(cursor: string | undefined): SyncBatchProgress {
  return {
    cursor,
    done: false,
    pages: 0,
    read: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    tombstoned: 0,
    maxModifiedtime: undefined,
  };
}

/** The heartbeat of a previous attempt of this same activity, if it left one. */
function resumedProgress(after: string | undefined): SyncBatchProgress {
  const details = Context.current().info.heartbeatDetails as Partial<SyncBatchProgress> | undefined;
  if (details && typeof details === 'object' && typeof details.pages === 'number') {
    return { ...emptyProgress(after), ...details, done: false };
  }
  return emptyProgress(after);
}

/** Turns query rows into sink records; a row without a proper id or modifiedtime is a protocol problem. */
function toSinkRecords(module: string, rows: readonly VtigerRow[]): SinkRecord[] {
  return rows.map((row) => {
    if (typeof row.id !== 'string' || !WS_ID.test(row.id)) {
      throw inputFailure(`syncBatch: ${module} returned a row without a webservice id (${JSON.stringify(row.id)})`);
    }
    if (typeof row.modifiedtime !== 'string') {
      throw inputFailure(`syncBatch: ${module} record ${row.id} has no modifiedtime; the sync needs it`);
    }
    return { id: row.id, modifiedtime: row.modifiedtime, data: row };
  });
}

function validate(
  raw: unknown,
): Required<Pick<SyncBatchInput, 'sink' | 'module' | 'pass' | 'pageSize' | 'maxPages'>> &
  Pick<SyncBatchInput, 'after' | 'since'> {
  const input = requireObject('syncBatch', raw);
  const sink = requireString('syncBatch', input, 'sink');
  const module = requireString('syncBatch', input, 'module');
  const pass = input.pass as SyncPassKind;
  if (!PASSES.includes(pass)) {
    throw inputFailure(`syncBatch: \`pass\` must be one of ${PASSES.join(', ')}, got ${JSON.stringify(input.pass)}`);
  }
  const pageSize = optionalInt('syncBatch', input, 'pageSize', 100, 100);
  const maxPages = optionalInt('syncBatch', input, 'maxPages', 20, 1000);
  const after = input.after;
  if (after !== undefined) {
    const ok = typeof after === 'string' && (pass === 'sync-op' ? /^\d+$/.test(after) : WS_ID.test(after));
    if (!ok) {
      throw inputFailure(
        `syncBatch: \`after\` must be ${pass === 'sync-op' ? 'Unix seconds as a string' : 'a webservice id like "12x345"'}, got ${JSON.stringify(after)}`,
      );
    }
  }
  const since = input.since;
  if (pass === 'incremental' && (typeof since !== 'string' || !DATETIME.test(since))) {
    throw inputFailure(
      `syncBatch: an incremental pass needs \`since\` as "YYYY-MM-DD HH:MM:SS", got ${JSON.stringify(since)}`,
    );
  }
  return {
    sink,
    module,
    pass,
    pageSize,
    maxPages,
    after: after as string | undefined,
    since: since as string | undefined,
  };
}

/**
 * Runs one batch: reads pages from Vtiger and commits each one to the sink (upserts in one transaction; a full pass
 * then reconciles the page's id range) before reading the next, heartbeating the cursor after every page. Records
 * never travel through Temporal; only the counts do. `progressRef.current` is the live progress, so the factory can
 * attach it to a failure.
 */
export async function runSyncBatch(
  deps: SyncBatchDeps,
  raw: SyncBatchInput,
  progressRef: { current: SyncBatchProgress | undefined },
  signal: AbortSignal,
): Promise<SyncBatchProgress> {
  const input = validate(raw);
  const { session } = deps.session('syncBatch', raw);
  const sink = await deps.sink(input.sink);
  const progress = resumedProgress(input.after);
  progressRef.current = progress;
  const { module } = input;

  /** Upserts one page (one transaction) and counts it, noting the newest modifiedtime for the watermark. */
  const write = async (records: readonly SinkRecord[]): Promise<void> => {
    for (const r of records) {
      if (progress.maxModifiedtime === undefined || r.modifiedtime > progress.maxModifiedtime) {
        progress.maxModifiedtime = r.modifiedtime;
      }
    }
    const upserted = await sink.upsertPage(module, records);
    progress.inserted += upserted.inserted;
    progress.updated += upserted.updated;
    progress.unchanged += upserted.unchanged;
  };
  const commit = (): void => {
    progress.pages++;
    Context.current().heartbeat({ ...progress });
  };

  if (input.pass === 'sync-op') {
    let since = Number(progress.cursor ?? '1');
    while (progress.pages < input.maxPages) {
      const result = await session.sync(since, module, { signal });
      const records = toSinkRecords(module, result.updated as unknown as VtigerRow[]);
      await write(records);
      if (result.deleted.length) progress.tombstoned += await sink.tombstone(module, result.deleted);
      progress.read += records.length;
      since = result.lastModifiedTime;
      progress.cursor = String(since);
      commit();
      if (!result.more) {
        progress.done = true;
        break;
      }
    }
    return progress;
  }

  const where: VtqlWhere | undefined =
    input.pass === 'incremental' ? { field: 'modifiedtime', op: '>=', value: input.since! } : undefined;
  const fields = input.pass === 'reconcile' ? ['id'] : '*';
  while (progress.pages < input.maxPages) {
    const after = progress.cursor;
    let rows: VtigerRow[] = [];
    // One page per call: the cursor only moves once the page is committed to the sink.
    for await (const page of session.pages(module, { fields, where, pageSize: input.pageSize, after }, { signal })) {
      rows = page.records;
      break;
    }
    if (rows.length === 0) {
      // The end. Full and reconcile passes tombstone every stored id after the last one Vtiger still has.
      if (input.pass !== 'incremental') progress.tombstoned += await sink.reconcileRange(module, after, undefined, []);
      progress.done = true;
      commit();
      break;
    }
    const lastId = rows[rows.length - 1]!.id;
    if (input.pass === 'reconcile') {
      const ids = rows.map((r) => r.id).filter((id): id is string => typeof id === 'string');
      progress.tombstoned += await sink.reconcileRange(module, after, lastId, ids);
    } else {
      const records = toSinkRecords(module, rows);
      await write(records);
      if (input.pass === 'full') {
        progress.tombstoned += await sink.reconcileRange(
          module,
          after,
          lastId,
          records.map((r) => r.id),
        );
      }
    }
    progress.read += rows.length;
    progress.cursor = lastId;
    commit();
  }
  return progress;
}
