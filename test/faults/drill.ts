import {
  Client,
  Connection,
  WorkflowFailedError,
  type WorkflowExecutionDescription,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { ActivityFailure, type ProtoFailure } from '@temporalio/common';
import type { Sink } from '@vtiger-temporal/sinks';
import { startVtigerSim, type VtigerSim, type VtigerSimOptions } from '@vtiger-temporal/vtiger-sim';
import type { SyncInput, vtigerSyncWorkflow } from '@vtiger-temporal/workflows';
import { temporalTestEnv } from '../support/env';
import { applicationFailureOf, causeChain } from '../support/failures';
import { openTestSink, simEnv, tempPostgresUrl, tempSqliteUrl } from '../support/sync';
import { spawnWorkerProcess, type WorkerProcess } from '../support/worker-process';

/** Helpers shared by the fault drills (not a test file: jest only runs `*.test.ts`). */

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
type HistoryEvent = NonNullable<History['events']>[number];

/** A task queue of the drill's own, so no other suite's worker can pick up its tasks. */
export function drillTaskQueue(name: string): string {
  return `drill-${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * The environment of a worker process for a drill: the `default` connection (a simulator, or any URL with the
 * simulator's credentials), the `default` sink, the task queue, and WARN logs (the drills read them on failure).
 */
export function workerProcessEnv(options: {
  sim: VtigerSim;
  sinkUrl: string;
  taskQueue: string;
  address?: string;
  vtigerUrl?: string;
  env?: Record<string, string>;
}): Record<string, string> {
  const { address, namespace } = temporalTestEnv();
  return {
    TEMPORAL_ADDRESS: options.address ?? address,
    TEMPORAL_NAMESPACE: namespace,
    ...simEnv(options.sim),
    ...(options.vtigerUrl ? { VTIGER_URL: options.vtigerUrl } : {}),
    VTIGER_SINK_URL: options.sinkUrl,
    VTIGER_TEMPORAL_TASK_QUEUE: options.taskQueue,
    VTIGER_TEMPORAL_LOG_LEVEL: 'WARN',
    ...options.env,
  };
}

/** A client of the test server (or of `address`). */
export async function connectClient(address = temporalTestEnv().address): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace: temporalTestEnv().namespace });
}

/** What {@link drillFixture} sets up for a drill file. */
export interface DrillFixtureOptions {
  /** The simulated Vtiger: records, seed, latency… */
  sim: VtigerSimOptions;
  /**
   * Where the workers write: a SQLite file in a temp folder, or a PostgreSQL schema of its own.
   * @default 'sqlite'
   */
  sink?: 'sqlite' | 'postgres';
  /**
   * Whether `client` connects to the test server; `false` for a drill that runs a Temporal server of its own.
   * @default true
   */
  client?: boolean;
}

/** A drill file's shared fixture. Each property throws if read before the fixture's `beforeAll` has run. */
export interface DrillFixture {
  readonly sim: VtigerSim;
  /** The sink's URL, for the workers: `sqlite:<temp folder>/sync.db` or `postgres://…?schema=e2e_…`. */
  readonly sinkUrl: string;
  /** The test's own connection to that sink. */
  readonly sink: Sink;
  /** A client of the test server. */
  readonly client: Client;
  /** Spawns a worker process with exactly `env` (see {@link workerProcessEnv}), stopped after the file's tests. */
  spawnWorker(env: Record<string, string>): WorkerProcess;
}

/**
 * The setup most drills share. Registers a `beforeAll` that starts the simulator, creates and opens the sink and
 * connects the client, and an `afterAll` that stops every worker spawned through the fixture, closes the client,
 * the sink and the simulator, and removes the sink (its temp folder, or its PostgreSQL schema).
 *
 * Call it at the top level of the file, before the file's own hooks: jest runs `beforeAll` and `afterAll` hooks in
 * the order they are declared, so the file's hooks see the fixture ready, and the workers are stopped before
 * whatever the file tears down itself.
 */
export function drillFixture(options: DrillFixtureOptions): DrillFixture {
  let sim: VtigerSim | undefined;
  let tempSink: ReturnType<typeof tempSqliteUrl> | ReturnType<typeof tempPostgresUrl> | undefined;
  let sink: Sink | undefined;
  let client: Client | undefined;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    sim = await startVtigerSim(options.sim);
    tempSink = options.sink === 'postgres' ? tempPostgresUrl() : tempSqliteUrl();
    sink = await openTestSink(tempSink.url);
    if (options.client !== false) client = await connectClient();
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await client?.connection.close();
    await sink?.close();
    await sim?.close();
    await tempSink?.cleanup();
  });

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the drill's ${what} is not set up yet: read it in a test or a hook`);
    return value;
  };
  return {
    get sim() {
      return ready(sim, 'sim');
    },
    get sinkUrl() {
      return ready(tempSink, 'sink').url;
    },
    get sink() {
      return ready(sink, 'sink');
    },
    get client() {
      if (options.client === false) throw new Error('this drill has no client of the test server (client: false)');
      return ready(client, 'client');
    },
    spawnWorker(env) {
      const worker = spawnWorkerProcess(env);
      workers.push(worker);
      return worker;
    },
  };
}

/** Starts `vtigerSyncWorkflow` with `input` on `taskQueue`. */
export function startSync(
  client: Client,
  taskQueue: string,
  name: string,
  input: SyncInput,
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof vtigerSyncWorkflow>> {
  return client.workflow.start<typeof vtigerSyncWorkflow>('vtigerSyncWorkflow', {
    taskQueue,
    workflowId: `drill-${name}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`,
    args: [input],
  });
}

/** Thrown by a probe when the outcome is final and wrong: {@link waitFor} fails at once instead of polling on. */
export class FinalOutcomeError extends Error {
  override readonly name = 'FinalOutcomeError';
}

/**
 * Polls `probe` every 100 ms until it returns a value other than `undefined`; fails after `timeoutMs`. A probe that
 * throws is tried again (the server may be restarting), unless it throws a {@link FinalOutcomeError}.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if (error instanceof FinalOutcomeError) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One `ActivityTaskStarted` event: which attempt ran where, and why the previous one failed. */
export interface ActivityStart {
  activityType: string;
  attempt: number;
  identity: string;
  lastFailure: ProtoFailure | null | undefined;
}

/** Where a workflow's history starts: its first run, or (without `firstExecutionRunId`) its only run. */
export interface StartedWorkflow {
  workflowId: string;
  firstExecutionRunId?: string;
}

/** Every event of the workflow's history, over all its runs (continue-as-new followed). */
export async function historyEvents(client: Client, started: StartedWorkflow): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let runId = started.firstExecutionRunId;
  for (;;) {
    const history: History = await client.workflow.getHandle(started.workflowId, runId).fetchHistory();
    let next: string | undefined;
    for (const event of history.events ?? []) {
      events.push(event);
      next = event.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? next;
    }
    if (!next) return events;
    runId = next;
  }
}

/**
 * The `ActivityTaskStarted` events of every run, joined with the activity type of their `ActivityTaskScheduled`
 * event. A retried activity has one started event, carrying its last attempt and the failure of the attempt before.
 */
export async function activityStarts(client: Client, started: StartedWorkflow): Promise<ActivityStart[]> {
  const starts: ActivityStart[] = [];
  // Event ids restart with every run; scheduled ids are looked up within the run.
  let scheduled = new Map<string, string>();
  for (const event of await historyEvents(client, started)) {
    if (event.workflowExecutionStartedEventAttributes) scheduled = new Map();
    const s = event.activityTaskScheduledEventAttributes;
    if (s) scheduled.set(String(event.eventId), s.activityType?.name ?? '?');
    const a = event.activityTaskStartedEventAttributes;
    if (a) {
      starts.push({
        activityType: scheduled.get(String(a.scheduledEventId)) ?? '?',
        attempt: a.attempt ?? 1,
        identity: a.identity ?? '',
        lastFailure: a.lastFailure,
      });
    }
  }
  return starts;
}

/** Rows stored for `module`, tombstoned ones included: 0 means nothing was ever written. */
export function storedRows(sink: Sink, module: string): Promise<number> {
  return sink.count(module, { includeDeleted: true });
}

/**
 * How a workflow meets its first failure: it failed (`workflow-failed`, with the `ApplicationFailure` at the bottom
 * of the cause chain), or one of its activities failed an attempt and Temporal is retrying it (`activity-retrying`,
 * from the pending activity's last failure).
 */
export interface FirstFailure {
  kind: 'workflow-failed' | 'activity-retrying';
  /** The failure type: an error class name such as `VtigerProtocolError`. */
  type: string | undefined;
  message: string;
  nonRetryable: boolean;
  /** The activity that failed, when one did. */
  activityType: string | undefined;
  /** `activity-retrying`: the attempt now running or waiting. */
  attempt?: number;
}

/** The last failure of a pending activity that Temporal is retrying, if any. */
export function pendingFailure(description: WorkflowExecutionDescription): FirstFailure | undefined {
  for (const pending of description.raw.pendingActivities ?? []) {
    const failure = pending.lastFailure;
    if (!failure) continue;
    return {
      kind: 'activity-retrying',
      type: failure.applicationFailureInfo?.type ?? undefined,
      message: failure.message ?? '',
      nonRetryable: failure.applicationFailureInfo?.nonRetryable ?? false,
      activityType: pending.activityType?.name ?? undefined,
      attempt: pending.attempt ?? undefined,
    };
  }
  return undefined;
}

/** Waits for the workflow's first failure (see {@link FirstFailure}); fails if it completes instead. */
export async function firstFailure(handle: WorkflowHandle, timeoutMs = 60_000): Promise<FirstFailure> {
  return waitFor(
    `a failure of ${handle.workflowId}`,
    async (): Promise<FirstFailure | undefined> => {
      const description = await handle.describe();
      if (description.status.name !== 'RUNNING') {
        const error = await handle.result().then(
          () => {
            throw new FinalOutcomeError(`${handle.workflowId} completed; a failure was expected`);
          },
          (e: unknown) => e,
        );
        if (error instanceof FinalOutcomeError) throw error;
        if (!(error instanceof WorkflowFailedError))
          throw new FinalOutcomeError(`${handle.workflowId}: ${String(error)}`);
        const cause = applicationFailureOf(error);
        if (!cause) throw new FinalOutcomeError(`no ApplicationFailure in ${String(error)}`);
        // The activity the failure came through, if any: the innermost ActivityFailure above it.
        const activity = causeChain(error)
          .filter((e): e is ActivityFailure => e instanceof ActivityFailure)
          .at(-1);
        return {
          kind: 'workflow-failed',
          type: cause.type ?? undefined,
          message: cause.message,
          nonRetryable: cause.nonRetryable ?? false,
          activityType: activity?.activityType,
        };
      }
      return pendingFailure(description);
    },
    timeoutMs,
  );
}
