import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadWorkerConfig, WorkerConfigError } from '@vtiger-temporal/worker';

const base = { TEMPORAL_ADDRESS: '127.0.0.1:7233' };

test('VTIGER_URL/USERNAME/ACCESS_KEY make the default profile; the result is frozen', () => {
  const config = loadWorkerConfig({
    ...base,
    VTIGER_URL: 'http://127.0.0.1:1/',
    VTIGER_USERNAME: 'admin',
    VTIGER_ACCESS_KEY: 'k'.repeat(16),
  });
  expect(config.connections.default).toMatchObject({ url: 'http://127.0.0.1:1/', username: 'admin' });
  expect(config.taskQueue).toBe('vtiger');
  expect(config.temporal.connection.address).toBe('127.0.0.1:7233');
  expect(Object.isFrozen(config)).toBe(true);
  expect(Object.isFrozen(config.connections)).toBe(true);
});

test('no connection at all says what to set', () => {
  expect(() => loadWorkerConfig(base)).toThrow(WorkerConfigError);
  expect(() => loadWorkerConfig(base)).toThrow(/Set VTIGER_URL, VTIGER_USERNAME and VTIGER_ACCESS_KEY/);
});

test('a partial set names the missing variables and never echoes the key', () => {
  const attempt = () =>
    loadWorkerConfig({ ...base, VTIGER_URL: 'http://127.0.0.1:1', VTIGER_ACCESS_KEY: 'supersecretkey16' });
  expect(attempt).toThrow('VTIGER_USERNAME missing (VTIGER_URL, VTIGER_ACCESS_KEY set)');
  expect(attempt).not.toThrow(/supersecretkey16/);
});

test('a profiles file is validated profile by profile; every problem is listed', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-')), 'connections.json');
  fs.writeFileSync(
    file,
    JSON.stringify({ crm1: { url: 'ftp://x', username: 'a', accessKey: 'k' }, crm2: { url: 'http://h' } }),
  );
  let error: WorkerConfigError | undefined;
  try {
    loadWorkerConfig({ ...base, VTIGER_CONNECTIONS_FILE: file, VTIGER_TEMPORAL_MAX_ACTIVITIES: 'lots' });
  } catch (e) {
    error = e as WorkerConfigError;
  }
  expect(error?.problems).toEqual([
    'connection "crm1": url "ftp://x" is not an http(s) URL',
    'connection "crm2": `username` is missing or empty',
    'connection "crm2": `accessKey` is missing or empty',
    'VTIGER_TEMPORAL_MAX_ACTIVITIES must be a positive integer, got "lots"',
  ]);
});

test('a malformed codec key is refused', () => {
  expect(() =>
    loadWorkerConfig({
      ...base,
      VTIGER_URL: 'http://127.0.0.1:1',
      VTIGER_USERNAME: 'a',
      VTIGER_ACCESS_KEY: 'k',
      VTIGER_TEMPORAL_CODEC_KEY: 'abc',
    }),
  ).toThrow('VTIGER_TEMPORAL_CODEC_KEY must be 32 bytes as 64 hex characters or base64');
});

const vtiger = { VTIGER_URL: 'http://127.0.0.1:1/', VTIGER_USERNAME: 'admin', VTIGER_ACCESS_KEY: 'k'.repeat(16) };

test('sinks: VTIGER_SINK_URL is the default profile (a local SQLite file when unset); a sinks file adds more', () => {
  expect(loadWorkerConfig({ ...base, ...vtiger }).sinks.default).toEqual({
    kind: 'sqlite',
    filename: './vtiger-sync.db',
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinks-'));
  const file = path.join(dir, 'sinks.json');
  fs.writeFileSync(file, JSON.stringify({ warehouse: 'postgres://sync:pw@127.0.0.1:5432/test?schema=crm' }));
  const config = loadWorkerConfig({
    ...base,
    ...vtiger,
    VTIGER_SINK_URL: 'sqlite:/var/lib/vtiger/sync.db',
    VTIGER_SINKS_FILE: file,
  });
  expect(config.sinks).toEqual({
    default: { kind: 'sqlite', filename: '/var/lib/vtiger/sync.db' },
    warehouse: { kind: 'postgres', connectionString: 'postgres://sync:pw@127.0.0.1:5432/test', schema: 'crm' },
  });
});

test('sinks: a bad URL is refused at start, naming the variable, with the password redacted', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinks-'));
  const file = path.join(dir, 'sinks.json');
  fs.writeFileSync(file, JSON.stringify({ a: 'mysql://root:hunter2@127.0.0.1/db', b: 42 }));
  let error: WorkerConfigError | undefined;
  try {
    loadWorkerConfig({ ...base, ...vtiger, VTIGER_SINK_URL: 'sqlite://host/x.db', VTIGER_SINKS_FILE: file });
  } catch (e) {
    error = e as WorkerConfigError;
  }
  expect(error).toBeInstanceOf(WorkerConfigError);
  expect(error!.problems).toEqual([
    expect.stringMatching(/^VTIGER_SINK_URL: .*sqlite:\/\/ takes no host/),
    expect.stringMatching(/^VTIGER_SINKS_FILE: unsupported sink URL "mysql:\/\/root:\*+@127\.0\.0\.1\/db"/),
    'VTIGER_SINKS_FILE: sink "b" must be a URL string like sqlite:./vtiger-sync.db',
  ]);
  expect(error!.message).not.toContain('hunter2');
});
