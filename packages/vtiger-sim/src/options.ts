import { type FaultOptions, resolveFaults } from './faults';
import { type LatencyOption, resolveLatency } from './latency';
import { recordCounts } from './store/seed';
import { type SessionErrorMode } from './store/sessions';
import { type SimUserInput } from './store/users';
import { VtigerSimConfigError } from './errors';

/** Which Vtiger the simulator is (reference §3, "compat"). */
export type VtigerSimProfile = 'stock' | 'compat';

/** Options of {@link startVtigerSim} and {@link createVtigerSimHandler}. */
export interface VtigerSimOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  readonly host?: string;
  /**
   * `stock`: Vtiger 8.2 on PHP 8 (`sync`, `logout`, `convertlead`, `retrieve_inventory`, `files_retrieve` answer
   * HTTP 500; logout leaves the session valid). `compat`: a dispatcher that passes arguments positionally, where
   * `sync` and `logout` work as observed. @default 'stock'
   */
  readonly profile?: VtigerSimProfile;
  /**
   * Seeded records: a count for each of Accounts, Contacts, Leads, Potentials and HelpDesk, or counts by module
   * (any entity module). @default 50
   */
  readonly records?: number | Readonly<Record<string, number>>;
  /** Seed of every random choice (data, access keys, session names, noise, faults). @default 1 */
  readonly seed?: number;
  /**
   * Sliding idle timeout of a session in seconds (PHP `session.gc_maxlifetime`); fractions allowed for tests.
   * @default 1440
   */
  readonly idleTimeoutSeconds?: number;
  /** How an idle-dead session is first reported. @default 'invalid' */
  readonly sessionErrorMode?: SessionErrorMode;
  /** Lifetime of a getchallenge token in seconds. @default 300 */
  readonly tokenTtlSeconds?: number;
  /** Latency model: false (none), true (reference §13 defaults) or overrides. @default false */
  readonly latency?: LatencyOption;
  /** Fault injection rates. @default none */
  readonly faults?: Partial<FaultOptions>;
  /**
   * Users. @default admin (19x1, admin), jdoe (19x5, non-admin), inactive (19x6, status Inactive); access keys
   * derived from the seed.
   */
  readonly users?: readonly SimUserInput[];
  /** Clock in epoch milliseconds (sessions, tokens, modifiedtime). @default Date.now */
  readonly clock?: () => number;
  /** Seeded times are spread over the ~400 days before this instant (epoch ms). @default the clock at start */
  readonly dataEpochMs?: number;
  /** `vtigerVersion` reported by login/extendsession. @default '8.2.0' */
  readonly vtigerVersion?: string;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new VtigerSimConfigError(message);
}

/**
 * Validates options up front with messages that say what to fix.
 *
 * @throws {VtigerSimConfigError} on the first invalid option
 */
export function validateOptions(options: VtigerSimOptions): void {
  const { port, profile, seed, idleTimeoutSeconds, sessionErrorMode, tokenTtlSeconds } = options;
  check(
    port === undefined || (Number.isInteger(port) && port >= 0 && port <= 65535),
    `port must be an integer in 0..65535 (got ${String(port)})`,
  );
  check(
    profile === undefined || profile === 'stock' || profile === 'compat',
    `profile must be 'stock' or 'compat' (got ${String(profile)})`,
  );
  check(seed === undefined || Number.isInteger(seed), `seed must be an integer (got ${String(seed)})`);
  check(
    idleTimeoutSeconds === undefined || (typeof idleTimeoutSeconds === 'number' && idleTimeoutSeconds > 0),
    `idleTimeoutSeconds must be a positive number of seconds (got ${String(idleTimeoutSeconds)})`,
  );
  check(
    sessionErrorMode === undefined || ['invalid', 'idle-first', 'expired-first'].includes(sessionErrorMode),
    `sessionErrorMode must be 'invalid', 'idle-first' or 'expired-first' (got ${String(sessionErrorMode)})`,
  );
  check(
    tokenTtlSeconds === undefined || (typeof tokenTtlSeconds === 'number' && tokenTtlSeconds > 0),
    `tokenTtlSeconds must be a positive number (got ${String(tokenTtlSeconds)})`,
  );
  if (typeof options.records === 'number') {
    check(
      Number.isInteger(options.records) && options.records >= 0,
      `records must be a non-negative integer (got ${options.records})`,
    );
  } else if (options.records !== undefined) {
    try {
      recordCounts(options.records);
    } catch (error) {
      throw new VtigerSimConfigError((error as Error).message);
    }
  }
  try {
    resolveLatency(options.latency);
    resolveFaults(options.faults);
  } catch (error) {
    throw new VtigerSimConfigError((error as Error).message);
  }
  if (options.users !== undefined && options.users.length > 0) {
    const names = new Set<string>();
    for (const user of options.users) {
      check(typeof user.username === 'string' && user.username.length > 0, 'every user needs a non-empty username');
      check(
        !names.has(user.username.toLowerCase()),
        `users: duplicate username "${user.username}" (names are case-insensitive)`,
      );
      names.add(user.username.toLowerCase());
      check(
        user.accessKey === undefined || typeof user.accessKey === 'string',
        `users[${user.username}].accessKey must be a string`,
      );
    }
    check(
      options.users.some((u) => u.isAdmin === true && u.active !== false),
      'users must include at least one active admin (isAdmin: true)',
    );
  }
}
