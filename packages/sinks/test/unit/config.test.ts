import {
  SinkConfigError,
  type SinkConfig,
  openSink,
  parseSinkUrl,
  redactConnectionString,
  validateSinkConfig,
} from '@vtiger-temporal/sinks';

describe('parseSinkUrl', () => {
  test.each([
    ['sqlite:./data/vtiger.db', './data/vtiger.db'],
    ['sqlite:vtiger.db', 'vtiger.db'],
    ['sqlite:/var/lib/vtiger/sync.db', '/var/lib/vtiger/sync.db'],
    ['sqlite:///var/lib/vtiger/sync.db', '/var/lib/vtiger/sync.db'],
    ['sqlite::memory:', ':memory:'],
  ])('%s is a SQLite file %s', (url, filename) => {
    expect(parseSinkUrl(url)).toEqual({ kind: 'sqlite', filename });
  });

  test.each(['postgres://sync:pw@db.internal:5432/crm', 'postgresql://db.internal/crm?sslmode=require'])(
    '%s is passed to pg as is',
    (url) => {
      expect(parseSinkUrl(url)).toEqual({ kind: 'postgres', connectionString: url });
    },
  );

  test('a postgres URL scheme in upper case is a valid postgres config, as pg reads it', () => {
    const url = 'POSTGRES://u:pw@127.0.0.1:5432/test';
    const config = parseSinkUrl(url);
    expect(config).toEqual({ kind: 'postgres', connectionString: url });
    expect(validateSinkConfig(config)).toEqual(config);
    expect(parseSinkUrl('PostgreSQL://u:pw@127.0.0.1:5432/test')).toMatchObject({ kind: 'postgres' });
  });

  test('a schema query parameter becomes the schema and leaves the connection string', () => {
    expect(parseSinkUrl('postgres://sync@db:5432/crm?sslmode=require&schema=vtiger')).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://sync@db:5432/crm?sslmode=require',
      schema: 'vtiger',
    });
  });

  test.each([
    ['', /sink URL is empty; expected sqlite:\.\/data\/vtiger\.db/],
    ['sqlite:', /has no file path/],
    ['sqlite://host/file.db', /sqlite:\/\/ takes no host/],
    ['postgres://db/crm?schema=bad-name', /schema must be a plain SQL identifier/],
    ['mysql://root:hunter2@db/crm', /unsupported sink URL "mysql:\/\/root:\*\*\*@db\/crm"/],
    ['./data/vtiger.db', /unsupported sink URL ".\/data\/vtiger.db"; expected sqlite:/],
  ])('%j is rejected with an actionable SinkConfigError', (url, message) => {
    expect(() => parseSinkUrl(url)).toThrow(SinkConfigError);
    expect(() => parseSinkUrl(url)).toThrow(message);
  });

  test('an error for a malformed postgres URL never shows its password', () => {
    expect(() => parseSinkUrl('postgres://sync:p%ss@db:99999/crm')).toThrow(SinkConfigError);
    try {
      parseSinkUrl('postgres://sync:p%ss@db:99999/crm');
    } catch (error) {
      expect((error as Error).message).toContain('postgres://sync:***@db:99999/crm');
      expect((error as Error).message).not.toContain('p%ss');
    }
  });
});

describe('openSink validation', () => {
  test.each<[unknown, RegExp]>([
    [undefined, /sink config must be an object like \{ kind: 'sqlite', filename/],
    [{ kind: 'mongo' }, /kind must be 'sqlite' or 'postgres'; got "mongo"/],
    [{ kind: 'sqlite' }, /kind 'sqlite' needs filename, a non-empty path/],
    [{ kind: 'sqlite', filename: '  ' }, /kind 'sqlite' needs filename/],
    [
      { kind: 'postgres' },
      /kind 'postgres' needs connectionString like postgres:\/\/user:password@host:5432\/db; got undefined/,
    ],
    [{ kind: 'postgres', connectionString: 'http://u:topsecret@h/db' }, /got "http:\/\/u:\*\*\*@h\/db"/],
    [
      { kind: 'postgres', connectionString: { password: 'topsecret' } },
      /needs connectionString like .*; got an object$/,
    ],
    [{ kind: 'postgres', connectionString: 'postgres://h/db', schema: 'a.b' }, /schema must be a plain SQL identifier/],
  ])('%j is rejected', async (config, message) => {
    const opening = openSink(config as SinkConfig);
    await expect(opening).rejects.toThrow(SinkConfigError);
    await expect(opening).rejects.toThrow(message);
    await expect(opening).rejects.toMatchObject({ retryable: false, operation: 'open' });
  });
});

describe('redactConnectionString', () => {
  test.each([
    ['postgres://user:PASSWORD@host:5432/db', 'postgres://user:***@host:5432/db'],
    ['postgresql://user:p%40ss@host/db?sslmode=require', 'postgresql://user:***@host/db?sslmode=require'],
    ['connect to postgres://u:x@h/d failed', 'connect to postgres://u:***@h/d failed'],
    ['postgres://user@host/db', 'postgres://user@host/db'],
    ['host=db user=sync password=hunter2 dbname=crm', 'host=db user=sync password=*** dbname=crm'],
    ["password='with space' host=db", 'password=*** host=db'],
  ])('%s → %s', (input, output) => {
    expect(redactConnectionString(input)).toBe(output);
  });
});
