import { type Dispatcher } from 'undici';
import { VtigerConfigError } from './errors';
import { type Endpoint } from './internal/transport';

/**
 * Where log lines go. Every member is optional; lines never contain access keys, login hashes or session names.
 * `fields` is a flat object (`operation`, `method`, `status`, `durationMs`, `attempt`, …).
 */
export interface VtigerLogger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

/** Retries of idempotent reads (GET operations) on connection errors, timeouts and HTTP 5xx. */
export interface RetryOptions {
  /** Retries after the first attempt; `0` turns retries off. @default 2 */
  maxRetries?: number;
  /** First back-off delay in milliseconds; doubles per retry, with jitter. @default 200 */
  baseDelayMs?: number;
  /** Upper bound of one back-off delay in milliseconds. @default 2000 */
  maxDelayMs?: number;
}

/**
 * Retries of the getchallenge+login pair when another login of the same user replaced the challenge token
 * (Vtiger keeps one live token per user, protocol §4).
 */
export interface LoginRetryOptions {
  /** Attempts of the pair in total, including the first. @default 4 */
  maxAttempts?: number;
  /** First back-off delay in milliseconds; doubles per attempt, with jitter. @default 100 */
  baseDelayMs?: number;
}

/** Options of {@link VtigerClient}. Validated in the constructor; a bad value throws {@link VtigerConfigError}. */
export interface VtigerClientOptions {
  /**
   * The Vtiger site URL (`https://crm.example.com/vtiger`) or the full endpoint
   * (`https://crm.example.com/vtiger/webservice.php`). http or https only, no credentials, no query string.
   */
  url: string;
  /** The Vtiger user name (matched case-insensitively by Vtiger). */
  username: string;
  /**
   * The user's access key from Vtiger's "My Preferences" (not the password). Needed only for {@link login};
   * a client that only resumes sessions with `session()` can omit it.
   */
  accessKey?: string;
  /**
   * The undici dispatcher to send requests through (an `Agent`, `Pool`, `MockAgent`, a composed dispatcher, …).
   * The caller keeps ownership: `close()` does not close it.
   * @default a keep-alive `Agent` owned by the client and closed by `close()`
   */
  dispatcher?: Dispatcher;
  /** Timeout of one HTTP request (headers and whole body), in milliseconds. @default 30000 */
  timeoutMs?: number;
  /** Retries of idempotent reads. Writes are never retried by the client. */
  retry?: RetryOptions;
  /** Retries of the getchallenge+login pair on the one-token-per-user race. */
  loginRetry?: LoginRetryOptions;
  /** Optional logger; a debug line per request. */
  logger?: VtigerLogger;
}

/** Options accepted by every operation. */
export interface CallOptions {
  /** Aborts the call (including retries and back-off waits); the call then throws {@link VtigerAbortError}. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for each HTTP request of this call, in milliseconds. */
  timeoutMs?: number;
}

/** @internal Fully resolved options. */
export interface ResolvedOptions {
  readonly endpoint: Endpoint;
  readonly username: string;
  readonly accessKey: string | undefined;
  readonly dispatcher: Dispatcher | undefined;
  readonly timeoutMs: number;
  readonly retry: Required<RetryOptions>;
  readonly loginRetry: Required<LoginRetryOptions>;
  readonly logger: VtigerLogger | undefined;
}

const OPTION_KEYS = ['url', 'username', 'accessKey', 'dispatcher', 'timeoutMs', 'retry', 'loginRetry', 'logger'];
const MAX_TIMER_MS = 2_147_483_647;

function fail(message: string): never {
  throw new VtigerConfigError(`VtigerClient: ${message}`);
}

function checkKeys(value: object, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const near = allowed.find((k) => k.toLowerCase() === key.toLowerCase());
      fail(
        `unknown option ${where}${key}${near ? ` (did you mean ${where}${near}?)` : ''}; known: ${allowed.join(', ')}`,
      );
    }
  }
}

function number(value: unknown, name: string, { min, max, integer }: { min: number; max: number; integer?: boolean }) {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    fail(`${name} must be a ${integer ? 'whole ' : ''}number from ${min} to ${max} (got ${describeValue(value)})`);
  }
  if (integer && !Number.isInteger(value)) fail(`${name} must be a whole number (got ${value})`);
  return value;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

/** Shows a URL the user gave without any credentials it may contain. */
function safeUrl(raw: string): string {
  try {
    const u = new URL(raw);
    u.username = '';
    u.password = '';
    u.search = u.search ? '?…' : '';
    return u.toString();
  } catch {
    return raw.length > 60 ? `${raw.slice(0, 60)}…` : raw;
  }
}

/** Turns the site URL or the `webservice.php` URL into the endpoint. Throws {@link VtigerConfigError}. */
function resolveEndpoint(raw: unknown): Endpoint {
  if (typeof raw !== 'string' || raw.trim() === '') {
    fail(
      `options.url is required: the Vtiger site URL, e.g. "https://crm.example.com/vtiger" (got ${describeValue(raw)})`,
    );
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    fail(
      `options.url is not a valid URL: ${JSON.stringify(safeUrl(raw))}; expected e.g. "https://crm.example.com/vtiger"`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail(
      `options.url must use http:// or https:// (got ${JSON.stringify(url.protocol)} in ${JSON.stringify(safeUrl(raw))})`,
    );
  }
  if (url.username || url.password) {
    fail(
      `options.url must not contain credentials; pass options.username and options.accessKey instead (${safeUrl(raw)})`,
    );
  }
  if (url.search || url.hash) {
    fail(
      `options.url must not have a query string or fragment (${safeUrl(raw)}); give the site URL or its webservice.php`,
    );
  }
  let path = url.pathname.replace(/\/+$/, '');
  if (!/\/webservice\.php$/i.test(path)) {
    if (/\.php$/i.test(path)) {
      fail(`options.url points at ${JSON.stringify(path)}; give the site URL or its webservice.php (${safeUrl(raw)})`);
    }
    path = `${path}/webservice.php`;
  }
  return { origin: url.origin, path, href: `${url.origin}${path}` };
}

/** Validates the constructor options. Throws {@link VtigerConfigError} with an actionable message. @internal */
export function resolveOptions(options: unknown): ResolvedOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    fail('expected an options object { url, username, accessKey }');
  }
  const o = options as Record<string, unknown>;
  checkKeys(o, OPTION_KEYS, 'options.');
  const endpoint = resolveEndpoint(o.url);

  if (typeof o.username !== 'string' || o.username.trim() === '') {
    fail(`options.username is required: the Vtiger user name (got ${describeValue(o.username)})`);
  }
  if (o.accessKey !== undefined && (typeof o.accessKey !== 'string' || o.accessKey.trim() === '')) {
    // Never echo the value: it is a secret even when malformed.
    fail(`options.accessKey must be a non-empty string (the access key from My Preferences in Vtiger) or omitted`);
  }
  if (o.dispatcher !== undefined) {
    const d = o.dispatcher as { dispatch?: unknown } | null;
    if (d === null || typeof d !== 'object' || typeof d.dispatch !== 'function') {
      fail('options.dispatcher must be an undici Dispatcher (Agent, Pool, MockAgent, …)');
    }
  }
  const timeoutMs =
    o.timeoutMs === undefined ? 30_000 : number(o.timeoutMs, 'options.timeoutMs', { min: 1, max: MAX_TIMER_MS });

  const retry = objectOption(o.retry, 'retry', ['maxRetries', 'baseDelayMs', 'maxDelayMs']);
  const maxRetries =
    retry.maxRetries === undefined
      ? 2
      : number(retry.maxRetries, 'options.retry.maxRetries', { min: 0, max: 10, integer: true });
  const baseDelayMs =
    retry.baseDelayMs === undefined
      ? 200
      : number(retry.baseDelayMs, 'options.retry.baseDelayMs', { min: 0, max: 60_000 });
  const maxDelayMs =
    retry.maxDelayMs === undefined
      ? Math.max(2_000, baseDelayMs)
      : number(retry.maxDelayMs, 'options.retry.maxDelayMs', { min: baseDelayMs, max: 600_000 });

  const loginRetry = objectOption(o.loginRetry, 'loginRetry', ['maxAttempts', 'baseDelayMs']);
  const maxAttempts =
    loginRetry.maxAttempts === undefined
      ? 4
      : number(loginRetry.maxAttempts, 'options.loginRetry.maxAttempts', { min: 1, max: 20, integer: true });
  const loginDelay =
    loginRetry.baseDelayMs === undefined
      ? 100
      : number(loginRetry.baseDelayMs, 'options.loginRetry.baseDelayMs', { min: 0, max: 60_000 });

  let logger: VtigerLogger | undefined;
  if (o.logger !== undefined) {
    const l = o.logger as Record<string, unknown> | null;
    if (l === null || typeof l !== 'object')
      fail('options.logger must be an object with debug/info/warn/error methods');
    for (const level of ['debug', 'info', 'warn', 'error']) {
      if (l[level] !== undefined && typeof l[level] !== 'function') fail(`options.logger.${level} must be a function`);
    }
    logger = l as VtigerLogger;
  }

  return {
    endpoint,
    username: o.username,
    accessKey: o.accessKey as string | undefined,
    dispatcher: o.dispatcher as Dispatcher | undefined,
    timeoutMs,
    retry: { maxRetries, baseDelayMs, maxDelayMs },
    loginRetry: { maxAttempts, baseDelayMs: loginDelay },
    logger,
  };
}

function objectOption(value: unknown, name: string, keys: readonly string[]): Record<string, unknown> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(`options.${name} must be an object { ${keys.join(', ')} }`);
  }
  checkKeys(value, keys, `options.${name}.`);
  return value as Record<string, unknown>;
}

/** Validates per-call options. Throws {@link VtigerConfigError}. @internal */
export function checkCallOptions(opts: CallOptions | undefined, operation: string): void {
  if (opts === undefined) return;
  if (opts === null || typeof opts !== 'object') {
    throw new VtigerConfigError(`\`${operation}\`: call options must be an object { signal, timeoutMs }`);
  }
  if (opts.timeoutMs !== undefined) {
    const t = opts.timeoutMs;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 1 || t > MAX_TIMER_MS) {
      throw new VtigerConfigError(
        `\`${operation}\`: timeoutMs must be a number of milliseconds from 1 to ${MAX_TIMER_MS} (got ${describeValue(t)})`,
      );
    }
  }
  if (opts.signal !== undefined && !(opts.signal instanceof AbortSignal)) {
    throw new VtigerConfigError(`\`${operation}\`: signal must be an AbortSignal`);
  }
}
