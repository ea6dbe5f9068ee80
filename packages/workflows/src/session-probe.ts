import { ApplicationFailure, proxyActivities, sleep } from '@temporalio/workflow';
import { DEFAULT_VTIGER_RETRY_POLICY, FailureTypes } from '@vtiger-temporal/common';
import type { VtigerActivities } from '@vtiger-temporal/activities';
import { withVtigerSession } from './session/kept-alive-session';

/** Input of {@link vtigerSessionProbeWorkflow}. */
export interface SessionProbeInput {
  /** @default 'default' */
  connection?: string;
  /** How many `count(*)` reads to make. @default 3 */
  rounds?: number;
  /** Idle pause before each read. @default '1 minute' */
  pause?: string | number;
  /** Module to count. @default 'Contacts' */
  module?: string;
  /** `false` turns the keep-alive off (to watch sessions die and be renewed). @default '10 minutes' */
  keepAliveInterval?: string | number | false;
  /** The server's idle window. @default '24 minutes' */
  idleTimeout?: string | number;
}

/** Result of {@link vtigerSessionProbeWorkflow}. */
export interface SessionProbeResult {
  counts: number[];
  logins: number;
  renewals: number;
  keepAlives: number;
}

/**
 * Probes how a Vtiger server treats an idle session held by a workflow: reads `count(*)` after idle pauses while
 * the session helper keeps it alive (or not). `renewals > 0` means the session died while idle and was renewed;
 * with a keep-alive interval under the server's idle window it stays 0.
 */
export async function vtigerSessionProbeWorkflow(input: SessionProbeInput = {}): Promise<SessionProbeResult> {
  const rounds = input.rounds ?? 3;
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 1000) {
    throw ApplicationFailure.create({
      type: FailureTypes.Input,
      message: `rounds: must be an integer from 1 to 1000, got ${JSON.stringify(input.rounds)}`,
      nonRetryable: true,
    });
  }
  const { query } = proxyActivities<VtigerActivities>({
    startToCloseTimeout: '1 minute',
    retry: DEFAULT_VTIGER_RETRY_POLICY,
  });
  const counts: number[] = [];
  return withVtigerSession(
    {
      connection: input.connection ?? 'default',
      keepAliveInterval: input.keepAliveInterval,
      idleTimeout: input.idleTimeout,
    },
    async (session) => {
      for (let i = 0; i < rounds; i++) {
        await sleep(input.pause ?? '1 minute');
        const rows = await session.use((s) =>
          query({ ...s, query: `SELECT count(*) FROM ${input.module ?? 'Contacts'};` }),
        );
        counts.push(Number(rows[0]?.count ?? NaN));
      }
      return { counts, ...session.counters };
    },
  );
}
