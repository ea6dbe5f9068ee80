import { SinkConfigError } from './errors';
import { redactConnectionString } from './redact';
import { assertConnectionString, assertFilename, assertSqlIdentifier } from './internal/validate';
import { openPostgresSink } from './postgres-sink';
import { openSqliteSink } from './sqlite-sink';
import type { Sink } from './types';

/** A SQLite sink: one file, for one machine. */
export interface SqliteSinkConfig {
  kind: 'sqlite';
  /** Path of the database file (created with its directory when missing). */
  filename: string;
}

/** A PostgreSQL sink: for workers on several machines. */
export interface PostgresSinkConfig {
  kind: 'postgres';
  /** `postgres://user:password@host:5432/database`. */
  connectionString: string;
  /**
   * The schema holding the tables; created when missing.
   * @default 'public'
   */
  schema?: string;
}

/** Which sink to open: plain JSON, so that an app can read it from its config file or a URL ({@link parseSinkUrl}). */
export type SinkConfig = SqliteSinkConfig | PostgresSinkConfig;

const URL_EXAMPLES = 'sqlite:./data/vtiger.db, sqlite:/var/lib/vtiger.db or postgres://user:password@host:5432/db';

/**
 * Validates `config` and opens the sink it describes.
 *
 * @throws {SinkConfigError} naming the bad field when `config` is not a valid {@link SinkConfig}.
 * @throws {SinkError} when the database cannot be opened (see {@link openSqliteSink}, {@link openPostgresSink}).
 */
export async function openSink(config: SinkConfig): Promise<Sink> {
  const valid = validateSinkConfig(config);
  return valid.kind === 'sqlite'
    ? openSqliteSink({ filename: valid.filename })
    : openPostgresSink({ connectionString: valid.connectionString, schema: valid.schema });
}

/**
 * Checks that `config` is a {@link SinkConfig} and returns a copy holding only its known fields.
 *
 * @throws {SinkConfigError} naming the bad field and what would be accepted.
 */
export function validateSinkConfig(config: unknown): SinkConfig {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new SinkConfigError(`sink config must be an object like { kind: 'sqlite', filename: './data/vtiger.db' }`);
  }
  const { kind, filename, connectionString, schema } = config as Record<string, unknown>;
  switch (kind) {
    case 'sqlite':
      assertFilename(filename, 'config');
      return { kind, filename };
    case 'postgres': {
      assertConnectionString(connectionString, 'config');
      if (schema !== undefined) assertSqlIdentifier(schema, 'sink config: schema');
      return schema === undefined ? { kind, connectionString } : { kind, connectionString, schema };
    }
    default:
      throw new SinkConfigError(`sink config: kind must be 'sqlite' or 'postgres'; got ${JSON.stringify(kind)}`);
  }
}

/**
 * Turns a sink URL into a {@link SinkConfig}:
 *
 * - `sqlite:./relative/path.db`, `sqlite:relative.db`, `sqlite:/absolute/path.db` or `sqlite:///absolute/path.db`
 *   (`sqlite::memory:` for an in-memory database);
 * - `postgres://…` or `postgresql://…` (the scheme in any case, as `pg` reads it), passed to `pg` as is, except a
 *   `schema=<name>` query parameter, which becomes {@link PostgresSinkConfig.schema}.
 *
 * @throws {SinkConfigError} for anything else; the message shows the URL with its password redacted.
 */
export function parseSinkUrl(url: string): SinkConfig {
  if (typeof url !== 'string' || url.trim() === '') {
    throw new SinkConfigError(`sink URL is empty; expected ${URL_EXAMPLES}`);
  }
  const trimmed = url.trim();
  if (/^sqlite:/i.test(trimmed)) {
    let path = trimmed.slice('sqlite:'.length);
    // `sqlite://host/…` has no meaning; `sqlite:///abs` is the URL spelling of `/abs`.
    if (path.startsWith('//')) {
      if (!path.startsWith('///')) {
        throw new SinkConfigError(
          `sink URL "${trimmed}": write sqlite:./relative.db or sqlite:/absolute.db (sqlite:// takes no host)`,
          { sink: 'sqlite' },
        );
      }
      path = path.slice(2);
    }
    if (path === '')
      throw new SinkConfigError(`sink URL "${trimmed}" has no file path; expected ${URL_EXAMPLES}`, { sink: 'sqlite' });
    return validateSinkConfig({ kind: 'sqlite', filename: path });
  }
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new SinkConfigError(
        `sink URL "${redactConnectionString(trimmed)}" is not a valid URL; expected ${URL_EXAMPLES}`,
        {
          sink: 'postgres',
        },
      );
    }
    const schema = parsed.searchParams.get('schema') ?? undefined;
    if (schema === undefined) return validateSinkConfig({ kind: 'postgres', connectionString: trimmed });
    parsed.searchParams.delete('schema');
    return validateSinkConfig({ kind: 'postgres', connectionString: parsed.toString(), schema });
  }
  throw new SinkConfigError(`unsupported sink URL "${redactConnectionString(trimmed)}"; expected ${URL_EXAMPLES}`);
}
