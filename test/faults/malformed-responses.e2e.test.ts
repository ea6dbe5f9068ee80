import type { WorkflowHandle } from '@temporalio/client';
import { FailureTypes } from '@vtiger-temporal/common';
import { compareSinkWithSim, openTestSink, tempSqliteUrl } from '../support/sync';
import { spawnWorkerProcess } from '../support/worker-process';
import {
  drillFixture,
  drillTaskQueue,
  firstFailure,
  pendingFailure,
  startSync,
  storedRows,
  waitFor,
  workerProcessEnv,
} from './drill';
import { startVtigerProxy, type ProxyAnswer, type ProxiedRequest, type Tamper, type VtigerProxy } from './vtiger-proxy';

// Drill: Vtiger (or whatever stands in front of it) answers with something that is not a proper webservice answer.
// The simulator only produces faithful answers, so a tampering proxy in front of it replaces them. Malformed answers
// are permanent: the batch fails non-retryably with a failure that says what was wrong, the workflow fails, and not
// one row reaches the sink. Gateway errors and DATABASE_QUERY_ERROR are transient: the batch keeps being retried,
// still writing nothing, and once Vtiger answers properly the sync completes exactly.

const MODULE = 'Contacts';
const drill = drillFixture({ sim: { records: { [MODULE]: 300 }, seed: 66 } });
let proxy: VtigerProxy;
let taskQueue: string;

beforeAll(async () => {
  proxy = await startVtigerProxy(drill.sim.url);
  taskQueue = drillTaskQueue('malformed');
  const env = workerProcessEnv({ sim: drill.sim, sinkUrl: drill.sinkUrl, taskQueue, vtigerUrl: proxy.url });
  await drill.spawnWorker(env).ready();
});

// After the fixture's own afterAll, which stops the worker.
afterAll(() => proxy?.close());

afterEach(() => proxy.setTamper(undefined));

/** The record pages of the sync (`SELECT * FROM Contacts …`), not its `count(*)`, login or listtypes. */
const isRecordPage = (r: ProxiedRequest): boolean =>
  r.operation === 'query' && /^SELECT \* FROM Contacts\b/.test(r.query ?? '');

/** Tampers with the record pages only: `replace` gets the simulator's answer and returns what to send instead. */
const onRecordPages =
  (replace: (upstream: ProxyAnswer) => ProxyAnswer): Tamper =>
  (request, upstream) =>
    isRecordPage(request) ? replace(upstream) : undefined;

const json = (body: unknown): ProxyAnswer => ({
  status: 200,
  contentType: 'application/json',
  body: JSON.stringify(body),
});

/** The simulator's page with one row changed. */
const withRow =
  (change: (row: Record<string, unknown>) => void) =>
  (upstream: ProxyAnswer): ProxyAnswer => {
    const envelope = JSON.parse(upstream.body) as { result: Record<string, unknown>[] };
    change(envelope.result[5]!);
    return json(envelope);
  };

const HTML_PAGE = '<!DOCTYPE html><html><head><title>Maintenance</title></head><body>Back soon</body></html>';

async function runUntilFailure(
  name: string,
): Promise<{ handle: WorkflowHandle; failure: Awaited<ReturnType<typeof firstFailure>> }> {
  const handle = await startSync(drill.client, taskQueue, name, { modules: [MODULE] });
  try {
    return { handle, failure: await firstFailure(handle, 30_000) };
  } finally {
    // A failure that Temporal would go on retrying is not what these cases want; stop it either way.
    await handle.terminate('drill over').catch(() => undefined);
  }
}

describe('a malformed answer fails the sync at once, non-retryably, with the reason, and writes nothing', () => {
  test.each<[string, Tamper, string, RegExp, string]>([
    [
      'a maintenance page (HTTP 200, HTML) instead of a page of records',
      onRecordPages(() => ({ status: 200, contentType: 'text/html; charset=UTF-8', body: HTML_PAGE })),
      FailureTypes.Protocol,
      /`query` with HTTP 200 and a body that is not JSON ".*Maintenance.*": an HTML page, so options.url probably does not point at the Vtiger site/,
      'syncBatch',
    ],
    [
      'JSON cut off half-way',
      onRecordPages((upstream) => ({ ...upstream, body: upstream.body.slice(0, upstream.body.length / 2) })),
      FailureTypes.Protocol,
      /`query` with HTTP 200 and a body that is not JSON/,
      'syncBatch',
    ],
    [
      'JSON that is not a Vtiger envelope',
      onRecordPages(() => json({ records: [] })),
      FailureTypes.Protocol,
      /`query` with HTTP 200 and JSON without a boolean "success"/,
      'syncBatch',
    ],
    [
      'a success envelope without a result',
      onRecordPages(() => json({ success: true })),
      FailureTypes.Protocol,
      /a success envelope without "result"/,
      'syncBatch',
    ],
    [
      'a failure envelope without an error code',
      onRecordPages(() => json({ success: false, error: { message: 'Something went wrong' } })),
      FailureTypes.Protocol,
      /a failure envelope without an error code/,
      'syncBatch',
    ],
    [
      'a row without its id',
      onRecordPages(withRow((row) => delete row.id)),
      FailureTypes.Input,
      /syncBatch: Contacts returned a row without a webservice id \(undefined\)/,
      'syncBatch',
    ],
    [
      'a row whose modifiedtime is not a date',
      onRecordPages(withRow((row) => (row.modifiedtime = 'yesterday'))),
      FailureTypes.SinkInput,
      /has modifiedtime "yesterday"; expected "YYYY-MM-DD HH:MM:SS" as Vtiger sends it/,
      'syncBatch',
    ],
    [
      'a web site instead of Vtiger (every webservice.php answer is an HTML page)',
      () => ({ status: 200, contentType: 'text/html; charset=UTF-8', body: HTML_PAGE }),
      FailureTypes.Protocol,
      /`getchallenge` with HTTP 200 and a body that is not JSON .*an HTML page, so options.url probably does not point at the Vtiger site/,
      'login',
    ],
  ])('%s', async (_what, tamper, type, message, activityType) => {
    const { sim, sink } = drill;
    proxy.setTamper(tamper);
    const tamperedBefore = proxy.tampered;
    const { failure } = await runUntilFailure('malformed');
    expect(proxy.tampered).toBeGreaterThan(tamperedBefore);
    expect(failure).toMatchObject({ kind: 'workflow-failed', type, nonRetryable: true, activityType });
    expect(failure.message).toMatch(message);
    // No secret in what Temporal recorded.
    expect(failure.message).not.toContain(sim.admin.accessKey);
    expect(await storedRows(sink, MODULE)).toBe(0);
  });

  // `{"success":true,"result":null}` once made `pages()` read `null.length`, a TypeError Temporal retried for minutes;
  // `query` now rejects a result that is not a list with a non-retryable VtigerProtocolError.
  test('a success envelope whose result is not a list of rows', async () => {
    const { sink } = drill;
    proxy.setTamper(onRecordPages(() => json({ success: true, result: null })));
    const { failure } = await runUntilFailure('null-result');
    expect(failure).toMatchObject({
      kind: 'workflow-failed',
      type: FailureTypes.Protocol,
      nonRetryable: true,
      activityType: 'syncBatch',
    });
    expect(await storedRows(sink, MODULE)).toBe(0);
  });
});

test('HTTP 502 from a gateway is transient: the batch is retried by the client, then by Temporal, nothing is written meanwhile, and once Vtiger answers properly the sink equals the simulator', async () => {
  const { sim, sink, client } = drill;
  expect(await storedRows(sink, MODULE)).toBe(0);
  proxy.setTamper(
    onRecordPages(() => ({ status: 502, contentType: 'text/html', body: '<html><h1>502 Bad Gateway</h1></html>' })),
  );
  const handle = await startSync(client, taskQueue, 'gateway', { modules: [MODULE] });
  // The client retries a 5xx read twice by itself; what outlives that fails the attempt, and Temporal retries it.
  const gateway = await waitFor('a batch retried by Temporal after 502s', async () => {
    const f = pendingFailure(await handle.describe());
    return f && f.attempt! >= 2 ? f : undefined;
  });
  expect(gateway).toMatchObject({ type: FailureTypes.Http, nonRetryable: false, activityType: 'syncBatch' });
  expect(gateway.message).toMatch(/Vtiger answered HTTP 502 to `query` at .*502 Bad Gateway/);
  expect(await storedRows(sink, MODULE)).toBe(0);

  proxy.setTamper(undefined);
  const result = await handle.result();
  expect(result.state).toBe('completed');
  const compared = await compareSinkWithSim(sink, sim, [MODULE]);
  expect(compared.sink).toEqual(compared.sim);
}, 60_000);

// The client marks DATABASE_QUERY_ERROR retryable and the activity reports it with nonRetryable=false; the retry
// policy no longer lists the type `VtigerApiError` as non-retryable, so a database hiccup does not fail the sync.
test('DATABASE_QUERY_ERROR is transient: the batch is retried, and once Vtiger recovers the sink equals the simulator', async () => {
  const { sim, client } = drill;
  const dbSink = tempSqliteUrl();
  const queue = drillTaskQueue('database');
  // A sink of its own: the 502 drill above filled the shared one.
  const dbWorker = spawnWorkerProcess(
    workerProcessEnv({ sim, sinkUrl: dbSink.url, taskQueue: queue, vtigerUrl: proxy.url }),
  );
  const ownSink = await openTestSink(dbSink.url);
  try {
    await dbWorker.ready();
    proxy.setTamper(
      onRecordPages(() =>
        json({
          success: false,
          error: { code: 'DATABASE_QUERY_ERROR', message: 'Database error while performing the operation' },
        }),
      ),
    );
    const handle = await startSync(client, queue, 'database', { modules: [MODULE] });
    const failure = await firstFailure(handle, 30_000);
    expect(failure).toMatchObject({
      kind: 'activity-retrying',
      type: FailureTypes.Api,
      nonRetryable: false,
      activityType: 'syncBatch',
    });
    expect(failure.message).toMatch(/DATABASE_QUERY_ERROR: Database error while performing the operation/);
    expect(await storedRows(ownSink, MODULE)).toBe(0);

    proxy.setTamper(undefined);
    const result = await handle.result();
    expect(result.state).toBe('completed');
    const compared = await compareSinkWithSim(ownSink, sim, [MODULE]);
    expect(compared.sink).toEqual(compared.sim);
  } finally {
    await ownSink.close();
    await dbWorker.stop();
    dbSink.cleanup();
  }
}, 60_000);
