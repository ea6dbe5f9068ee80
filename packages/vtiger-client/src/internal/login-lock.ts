/**
 * Process-wide bookkeeping of logins, keyed by (endpoint URL, lower-cased user name): a mutex that serialises the
 * getchallenge+login pair, and a counter of challenges issued by this process. Vtiger keeps one live token per user
 * and usernames match case-insensitively (protocol §4), so two clients of the same user must never interleave.
 *
 * The state lives on `globalThis` under a registered symbol so that two copies of this package loaded in one
 * process (different versions in node_modules) still share it.
 */

interface LoginState {
  tail: Promise<void>;
  challenges: number;
}

const STATE = Symbol.for('@vtiger-temporal/vtiger-client/login-state');
const holder = globalThis as typeof globalThis & { [STATE]?: Map<string, LoginState> };
const registry: Map<string, LoginState> = (holder[STATE] ??= new Map());

function stateFor(key: string): LoginState {
  let state = registry.get(key);
  if (!state) {
    state = { tail: Promise.resolve(), challenges: 0 };
    registry.set(key, state);
  }
  return state;
}

/** The lock key of a user at an endpoint. */
export function loginKey(endpointHref: string, username: string): string {
  return `${endpointHref}\n${username.toLowerCase()}`;
}

/** Records that this process asked for a challenge token for `key`. */
export function noteChallenge(key: string): void {
  stateFor(key).challenges++;
}

/** How many challenges this process has asked for `key` so far. */
export function challengeCount(key: string): number {
  return stateFor(key).challenges;
}

/** Marker thrown when the signal aborts while waiting for the lock. */
export const LOCK_ABORTED = Symbol('login lock wait aborted');

/**
 * Runs `fn` once every earlier holder of `key` has finished. Waiting is abortable: rejects with
 * {@link LOCK_ABORTED}, and the queue still moves on.
 */
export async function withLoginLock<T>(key: string, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  const state = stateFor(key);
  const previous = state.tail;
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  state.tail = previous.then(() => mine);
  try {
    await abortable(previous, signal);
  } catch (err) {
    void previous.then(release);
    throw err;
  }
  try {
    return await fn();
  } finally {
    release();
  }
}

function abortable(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(LOCK_ABORTED);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(LOCK_ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
