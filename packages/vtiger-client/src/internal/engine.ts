/**
 * The machinery behind VtigerClient and VtigerSession: parameter placement, retries, logging, login serialisation.
 * Not exported from the package.
 */
import { Agent, type Dispatcher } from 'undici';
import { hashAccessKey } from '../auth';
import {
  type HttpMethod,
  VtigerAbortError,
  VtigerAuthError,
  VtigerConfigError,
  VtigerProtocolError,
  type VtigerRequestInfo,
} from '../errors';
import { type CallOptions, checkCallOptions, type ResolvedOptions } from '../options';
import { backoffDelay, shouldClientRetry } from '../retry-policy';
import { type ChallengeResult, type LoginResult } from '../types';
import { interpretAnswer } from './envelope';
import { challengeCount, LOCK_ABORTED, loginKey, noteChallenge, withLoginLock } from './login-lock';
import { excerptOf, redactText } from './redact';
import { SLEEP_ABORTED, sleep } from './sleep';
import { send, type TransportResponse } from './transport';

/** A parameter value: objects and arrays are JSON-encoded, `false`/`null`/`undefined` are left out. */
export type ParamValue = string | number | boolean | object | null | undefined;

/** One operation call. */
export interface InvokeSpec {
  readonly operation: string;
  readonly method: HttpMethod;
  readonly params?: Readonly<Record<string, ParamValue>>;
  readonly sessionName?: string;
  /** Whether the client may repeat the request on transport failures. */
  readonly idempotent: boolean;
  readonly call?: CallOptions | undefined;
  /** Secrets carried by this request besides the access key and the session name (the md5 login key). */
  readonly extraSecrets?: readonly string[];
  /** The user of a getchallenge/login, named in error messages. */
  readonly username?: string;
}

const RESERVED_PARAMS = new Set(['operation', 'sessionname', 'format']);

function encodeValue(operation: string, name: string, value: ParamValue): string | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === true) text = '1';
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new VtigerConfigError(`\`${operation}\`: parameter ${name} must be a finite number (got ${value})`);
    }
    text = String(value);
  } else text = JSON.stringify(value);
  if (text === '' || text === '0') {
    // PHP's falsy check turns "" and "0" into "absent" on the server (protocol §1): say so instead of sending it.
    throw new VtigerConfigError(
      `\`${operation}\`: parameter ${name} is ${JSON.stringify(text)}, which Vtiger treats as absent; omit it or send a real value`,
    );
  }
  return text;
}

/** Encodes `operation`, `sessionName` and the operation's parameters as form data. */
function encodeParams(spec: InvokeSpec): string {
  const form = new URLSearchParams();
  form.append('operation', spec.operation);
  if (spec.sessionName !== undefined) form.append('sessionName', spec.sessionName);
  if (spec.params) {
    for (const name of Object.keys(spec.params)) {
      if (RESERVED_PARAMS.has(name.toLowerCase())) {
        throw new VtigerConfigError(`\`${spec.operation}\`: parameter ${name} is set by the client; remove it`);
      }
      const text = encodeValue(spec.operation, name, spec.params[name]);
      if (text !== undefined) form.append(name, text);
    }
  }
  return form.toString();
}

function toAbortError(marker: unknown, operation: string): unknown {
  if (marker === SLEEP_ABORTED || marker === LOCK_ABORTED) {
    return new VtigerAbortError(`The call to \`${operation}\` was aborted by the caller`, { operation });
  }
  return marker;
}

/** @internal */
export class Engine {
  readonly options: ResolvedOptions;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #loginKey: string;
  #closed = false;

  constructor(options: ResolvedOptions) {
    this.options = options;
    this.#ownsDispatcher = options.dispatcher === undefined;
    // undici's keep-alive defaults (4 s idle, honouring the server's Keep-Alive hint) sit below Apache's 5 s, so a
    // pooled socket is not reused just as the server closes it.
    this.#dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 4_000, connect: { timeout: 10_000 } });
    this.#loginKey = loginKey(options.endpoint.href, options.username);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Sends one operation (with retries for idempotent ones) and returns its `result`. */
  async invoke<T>(spec: InvokeSpec): Promise<T> {
    if (this.#closed) {
      throw new VtigerConfigError(`\`${spec.operation}\`: this VtigerClient was closed`, { operation: spec.operation });
    }
    checkCallOptions(spec.call, spec.operation);
    const { endpoint, retry, logger } = this.options;
    const encodedParams = encodeParams(spec);
    const secrets = [this.options.accessKey, spec.sessionName, ...(spec.extraSecrets ?? [])];
    const describe = (): VtigerRequestInfo => ({
      method: spec.method,
      url: spec.method === 'GET' ? `${endpoint.href}?${redactText(encodedParams, secrets)}` : endpoint.href,
      operation: spec.operation,
    });
    const request = {
      method: spec.method,
      operation: spec.operation,
      encodedParams,
      timeoutMs: spec.call?.timeoutMs ?? this.options.timeoutMs,
      signal: spec.call?.signal,
      secrets,
      describe,
    };
    const context = {
      operation: spec.operation,
      endpointHref: endpoint.href,
      secrets,
      describe,
      username: spec.username,
    };
    const maxAttempts = spec.idempotent ? retry.maxRetries + 1 : 1;

    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      // Set once an answer arrived: its debug line is written then, so a failure is logged only when none did.
      let res: TransportResponse | undefined;
      try {
        res = await send(this.#dispatcher, endpoint, request);
        if (logger?.debug) {
          this.#log('debug', `vtiger ${spec.operation} ${res.status}`, {
            operation: spec.operation,
            method: spec.method,
            status: res.status,
            durationMs: Math.round((performance.now() - started) * 10) / 10,
            attempt,
            bodyChars: res.body.length,
          });
        }
        return interpretAnswer(res, context) as T;
      } catch (err) {
        if (logger?.debug && res === undefined) {
          const name = err instanceof Error ? err.name : 'Error';
          this.#log('debug', `vtiger ${spec.operation} failed: ${name}`, {
            operation: spec.operation,
            method: spec.method,
            error: name,
            durationMs: Math.round((performance.now() - started) * 10) / 10,
            attempt,
          });
        }
        if (attempt >= maxAttempts || !shouldClientRetry(err, spec.idempotent)) throw err;
        const delayMs = backoffDelay(attempt, retry.baseDelayMs, retry.maxDelayMs);
        this.#log('warn', `vtiger ${spec.operation} failed with ${(err as Error).name}; retrying in ${delayMs} ms`, {
          operation: spec.operation,
          attempt,
          maxAttempts,
          delayMs,
          error: (err as Error).name,
        });
        try {
          await sleep(delayMs, spec.call?.signal);
        } catch (marker) {
          throw toAbortError(marker, spec.operation);
        }
      }
    }
  }

  /** GET getchallenge for the configured user. Counts as a login attempt for the race heuristic. */
  async getChallenge(call: CallOptions | undefined): Promise<ChallengeResult> {
    noteChallenge(this.#loginKey);
    const result = await this.invoke<unknown>({
      operation: 'getchallenge',
      method: 'GET',
      params: { username: this.options.username },
      idempotent: true,
      call,
      username: this.options.username,
    });
    const r = result as Partial<Record<keyof ChallengeResult, unknown>> | null;
    if (r === null || typeof r !== 'object' || typeof r.token !== 'string' || r.token === '') {
      throw this.shapeError('getchallenge', 'a challenge without a token', result);
    }
    return { token: r.token, serverTime: Number(r.serverTime), expireTime: Number(r.expireTime) };
  }

  /**
   * getchallenge + login, serialised per (endpoint, user) in this process and retried on the token race.
   *
   * Vtiger keeps one challenge token per user; a concurrent getchallenge from elsewhere turns our login into
   * INVALID_USER_CREDENTIALS, the same answer a wrong key gets. Heuristic: INVALID_USER_CREDENTIALS on the first
   * attempt is retried (fresh challenge) once; on a later attempt it is retried only if this process issued
   * another challenge for the user meanwhile, otherwise the key is wrong (or the user inactive) and we give up at
   * once. INVALID_AUTH_TOKEN (token gone) is retried up to `loginRetry.maxAttempts`. A wrong key thus costs two
   * challenge+login pairs and one short back-off.
   */
  async login(call: CallOptions | undefined): Promise<LoginResult> {
    const accessKey = this.options.accessKey;
    if (accessKey === undefined) {
      throw new VtigerConfigError(
        'login needs options.accessKey: the access key from My Preferences in Vtiger (not the password)',
        { operation: 'login' },
      );
    }
    checkCallOptions(call, 'login');
    const { maxAttempts, baseDelayMs } = this.options.loginRetry;
    try {
      return await withLoginLock(this.#loginKey, call?.signal, async () => {
        for (let attempt = 1; ; attempt++) {
          const before = challengeCount(this.#loginKey);
          const { token } = await this.getChallenge(call);
          const hashed = hashAccessKey(token, accessKey);
          try {
            const result = await this.invoke<unknown>({
              operation: 'login',
              method: 'POST',
              params: { username: this.options.username, accessKey: hashed },
              idempotent: false,
              call,
              extraSecrets: [hashed],
              username: this.options.username,
            });
            const login = this.loginResultOf('login', result);
            this.#log('info', `vtiger login of ${this.options.username} succeeded`, {
              operation: 'login',
              userId: login.userId,
              vtigerVersion: login.vtigerVersion,
              attempts: attempt,
            });
            return login;
          } catch (err) {
            if (!(err instanceof VtigerAuthError) || err.code === 'ACCESSKEY_UNDEFINED') throw err;
            const otherChallenges = challengeCount(this.#loginKey) - before - 1;
            const wrongKey = err.code === 'INVALID_USER_CREDENTIALS' && attempt >= 2 && otherChallenges <= 0;
            if (wrongKey || attempt >= maxAttempts) throw withAttempts(err, attempt);
            const delayMs = backoffDelay(attempt, baseDelayMs, baseDelayMs * 8);
            this.#log('warn', `vtiger login answered ${err.code}; retrying with a fresh challenge in ${delayMs} ms`, {
              operation: 'login',
              code: err.code,
              attempt,
              maxAttempts,
              delayMs,
            });
            await sleep(delayMs, call?.signal);
          }
        }
      });
    } catch (marker) {
      throw toAbortError(marker, 'login');
    }
  }

  /** Picks the four classic fields from a login or extendsession answer. */
  loginResultOf(operation: string, result: unknown): LoginResult {
    const r = result as Partial<Record<keyof LoginResult, unknown>> | null;
    if (r === null || typeof r !== 'object' || typeof r.sessionName !== 'string' || r.sessionName === '') {
      throw this.shapeError(operation, 'a result without sessionName', result);
    }
    return {
      sessionName: r.sessionName,
      userId: typeof r.userId === 'string' ? r.userId : String(r.userId ?? ''),
      version: typeof r.version === 'string' ? r.version : String(r.version ?? ''),
      vtigerVersion: typeof r.vtigerVersion === 'string' ? r.vtigerVersion : String(r.vtigerVersion ?? ''),
    };
  }

  /**
   * The error for a well-formed answer whose `result` has the wrong shape: "Vtiger answered `<operation>` with
   * <what>: <excerpt>", the excerpt of `value` capped and redacted like every other excerpt (the access key,
   * `secrets` such as the session name, and secret-looking parameters).
   */
  shapeError(
    operation: string,
    what: string,
    value: unknown,
    secrets: readonly (string | undefined)[] = [],
  ): VtigerProtocolError {
    const excerpt = excerptOf(JSON.stringify(value) ?? String(value), [this.options.accessKey, ...secrets]);
    return new VtigerProtocolError(`Vtiger answered \`${operation}\` with ${what}: ${excerpt}`, {
      status: 200,
      excerpt,
      operation,
    });
  }

  #log(level: 'debug' | 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>): void {
    const logger = this.options.logger;
    const fn = logger?.[level];
    if (!fn) return;
    try {
      fn.call(logger, message, fields);
    } catch {
      // A broken logger must not break Vtiger calls.
    }
  }

  /** Closes the dispatcher if the client created it. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }
}

function withAttempts(err: VtigerAuthError, attempts: number): VtigerAuthError {
  if (attempts <= 1) return err;
  return new VtigerAuthError(`${err.message} [gave up after ${attempts} login attempts]`, {
    code: err.code,
    vtigerMessage: err.vtigerMessage,
    operation: err.operation,
    request: err.request,
  });
}
