import type { Client, WorkflowHandle } from '@temporalio/client';
import type { SyncInput, SyncResult, vtigerSyncWorkflow } from '@vtiger-temporal/workflows';

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
type HistoryEvent = NonNullable<History['events']>[number];

/** Where the time of a run went, from its history's event times (server clock), ms. */
export interface RunTimeline {
  /** First to last event. */
  totalMs: number;
  /** Workflow start to the first `syncBatch` start: login, listtypes, count(*). */
  beforeBatchesMs: number;
  /** Sum of `syncBatch` start-to-complete. */
  inBatchesMs: number;
  /**
   * Sum of the gaps between one batch completing and the next starting (a workflow task and an activity task in
   * between). Only meaningful for one lane, where batches never overlap.
   */
  betweenBatchesMs: number;
  /** Last `syncBatch` completion to the run's last event: logout, completion. */
  afterBatchesMs: number;
}

/** One run of a continue-as-new chain. */
export interface RunHistory {
  runId: string;
  /** Events in this run's history. */
  events: number;
  /** `syncBatch` activities it scheduled. */
  batches: number;
  /** `extendSession` activities it scheduled. */
  keepAlives: number;
  /** Whether it ended with continue-as-new. */
  continuedAsNew: boolean;
  /** Events by kind (the `…EventAttributes` field set on each event). */
  byKind: Record<string, number>;
  timeline: RunTimeline;
}

/** A finished sync run with its wall time and the history of every run of its chain. */
export interface SyncRunOutcome {
  workflowId: string;
  result: SyncResult;
  /** Wall time from the start request to the result, ms. */
  ms: number;
  runs: RunHistory[];
}

/**
 * Starts `vtigerSyncWorkflow` with `input`, waits for its result (following continue-as-new), times it.
 * `whileRunning` gets the handle once started (e.g. to disturb the run); its promise is awaited too.
 */
export async function runSync(
  client: Client,
  options: {
    taskQueue: string;
    workflowId: string;
    input: SyncInput;
    whileRunning?: (handle: WorkflowHandle<typeof vtigerSyncWorkflow>) => Promise<void>;
  },
): Promise<SyncRunOutcome> {
  const started = performance.now();
  const handle = await client.workflow.start<typeof vtigerSyncWorkflow>('vtigerSyncWorkflow', {
    taskQueue: options.taskQueue,
    workflowId: options.workflowId,
    args: [options.input],
  });
  const [result] = await Promise.all([handle.result(), options.whileRunning?.(handle)]);
  const ms = performance.now() - started;
  const runs = await chainHistory(client, options.workflowId, handle.firstExecutionRunId);
  return { workflowId: options.workflowId, result, ms, runs };
}

function eventMs(event: HistoryEvent | undefined): number {
  const t = event?.eventTime;
  if (!t) return Number.NaN;
  const seconds = typeof t.seconds === 'number' ? t.seconds : Number(t.seconds?.toString() ?? Number.NaN);
  return seconds * 1000 + (t.nanos ?? 0) / 1e6;
}

function timeline(events: HistoryEvent[]): RunTimeline {
  const batches = new Map<string, { started: number; completed: number }>();
  const id = (value: unknown): string => String(value);
  for (const event of events) {
    if (event.activityTaskScheduledEventAttributes?.activityType?.name === 'syncBatch') {
      batches.set(id(event.eventId), { started: Number.NaN, completed: Number.NaN });
    }
    const started = event.activityTaskStartedEventAttributes;
    if (started) {
      const batch = batches.get(id(started.scheduledEventId));
      if (batch) batch.started = eventMs(event);
    }
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed) {
      const batch = batches.get(id(completed.scheduledEventId));
      if (batch) batch.completed = eventMs(event);
    }
  }
  const done = [...batches.values()]
    .filter((b) => Number.isFinite(b.started) && Number.isFinite(b.completed))
    .sort((a, b) => a.started - b.started);
  const first = eventMs(events[0]);
  const last = eventMs(events[events.length - 1]);
  let betweenBatchesMs = 0;
  for (let i = 1; i < done.length; i++) betweenBatchesMs += Math.max(0, done[i]!.started - done[i - 1]!.completed);
  return {
    totalMs: last - first,
    beforeBatchesMs: done.length ? done[0]!.started - first : Number.NaN,
    inBatchesMs: done.reduce((n, b) => n + (b.completed - b.started), 0),
    betweenBatchesMs,
    afterBatchesMs: done.length ? last - Math.max(...done.map((b) => b.completed)) : Number.NaN,
  };
}

/** Fetches the history of every run of a chain, first to last, following each continue-as-new event. */
export async function chainHistory(client: Client, workflowId: string, firstRunId: string): Promise<RunHistory[]> {
  const runs: RunHistory[] = [];
  let runId: string | undefined = firstRunId;
  while (runId) {
    const history: History = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    const byKind: Record<string, number> = {};
    let batches = 0;
    let keepAlives = 0;
    for (const event of events) {
      for (const [key, value] of Object.entries(event)) {
        if (!key.endsWith('EventAttributes') || value === null || value === undefined) continue;
        const kind = key.slice(0, -'EventAttributes'.length);
        byKind[kind] = (byKind[kind] ?? 0) + 1;
      }
      const type = event.activityTaskScheduledEventAttributes?.activityType?.name;
      if (type === 'syncBatch') batches++;
      else if (type === 'extendSession') keepAlives++;
    }
    const next: string | null | undefined =
      events[events.length - 1]?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    runs.push({
      runId,
      events: events.length,
      batches,
      keepAlives,
      continuedAsNew: !!next,
      byKind,
      timeline: timeline(events),
    });
    runId = next ?? undefined;
  }
  return runs;
}
