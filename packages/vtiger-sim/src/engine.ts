import { type FaultOptions, resolveFaults } from './faults';
import { KeyedMutex } from './internal/keyed-mutex';
import { Prng } from './internal/prng';
import { type SleepRegistry } from './internal/time';
import { type LatencyModel, resolveLatency } from './latency';
import { RecordStore } from './store/records';
import { recordCounts, seedStore } from './store/seed';
import { type SessionErrorMode, SessionStore } from './store/sessions';
import { UserDirectory } from './store/users';
import { type VtigerSimOptions, type VtigerSimProfile } from './options';

/** Request counters (webservice requests only; the admin API is not counted). */
export interface VtigerSimCounters {
  /** Every request to `webservice.php`, faulted ones included. */
  readonly requests: number;
  /** Requests by lower-cased `operation` (`(none)` when missing). */
  readonly byOperation: Readonly<Record<string, number>>;
  /** Successful logins. */
  readonly logins: number;
  /** Failed logins (any error code). */
  readonly loginFailures: number;
  /** Successful getchallenge calls. */
  readonly getchallenges: number;
  /** Successful extendsession calls. */
  readonly extendsessions: number;
  /** HTTP 500 answers injected by fault injection. */
  readonly http500Injected: number;
  /** Sockets destroyed by fault injection. */
  readonly resetsInjected: number;
  /** Requests delayed by fault injection. */
  readonly slowInjected: number;
  /** Every HTTP 500 answer (injected or the server's own, e.g. `sync` on stock). */
  readonly http500: number;
  /** `success:false` answers by error code. */
  readonly errorsByCode: Readonly<Record<string, number>>;
  /** Requests by the `sessionName` they carried. */
  readonly bySessionName: Readonly<Record<string, number>>;
}

/** Mutable counters. */
export type MutableCounters = {
  -readonly [K in keyof VtigerSimCounters]: VtigerSimCounters[K] extends number ? number : Record<string, number>;
};

/** Fresh zeroed counters. */
export function zeroCounters(): MutableCounters {
  return {
    requests: 0,
    byOperation: {},
    logins: 0,
    loginFailures: 0,
    getchallenges: 0,
    extendsessions: 0,
    http500Injected: 0,
    resetsInjected: 0,
    slowInjected: 0,
    http500: 0,
    errorsByCode: {},
    bySessionName: {},
  };
}

/** Increments `map[key]`. */
export function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

/** All the state of one simulator, independent of HTTP. */
export class SimEngine {
  readonly clock: () => number;
  readonly users: UserDirectory;
  readonly store: RecordStore;
  readonly sessions: SessionStore;
  readonly locks = new KeyedMutex();
  readonly sleeps: SleepRegistry = new Map();
  readonly tokenTtlSeconds: number;
  readonly vtigerVersion: string;
  readonly latencyPrng: Prng;
  readonly faultPrng: Prng;
  profile: VtigerSimProfile;
  latency: LatencyModel | null;
  faults: FaultOptions;
  counters: MutableCounters = zeroCounters();

  constructor(options: VtigerSimOptions) {
    const seed = options.seed ?? 1;
    const root = new Prng(seed);
    this.clock = options.clock ?? Date.now;
    this.users = new UserDirectory(options.users, root.fork(1));
    this.store = new RecordStore(this.users);
    const idleMs = (options.idleTimeoutSeconds ?? 1440) * 1000;
    const mode: SessionErrorMode = options.sessionErrorMode ?? 'invalid';
    this.sessions = new SessionStore(this.clock, root.fork(2), idleMs, mode);
    this.latencyPrng = root.fork(3);
    this.faultPrng = root.fork(4);
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 300;
    this.vtigerVersion = options.vtigerVersion ?? '8.2.0';
    this.profile = options.profile ?? 'stock';
    this.latency = resolveLatency(options.latency);
    this.faults = resolveFaults(options.faults);
    const epochMs = options.dataEpochMs ?? this.clock();
    seedStore(this.store, this.users, recordCounts(options.records), root.fork(5), epochMs);
  }
}
