import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  log,
  proxyActivities,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import {
  DEFAULT_VTIGER_RETRY_POLICY,
  FailureTypes,
  LOGIN_RETRY_POLICY,
  type VtigerSessionHandle,
} from '@vtiger-temporal/common';
import type { VtigerActivities } from '@vtiger-temporal/activities';

/** The session arguments every session activity takes: spread them into the activity input. */
export interface SessionArgs {
  connection: string;
  sessionName: string;
}

/** Options of {@link withVtigerSession}. */
export interface VtigerSessionOptions {
  /** Connection profile name configured on the worker. */
  connection: string;
  /**
   * How often the keep-alive timer calls `extendSession` while the work runs; `false` turns it off. Must be at most
   * half of `idleTimeout`. @default '10 minutes'
   */
  keepAliveInterval?: Duration | false;
  /**
   * The server's idle window (PHP `session.gc_maxlifetime`; 24 minutes on a stock PHP). Only used to validate
   * `keepAliveInterval`. @default '24 minutes'
   */
  idleTimeout?: Duration;
  /** A session carried over from a previous run (continue-as-new): used as is, no login. */
  session?: VtigerSessionHandle;
  /** Log out (best-effort) when the work ends. Not done after {@link KeptAliveSession.detach}. @default true */
  logout?: boolean;
  /** Renewals in a row that may fail before the helper gives up. @default 5 */
  maxConsecutiveRenewals?: number;
  /** Options for the session's own activities (login, extendSession, logout). */
  activityOptions?: Partial<ActivityOptions>;
  /** Counters carried over from a previous run. */
  counters?: { renewals: number; keepAlives: number; logins: number };
}

/** True when `error` is an activity failure that means "this session is dead: log in again". */
export function isSessionFailure(error: unknown): boolean {
  return (
    error instanceof ActivityFailure &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === FailureTypes.Session
  );
}

/**
 * The `progress` a batch activity attached to its session failure (how far it got before the session died), if any.
 */
export function failureProgress<T = unknown>(error: unknown): T | undefined {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
    const details = error.cause.details?.[0] as { progress?: T } | undefined;
    return details?.progress;
  }
  return undefined;
}

function invalidOption(field: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: FailureTypes.Input,
    message: `${field}: ${message}`,
    nonRetryable: true,
  });
}

function toMs(field: string, value: Duration): number {
  try {
    return msToNumber(value);
  } catch {
    throw invalidOption(
      field,
      `must be a duration like "10 minutes", "30s" or a number of ms, got ${JSON.stringify(value)}`,
    );
  }
}

/**
 * A Vtiger session held by a workflow: logged in once, kept alive by a timer that calls `extendSession` in parallel
 * with the caller's activities, renewed (a new `login`, visible in the history) when an activity or the keep-alive
 * reports that it died. Get one from {@link withVtigerSession}.
 */
export class KeptAliveSession {
  readonly connection: string;
  #handle: VtigerSessionHandle | undefined;
  /** Bumped on every login, so a failure on an old session does not trigger a second renewal. */
  #generation = 0;
  #renewing: Promise<void> | undefined;
  #stopped = false;
  #detached = false;
  #keepAliveMs: number | undefined;
  #maxConsecutive: number;
  #consecutiveRenewals = 0;
  readonly #activities: Pick<VtigerActivities, 'login' | 'extendSession' | 'logout'>;
  readonly counters: { renewals: number; keepAlives: number; logins: number };

  /** @internal use {@link withVtigerSession} */
  constructor(options: VtigerSessionOptions) {
    if (typeof options.connection !== 'string' || options.connection === '') {
      throw invalidOption('connection', 'must name a connection profile configured on the worker, e.g. "default"');
    }
    this.connection = options.connection;
    const idleMs = toMs('idleTimeout', options.idleTimeout ?? '24 minutes');
    if (options.keepAliveInterval !== false) {
      const keepAliveMs = toMs('keepAliveInterval', options.keepAliveInterval ?? '10 minutes');
      if (keepAliveMs < 1000 || keepAliveMs > idleMs / 2) {
        throw invalidOption(
          'keepAliveInterval',
          `must be between 1 second and half the server's idle window (${idleMs / 2} ms of idleTimeout ${idleMs} ms), got ${keepAliveMs} ms`,
        );
      }
      this.#keepAliveMs = keepAliveMs;
    }
    this.#maxConsecutive = options.maxConsecutiveRenewals ?? 5;
    this.#handle = options.session;
    this.counters = { renewals: 0, keepAlives: 0, logins: 0, ...options.counters };
    const base: ActivityOptions = {
      startToCloseTimeout: '1 minute',
      retry: DEFAULT_VTIGER_RETRY_POLICY,
      ...options.activityOptions,
    };
    const { extendSession, logout } = proxyActivities<VtigerActivities>({ ...base, summary: 'Vtiger session' });
    const { login } = proxyActivities<VtigerActivities>({
      ...base,
      retry: LOGIN_RETRY_POLICY,
      summary: 'Vtiger login',
    });
    this.#activities = { login, extendSession, logout };
  }

  /** The current session (sealed). Spread {@link args} into activity inputs rather than reading this. */
  get handle(): VtigerSessionHandle {
    if (!this.#handle) throw new Error('KeptAliveSession: not logged in yet');
    return this.#handle;
  }

  /** `{ connection, sessionName }` of the current session, to spread into an activity's input. */
  get args(): SessionArgs {
    return { connection: this.connection, sessionName: this.handle.sessionName };
  }

  /** Logs in unless a session was carried over. */
  async start(): Promise<void> {
    if (!this.#handle) await this.#login();
  }

  /**
   * Runs `fn` with the current session. When it fails because the session died, logs in again (once per dead
   * session, however many calls noticed it) and runs `fn` again with the new session; other failures propagate.
   *
   * @throws ApplicationFailure `VtigerSessionError` after `maxConsecutiveRenewals` renewals in a row did not help
   */
  async use<T>(fn: (session: SessionArgs) => Promise<T>): Promise<T> {
    for (;;) {
      if (this.#renewing) await this.#renewing;
      const generation = this.#generation;
      try {
        const result = await fn(this.args);
        this.#consecutiveRenewals = 0;
        return result;
      } catch (error) {
        if (!isSessionFailure(error)) throw error;
        // A batch that committed pages before its session died made progress: that death is not "in a row".
        if ((failureProgress<{ pages?: number }>(error)?.pages ?? 0) > 0) this.#consecutiveRenewals = 0;
        await this.renew(generation, 'an activity reported a dead session');
      }
    }
  }

  /**
   * Logs in again if the session of `generation` is still the current one (concurrent callers that saw the same
   * death share one renewal).
   */
  async renew(generation = this.#generation, reason = 'renewal requested'): Promise<void> {
    if (this.#renewing) return this.#renewing;
    if (generation !== this.#generation) return;
    if (++this.#consecutiveRenewals > this.#maxConsecutive) {
      throw ApplicationFailure.create({
        type: FailureTypes.Session,
        message: `Vtiger session of connection "${this.connection}" died ${this.#maxConsecutive} times in a row right after login; giving up`,
        nonRetryable: true,
      });
    }
    log.info('Renewing the Vtiger session', { connection: this.connection, reason });
    this.counters.renewals++;
    this.#renewing = this.#login().finally(() => (this.#renewing = undefined));
    return this.#renewing;
  }

  async #login(): Promise<void> {
    this.#handle = await this.#activities.login({ connection: this.connection });
    this.#generation++;
    this.counters.logins++;
  }

  /** The keep-alive loop: a timer, then `extendSession`, until stopped. */
  async keepAlive(): Promise<void> {
    if (this.#keepAliveMs === undefined) return;
    while (!this.#stopped) {
      if (await condition(() => this.#stopped, this.#keepAliveMs)) return;
      if (this.#renewing) await this.#renewing;
      const generation = this.#generation;
      try {
        // The answer is the same session (refreshed); the handle we hold stays valid.
        await this.#activities.extendSession(this.args);
        this.counters.keepAlives++;
      } catch (error) {
        if (isCancellation(error)) return;
        if (!isSessionFailure(error)) {
          // A transport fault outlived the activity's retries; the next tick tries again.
          log.warn('Vtiger keep-alive failed', { connection: this.connection, error: String(error) });
          continue;
        }
        if (this.#stopped) return;
        try {
          await this.renew(generation, 'the keep-alive found the session dead');
        } catch (renewError) {
          // Renewal gave up; the caller's next `use()` meets the same failure. Nothing is left pending here.
          log.warn('Vtiger keep-alive stopped: renewal failed', {
            connection: this.connection,
            error: String(renewError),
          });
          return;
        }
      }
    }
  }

  /** Stops the keep-alive timer; the session stays valid for the server's idle window. */
  stop(): void {
    this.#stopped = true;
  }

  /**
   * Stops the keep-alive and hands the session over (to carry into continue-as-new); no logout happens.
   */
  detach(): VtigerSessionHandle {
    this.#stopped = true;
    this.#detached = true;
    return this.handle;
  }

  /** @internal best-effort logout at the end of {@link withVtigerSession} */
  async close(logout: boolean): Promise<void> {
    this.#stopped = true;
    if (logout && !this.#detached && this.#handle) {
      await this.#activities.logout(this.args);
    }
  }
}

/**
 * Holds a kept-alive Vtiger session around `fn`: logs in (or resumes `options.session`), runs the keep-alive timer
 * in parallel with `fn`, renews the session when it dies, and stops the timer cleanly (no timer left pending) before
 * returning, so the workflow can complete or continue-as-new right after.
 *
 * ```ts
 * const result = await withVtigerSession({ connection: 'default', keepAliveInterval: '10 minutes' }, (session) =>
 *   session.use((s) => acts.query({ ...s, query: 'SELECT count(*) FROM Contacts;' })),
 * );
 * ```
 */
export async function withVtigerSession<T>(
  options: VtigerSessionOptions,
  fn: (session: KeptAliveSession) => Promise<T>,
): Promise<T> {
  const session = new KeptAliveSession(options);
  await session.start();
  const keepAlive = CancellationScope.cancellable(() => session.keepAlive());
  try {
    return await fn(session);
  } finally {
    session.stop();
    await keepAlive;
    await session.close(options.logout ?? true);
  }
}
