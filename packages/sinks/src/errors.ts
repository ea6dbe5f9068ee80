/**
 * The sinks' error hierarchy.
 *
 * Class names are part of the retry contract: Temporal turns an activity error into a failure whose `type` is the
 * class name. `SinkConfigError` and `SinkInputError` are never retryable (fix the input); a `SinkError` from the
 * database driver is retryable when the failure is transient (connection lost, deadlock, database busy).
 *
 * No message ever carries a connection-string password: every driver message and URL is redacted
 * (`postgres://user:***@host/db`) before an error is built.
 */

/** Which sink an error came from; `undefined` when it happened before a sink kind was known (bad config). */
export type SinkKind = 'sqlite' | 'postgres';

/** The sink operation that failed. */
export type SinkOperation =
  'open' | 'migrate' | 'upsertPage' | 'tombstone' | 'reconcileRange' | 'count' | 'records' | 'checksum' | 'close';

/** Options shared by every error constructor. */
export interface SinkErrorOptions {
  operation: SinkOperation;
  sink?: SinkKind;
  /** The Vtiger module (`Contacts`, …) the operation was about, when there was one. */
  module?: string;
  /** Whether trying the same operation again later may succeed. Defaults per class. */
  retryable?: boolean;
  /** The driver's error code: a PostgreSQL SQLSTATE (`40P01`), a SQLite code (`SQLITE_BUSY`) or a system code. */
  code?: string;
  /** The underlying driver error. */
  cause?: unknown;
}

/**
 * Thrown when a sink operation fails in the database driver (connection refused or lost, deadlock, disk full,
 * permission denied, a constraint or trigger aborting the page, …), or when a closed sink is used. The page or
 * batch that failed left nothing behind: every write operation is one transaction.
 */
export class SinkError extends Error {
  override readonly name: string = 'SinkError';
  /** The operation that failed. */
  readonly operation: SinkOperation;
  /** The sink kind, when known. */
  readonly sink: SinkKind | undefined;
  /** The Vtiger module the operation was about, when there was one. */
  readonly module: string | undefined;
  /** Whether trying the same operation again later may succeed (connection errors, deadlocks, a busy database). */
  readonly retryable: boolean;
  /** The driver's error code, when it had one. */
  readonly code: string | undefined;

  constructor(message: string, options: SinkErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.operation = options.operation;
    this.sink = options.sink;
    this.module = options.module;
    this.retryable = options.retryable ?? false;
    this.code = options.code;
  }
}

/**
 * Thrown when sink options, a {@link SinkConfig} or a sink URL are invalid (unknown kind, empty filename, a
 * connection string that is not `postgres://…`, an unsafe schema or table name). The message names the bad field
 * and what would be accepted. Never retryable.
 */
export class SinkConfigError extends SinkError {
  override readonly name: string = 'SinkConfigError';
  constructor(message: string, options: Omit<SinkErrorOptions, 'retryable' | 'operation'> = {}) {
    super(message, { ...options, operation: 'open', retryable: false });
  }
}

/**
 * Thrown before anything is written when an argument is invalid: a module name that is not an identifier
 * (`/^[A-Za-z][A-Za-z0-9_]*$/`), an id that is not Vtiger's `<prefix>x<crmid>`, a `modifiedtime` that is not
 * `YYYY-MM-DD HH:MM:SS`, or record data that is not an object. Never retryable.
 */
export class SinkInputError extends SinkError {
  override readonly name: string = 'SinkInputError';
  constructor(message: string, options: Omit<SinkErrorOptions, 'retryable'>) {
    super(message, { ...options, retryable: false });
  }
}
