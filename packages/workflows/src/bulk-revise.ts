import { ActivityFailure, ApplicationFailure, defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import { DEFAULT_VTIGER_RETRY_POLICY, FailureTypes } from '@vtiger-temporal/common';
import type { VtigerActivities } from '@vtiger-temporal/activities';
import type { VtqlWhere } from '@vtiger-temporal/vtiger-client';
import { withVtigerSession } from './session/kept-alive-session';

/** Input of {@link vtigerBulkReviseWorkflow}. Plain JSON, startable from the Temporal CLI. */
export interface BulkReviseInput {
  /** Connection profile configured on the worker. @default 'default' */
  connection?: string;
  /** Module to revise, e.g. `Contacts` (case-sensitive). */
  module: string;
  /** Which records: VTQL conditions ANDed, e.g. `{ "field": "mailingcity", "op": "=", "value": "Berlin" }`. */
  where?: VtqlWhere;
  /** Fields to set on every matching record, e.g. `{ "leadsource": "Partner" }`. */
  set: Record<string, string>;
  /** Revisions in flight at once (one session serialises them on the server anyway). @default 4 */
  concurrency?: number;
  /** Keep-alive interval of the session. @default '10 minutes' */
  keepAliveInterval?: string | number;
  /** The server's idle window, to validate the keep-alive interval. @default '24 minutes' */
  idleTimeout?: string | number;
}

/** Progress of a bulk revise, from {@link bulkReviseProgressQuery}. */
export interface BulkReviseProgress {
  matched: number;
  revised: number;
  failed: number;
  /** Last id read. */
  cursor: string | undefined;
  done: boolean;
}

/** Result of {@link vtigerBulkReviseWorkflow}. */
export interface BulkReviseResult extends BulkReviseProgress {
  /** Records that could not be revised (non-retryable failures), at most 100 listed. */
  failures: { id: string; type: string; message: string }[];
  /** Session logins and renewals during the run. */
  logins: number;
  renewals: number;
}

/** Query: how far the bulk revise got. */
export const bulkReviseProgressQuery = defineQuery<BulkReviseProgress>('progress');

function invalid(field: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: FailureTypes.Input, message: `${field}: ${message}`, nonRetryable: true });
}

/**
 * Revises every record of `module` that matches `where`, page by page (keyset by id), holding one kept-alive Vtiger
 * session. Built only from the reusable parts: `withVtigerSession`, `queryPage` and `revise`.
 */
export async function vtigerBulkReviseWorkflow(input: BulkReviseInput): Promise<BulkReviseResult> {
  if (typeof input !== 'object' || input === null) throw invalid('input', 'must be a JSON object');
  if (typeof input.module !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(input.module)) {
    throw invalid('module', `must be a Vtiger module name such as "Contacts", got ${JSON.stringify(input.module)}`);
  }
  if (typeof input.set !== 'object' || input.set === null || Object.keys(input.set).length === 0) {
    throw invalid('set', 'must be an object with at least one field to set, e.g. {"leadsource":"Partner"}');
  }
  if ('id' in input.set) throw invalid('set', 'cannot change `id`');
  const concurrency = input.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) {
    throw invalid('concurrency', `must be an integer from 1 to 16, got ${JSON.stringify(input.concurrency)}`);
  }
  const { queryPage, revise } = proxyActivities<VtigerActivities>({
    startToCloseTimeout: '2 minutes',
    retry: DEFAULT_VTIGER_RETRY_POLICY,
  });
  const progress: BulkReviseProgress = { matched: 0, revised: 0, failed: 0, cursor: undefined, done: false };
  const failures: BulkReviseResult['failures'] = [];
  setHandler(bulkReviseProgressQuery, () => progress);

  const counters = await withVtigerSession(
    {
      connection: input.connection ?? 'default',
      keepAliveInterval: input.keepAliveInterval,
      idleTimeout: input.idleTimeout,
    },
    async (session) => {
      for (;;) {
        const page = await session.use((s) =>
          queryPage({ ...s, module: input.module, fields: ['id'], where: input.where, after: progress.cursor }),
        );
        if (page.records.length === 0) break;
        progress.matched += page.records.length;
        const ids = page.records.map((r) => r.id).filter((id): id is string => typeof id === 'string');
        for (let i = 0; i < ids.length; i += concurrency) {
          await Promise.all(
            ids.slice(i, i + concurrency).map(async (id) => {
              try {
                await session.use((s) => revise({ ...s, element: { ...input.set, id } }));
                progress.revised++;
              } catch (error) {
                if (!(error instanceof ActivityFailure) || !(error.cause instanceof ApplicationFailure)) throw error;
                progress.failed++;
                if (failures.length < 100) {
                  failures.push({ id, type: error.cause.type ?? 'Error', message: error.cause.message });
                }
              }
            }),
          );
        }
        progress.cursor = page.cursor;
      }
      progress.done = true;
      return session.counters;
    },
  );
  return { ...progress, failures, logins: counters.logins, renewals: counters.renewals };
}
