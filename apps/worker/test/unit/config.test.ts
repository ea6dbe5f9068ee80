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
