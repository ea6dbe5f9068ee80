import { SinkError } from '../errors';
import { redactConnectionString } from '../redact';
import type { Where } from './validate';

// PostgreSQL SQLSTATE classes worth trying again: connection exceptions, transaction rollback (deadlock,
// serialization failure), insufficient resources, operator intervention (shutdown), system errors.
const RETRYABLE_PG_CLASSES = new Set(['08', '40', '53', '57', '58']);
const RETRYABLE_SQLITE_CODES = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|PROTOCOL)/;
const RETRYABLE_SYSTEM_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** The one place driver errors (better-sqlite3, pg, sockets) become {@link SinkError}s. */
export function toSinkError(error: unknown, where: Where): SinkError {
  if (error instanceof SinkError) return error;
  const code = errorCode(error);
  const text = error instanceof Error ? error.message : String(error);
  // pg's connection timeout says only "timeout exceeded when trying to connect".
  const message = redactConnectionString(`${describeWhere(where)} failed: ${text || code || 'unknown error'}`);
  return new SinkError(message, { ...where, code, retryable: isRetryable(code, text), cause: error });
}

export function describeWhere(where: Where): string {
  return `${where.sink ?? 'sink'} ${where.operation}${where.module === undefined ? '' : `(${where.module})`}`;
}

function errorCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // AggregateError from a connect to a host with several addresses (IPv4 and IPv6).
  const nested = (error as { errors?: unknown }).errors;
  return Array.isArray(nested) ? errorCode(nested[0]) : undefined;
}

function isRetryable(code: string | undefined, text: string): boolean {
  if (code === undefined) return /timeout|terminated|Connection terminated/i.test(text);
  if (code.startsWith('SQLITE_')) return RETRYABLE_SQLITE_CODES.test(code);
  if (RETRYABLE_SYSTEM_CODES.has(code)) return true;
  // A SQLSTATE: five characters, and no class starts with E (system codes like EACCES do).
  if (/^[0-9A-DF-Z][0-9A-Z]{4}$/.test(code)) return RETRYABLE_PG_CLASSES.has(code.slice(0, 2));
  return false;
}
