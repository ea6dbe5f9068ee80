import { type Prng } from '../internal/prng';
import { uniqid } from '../internal/time';

/**
 * How an idle-dead session is reported (reference §7.2, §7.6): stock Vtiger answers `INVALID_SESSIONID`
 * (PHP's GC deleted the file); forks that fixed the idle bookkeeping answer `SESSION_LEFT_IDLE` or
 * `SESSION_EXPIRED` once, then `INVALID_SESSIONID`.
 */
export type SessionErrorMode = 'invalid' | 'idle-first' | 'expired-first';

/** A server-side PHP session. `userId === null` is a session with the "exists" marker but no user. */
export interface SessionRow {
  readonly id: string;
  userId: number | null;
  lastAccessMs: number;
  readonly createdMs: number;
}

/** Outcome of looking a session id up at the start of a request. */
export type SessionLookup =
  | { readonly kind: 'live'; readonly session: SessionRow }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'idle-dead' };

/** Challenge token of one user (`vtiger_ws_userauthtoken`). */
export interface ChallengeToken {
  readonly token: string;
  readonly expireTimeSec: number;
}

/** Sessions and challenge tokens, with a sliding idle timeout evaluated lazily against the clock. */
export class SessionStore {
  private readonly sessions = new Map<string, SessionRow>();
  private readonly tokens = new Map<number, ChallengeToken>();
  private uniqCounter = 0;
  private created = 0;

  constructor(
    private readonly clock: () => number,
    private readonly prng: Prng,
    public idleTimeoutMs: number,
    public mode: SessionErrorMode,
  ) {}

  /** PHP `uniqid()` on the simulator clock. */
  uniqid(): string {
    return uniqid(this.clock(), this.uniqCounter++);
  }

  /** `dechex(rand()) . uniqid()`: lowercase hex, 19–21 chars in practice (reference §4). */
  private newSessionName(): string {
    for (;;) {
      const name = this.prng.int(2147483648).toString(16) + this.uniqid();
      if (!this.sessions.has(name)) return name;
    }
  }

  private isIdleDead(session: SessionRow, now: number): boolean {
    return now - session.lastAccessMs > this.idleTimeoutMs;
  }

  /**
   * Looks up `id` for a request: a dead session is destroyed here (PHP GC or the fork's idle check), and a live
   * one is touched, since every request that reaches `session_start()` refreshes the GC timer (§7.2).
   */
  lookup(id: string): SessionLookup {
    const now = this.clock();
    const session = this.sessions.get(id);
    if (!session) return { kind: 'unknown' };
    if (this.isIdleDead(session, now)) {
      this.sessions.delete(id);
      return this.mode === 'invalid' ? { kind: 'unknown' } : { kind: 'idle-dead' };
    }
    session.lastAccessMs = now;
    return { kind: 'live', session };
  }

  /** Creates a session under a fresh name (login without a session id). */
  create(userId: number | null): SessionRow {
    // Benchmarks log in thousands of times; collect dead sessions now and then, as PHP's GC would.
    if (++this.created % 1000 === 0) this.liveCount();
    const now = this.clock();
    const session: SessionRow = { id: this.newSessionName(), userId, lastAccessMs: now, createdMs: now };
    this.sessions.set(session.id, session);
    return session;
  }

  /**
   * Creates a session under a caller-chosen id. PHP runs with `use_strict_mode=0`, so `extendsession` with an
   * unknown id creates it (with the "exists" marker and no user): the id is then poisoned (§7.4).
   */
  adopt(id: string): SessionRow {
    const now = this.clock();
    const session: SessionRow = { id, userId: null, lastAccessMs: now, createdMs: now };
    this.sessions.set(id, session);
    return session;
  }

  destroy(id: string): boolean {
    return this.sessions.delete(id);
  }

  /** Destroys every session of a user; returns how many. */
  destroyUser(userId: number): number {
    let n = 0;
    for (const [id, s] of this.sessions) {
      if (s.userId === userId) {
        this.sessions.delete(id);
        n++;
      }
    }
    return n;
  }

  /** Destroys every session; returns how many held a user. */
  destroyAll(): number {
    const n = this.liveCount();
    this.sessions.clear();
    return n;
  }

  /** Live sessions that hold a user (dead ones are collected on the way). */
  liveCount(): number {
    const now = this.clock();
    let n = 0;
    for (const [id, s] of this.sessions) {
      if (this.isIdleDead(s, now)) {
        // An idle-first mode must still answer the first request with its special code, so only collect
        // silently when the stock behaviour is configured.
        if (this.mode === 'invalid') this.sessions.delete(id);
        continue;
      }
      if (s.userId !== null) n++;
    }
    return n;
  }

  /** Live sessions with a user: `{ sessionName, userId, idleMs }`. */
  list(): Array<{ sessionName: string; userId: number; idleMs: number }> {
    const now = this.clock();
    const out: Array<{ sessionName: string; userId: number; idleMs: number }> = [];
    for (const s of this.sessions.values()) {
      if (s.userId !== null && !this.isIdleDead(s, now)) {
        out.push({ sessionName: s.id, userId: s.userId, idleMs: now - s.lastAccessMs });
      }
    }
    return out;
  }

  /** `getchallenge`: replaces the user's token (one live token per user, §4). */
  issueToken(userId: number, ttlSeconds: number): ChallengeToken & { serverTimeSec: number } {
    const serverTimeSec = Math.floor(this.clock() / 1000);
    const token = { token: this.uniqid(), expireTimeSec: serverTimeSec + ttlSeconds };
    this.tokens.set(userId, token);
    return { ...token, serverTimeSec };
  }

  /** `vtws_getActiveToken()`: the user's token if `expiretime >= now`. */
  activeToken(userId: number): string | null {
    const token = this.tokens.get(userId);
    if (!token) return null;
    return token.expireTimeSec >= Math.floor(this.clock() / 1000) ? token.token : null;
  }
}
