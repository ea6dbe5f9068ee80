import fs from 'node:fs';
import path from 'node:path';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { FailureTypes } from '@vtiger-temporal/common';
import type { SyncInput } from '@vtiger-temporal/workflows';
import { temporalCli } from '../support/harness';
import { spawnWorkerProcess } from '../support/worker-process';
import {
  activityStarts,
  drillFixture,
  drillTaskQueue,
  firstFailure,
  startSync,
  storedRows,
  workerProcessEnv,
} from './drill';

// Drill: bad input from every door. Workflow input from a client or from the `temporal` CLI fails the workflow at
// once with a non-retryable failure naming the field (no activity at all for what the input alone shows, one
// unretried activity for what only the worker knows); the worker's own configuration stops the process with exit
// code 2 and a message naming the variable, without echoing a secret. Nothing reaches the sink.

const MODULE = 'Contacts';
const drill = drillFixture({ sim: { records: { [MODULE]: 120 }, seed: 67 } });
let taskQueue: string;

beforeAll(async () => {
  taskQueue = drillTaskQueue('input');
  await drill.spawnWorker(workerProcessEnv({ sim: drill.sim, sinkUrl: drill.sinkUrl, taskQueue })).ready();
});

/** Expects the workflow to have failed non-retryably with `type`/`message`, after `activities` (each tried once). */
async function expectRejected(
  handle: WorkflowHandle,
  type: string,
  message: RegExp,
  activities: string[],
): Promise<void> {
  const { client, sink } = drill;
  const failure = await firstFailure(handle, 30_000);
  expect(failure).toMatchObject({ kind: 'workflow-failed', type, nonRetryable: true });
  expect(failure.message).toMatch(message);
  const starts = await activityStarts(client, handle);
  expect(starts.map((s) => s.activityType)).toEqual(activities);
  expect(starts.every((s) => s.attempt === 1)).toBe(true);
  expect(await storedRows(sink, MODULE)).toBe(0);
}

describe('workflow input from a client', () => {
  test.each<[string, unknown, string, RegExp, string[]]>([
    ['no input object', null, FailureTypes.Input, /input must be a JSON object like \{"modules"/, []],
    ['no modules', { modules: [] }, FailureTypes.Input, /modules must be a non-empty array of module names/, []],
    [
      'a page larger than Vtiger serves',
      { modules: [MODULE], pageSize: 500 },
      FailureTypes.Input,
      /pageSize must be a whole number from 1 to 100; got 500/,
      [],
    ],
    [
      'a heartbeat timeout too short to be met',
      { modules: [MODULE], heartbeatTimeout: '10ms' },
      FailureTypes.Input,
      /heartbeatTimeout must be between 1 s and/,
      [],
    ],
    [
      'no lane',
      { modules: [MODULE], lanes: 0 },
      FailureTypes.Input,
      /lanes must be a whole number from 1 to 16; got 0/,
      [],
    ],
    [
      'a connection profile the worker does not have',
      { modules: [MODULE], connection: 'crm2' },
      FailureTypes.UnknownConnection,
      /Unknown connection profile "crm2": this worker is configured with "default"/,
      ['login'],
    ],
    [
      'a module this Vtiger user cannot see',
      { modules: [MODULE, 'Invoicez'] },
      FailureTypes.Input,
      /modules names "Invoicez", which this Vtiger user cannot access/,
      ['login', 'listTypes', 'logout'],
    ],
    [
      'a sink profile the worker does not have',
      { modules: [MODULE], sink: 'warehouse' },
      FailureTypes.UnknownSink,
      /Unknown sink profile "warehouse": this worker is configured with "default"/,
      ['login', 'listTypes', 'query', 'syncBatch', 'logout'],
    ],
  ])('%s', async (_what, input, type, message, activities) => {
    const handle = await startSync(drill.client, taskQueue, 'bad-input', input as SyncInput);
    await expectRejected(handle, type, message, activities);
  });

  // A keepAliveInterval over half of idleTimeout is caught by validateSyncInput, before any login (it used to be
  // caught only after the module check had logged in, leaving that session to idle out on Vtiger).
  test('a keep-alive slower than the server forgets sessions', async () => {
    const handle = await startSync(drill.client, taskQueue, 'bad-input', {
      modules: [MODULE],
      keepAliveInterval: '20 minutes',
    });
    await expectRejected(handle, FailureTypes.Input, /keepAliveInterval/, []);
  });
});

describe('workflow input from the temporal CLI', () => {
  const cliStart = (workflowId: string, input: string | undefined): Promise<string> =>
    temporalCli([
      'workflow',
      'start',
      '--task-queue',
      taskQueue,
      '--type',
      'vtigerSyncWorkflow',
      '--workflow-id',
      workflowId,
      ...(input === undefined ? [] : ['--input', input]),
    ]);
  const newId = (): string => `drill-cli-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;

  test('text that is not JSON is refused by the CLI itself: no workflow is started', async () => {
    const id = newId();
    await expect(cliStart(id, '{modules: [Contacts]}')).rejects.toThrow(/input #1 is not valid JSON/);
    await expect(drill.client.workflow.getHandle(id).describe()).rejects.toThrow(WorkflowNotFoundError);
  });

  test.each<[string, string | undefined, RegExp]>([
    ['no --input at all', undefined, /input must be a JSON object like .*; got undefined/],
    ['a JSON array', '["Contacts"]', /input must be a JSON object like .*; got \["Contacts"\]/],
    [
      'a number as a string',
      '{"modules":["Contacts"],"lanes":"2"}',
      /lanes must be a whole number from 1 to 16; got "2"/,
    ],
    [
      'a misspelt field',
      '{"modules":["Contacts"],"pagesize":50}',
      /pagesize is not a field of the input; the fields are connection, modules, mode/,
    ],
    [
      'internal state written by hand',
      '{"modules":["Contacts"],"carry":{"run":0}}',
      /carry does not match `modules`; it is internal state, leave it out/,
    ],
  ])('%s', async (_what, input, message) => {
    const id = newId();
    await cliStart(id, input);
    await expectRejected(drill.client.workflow.getHandle(id), FailureTypes.Input, message, []);
  });
});

describe('worker configuration: exit code 2, a message naming the variable, no secret echoed', () => {
  const ACCESS_KEY = 'Zq8ACCESSKEYq8Zq';
  const PASSWORD = 'pa55w0rdSECRET';
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(path.dirname(drill.sinkUrl.slice('sqlite:'.length)), 'config-'));
  });

  /** Runs the worker process with `env` (a valid default connection and sink unless overridden). */
  async function runWorker(env: Record<string, string | undefined>) {
    const base: Record<string, string | undefined> = {
      // Nothing listens there: a configuration that passes fails fast at connect (exit 1), never hangs.
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      VTIGER_URL: 'https://crm.example.com',
      VTIGER_USERNAME: 'sync',
      VTIGER_ACCESS_KEY: ACCESS_KEY,
      VTIGER_SINK_URL: `sqlite:${path.join(dir, 'sink.db')}`,
      ...env,
    };
    const defined = Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined));
    const child = spawnWorkerProcess(defined);
    const exit = await child.exited;
    return { ...exit, output: child.output() };
  }

  const file = (name: string, content: unknown): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, JSON.stringify(content));
    return p;
  };

  test.each<[string, () => Record<string, string | undefined>, RegExp]>([
    [
      'an access key missing',
      () => ({ VTIGER_ACCESS_KEY: undefined }),
      /VTIGER_ACCESS_KEY missing \(VTIGER_URL, VTIGER_USERNAME set\)/,
    ],
    [
      'a URL without a scheme',
      () => ({ VTIGER_URL: 'crm.example.com' }),
      /url "crm.example.com" is not an http\(s\) URL/,
    ],
    [
      'a PostgreSQL sink URL with a bad schema',
      () => ({ VTIGER_SINK_URL: `postgres://sync:${PASSWORD}@db:5432/crm?schema=bad name` }),
      /VTIGER_SINK_URL: sink config: schema must be a plain SQL identifier/,
    ],
    [
      'an unsupported sink URL',
      () => ({ VTIGER_SINK_URL: `mysql://sync:${PASSWORD}@db/crm` }),
      /VTIGER_SINK_URL: unsupported sink URL "mysql:\/\/sync:\*\*\*@db\/crm"/,
    ],
    [
      'a codec key of the wrong size',
      () => ({ VTIGER_TEMPORAL_CODEC_KEY: PASSWORD }),
      /VTIGER_TEMPORAL_CODEC_KEY must be 32 bytes as 64 hex characters or base64/,
    ],
    [
      'a non-numeric activity limit',
      () => ({ VTIGER_TEMPORAL_MAX_ACTIVITIES: 'lots' }),
      /VTIGER_TEMPORAL_MAX_ACTIVITIES must be a positive integer, got "lots"/,
    ],
    [
      'a connections file that does not exist',
      () => ({ VTIGER_CONNECTIONS_FILE: path.join(dir, 'missing.json') }),
      /VTIGER_CONNECTIONS_FILE .*missing\.json cannot be read as JSON: ENOENT/,
    ],
    [
      'a connections file with a profile missing its access key',
      () => ({
        VTIGER_CONNECTIONS_FILE: file('no-key.json', { crm2: { url: 'https://crm2.example.com', username: 'sync' } }),
      }),
      /connection "crm2": `accessKey` is missing or empty/,
    ],
    [
      'a connections file with a bad URL next to a real access key',
      () => ({
        VTIGER_CONNECTIONS_FILE: file('bad-url.json', {
          crm2: { url: 'crm2.example.com', username: 'sync', accessKey: ACCESS_KEY },
        }),
      }),
      /connection "crm2": url "crm2.example.com" is not an http\(s\) URL/,
    ],
  ])('%s', async (_what, env, message) => {
    const result = await runWorker(env());
    expect(result.code).toBe(2);
    expect(result.output).toMatch(/^The worker's configuration is not usable:/);
    expect(result.output).toMatch(message);
    expect(result.output).not.toContain(ACCESS_KEY);
    expect(result.output).not.toContain(PASSWORD);
    expect(result.output).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  // Credentials in the connection URL are refused at start, and whatever URL a message echoes is redacted.
  test.each<[string, string]>([
    ['an https URL with a password in it', `https://sync:${PASSWORD}@crm.example.com`],
    ['an ftp URL with a password in it', `ftp://sync:${PASSWORD}@crm.example.com`],
  ])('%s', async (_what, url) => {
    const result = await runWorker({ VTIGER_URL: url });
    expect(result.code).toBe(2);
    expect(result.output).toMatch(/connection "default": url .*(credentials|not an http\(s\) URL)/);
    expect(result.output).not.toContain(PASSWORD);
  });

  // An unreachable Temporal server is a runtime failure (exit code 1) whose message names the address and the setting.
  test('an unreachable Temporal server: exit code 1 and a message naming TEMPORAL_ADDRESS', async () => {
    const result = await runWorker({});
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/127\.0\.0\.1:1/);
    expect(result.output).toMatch(/TEMPORAL_ADDRESS/);
    expect(result.output).not.toContain(ACCESS_KEY);
  });
});
