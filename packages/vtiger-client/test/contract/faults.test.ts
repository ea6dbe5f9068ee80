/**
 * Retries under injected faults, checked with the simulator's request counters: reads are retried (more requests
 * than calls, and they succeed); writes are sent exactly once.
 */
import {
  type VtigerClient,
  VtigerConnectionError,
  VtigerHttpError,
  type VtigerSession,
  VtigerTimeoutError,
} from '@vtiger-temporal/vtiger-client';
import { clientFor, type ContractTarget, simOf, simTarget } from './targets';

const target: ContractTarget = simTarget('stock', { records: 120 });
let client: VtigerClient;
let session: VtigerSession;

beforeAll(async () => {
  await target.setup();
  client = clientFor(target, { retry: { maxRetries: 6, baseDelayMs: 1, maxDelayMs: 5 } });
  session = await client.login();
});
afterEach(() => {
  simOf(target).setFaults({ http500Rate: 0, resetRate: 0, slowRate: 0, slowMs: 0 });
});
afterAll(async () => {
  await client.close();
  await target.teardown();
});

function queryRequests(): number {
  return simOf(target).counters().byOperation.query ?? 0;
}

test('reads survive injected HTTP 500s and connection resets by retrying', async () => {
  const sim = simOf(target);
  sim.setFaults({ http500Rate: 0.3, resetRate: 0.2 });
  sim.resetCounters();
  const calls = 20;
  for (let i = 0; i < calls; i++) {
    await expect(session.query('SELECT id FROM Contacts LIMIT 5;')).resolves.toHaveLength(5);
  }
  expect(queryRequests()).toBeGreaterThan(calls);
});

test('a write under a forced 500 throws and reaches the server exactly once', async () => {
  const sim = simOf(target);
  sim.setFaults({ http500Rate: 1 });
  sim.resetCounters();
  const err = await session
    .create('Contacts', { lastname: 'Never twice', assigned_user_id: session.userId })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(VtigerHttpError);
  expect(sim.counters().byOperation.create).toBe(1);
});

test('a write under a reset throws VtigerConnectionError and is not repeated', async () => {
  const sim = simOf(target);
  sim.setFaults({ resetRate: 1 });
  sim.resetCounters();
  const before = sim.records('Contacts').length;
  const err = await session
    .create('Contacts', { lastname: 'Reset once', assigned_user_id: session.userId })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(VtigerConnectionError);
  expect(sim.counters().byOperation.create).toBe(1);
  sim.setFaults({ resetRate: 0 });
  expect(sim.records('Contacts').length).toBeLessThanOrEqual(before + 1);
});

test('a slow server hits the per-request timeout; reads retry it, then give up with VtigerTimeoutError', async () => {
  const sim = simOf(target);
  sim.setFaults({ slowRate: 1, slowMs: 400 });
  sim.resetCounters();
  const quick = clientFor(target, { timeoutMs: 100, retry: { maxRetries: 1, baseDelayMs: 1 } });
  const started = Date.now();
  const err = await quick
    .session(session.toJSON())
    .query('SELECT id FROM Contacts LIMIT 1;')
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(VtigerTimeoutError);
  expect(Date.now() - started).toBeLessThan(2000);
  expect(queryRequests()).toBe(2);
  await quick.close();
});

test('aborting a slow call returns promptly without retrying', async () => {
  const sim = simOf(target);
  sim.setFaults({ slowRate: 1, slowMs: 1000 });
  sim.resetCounters();
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const started = Date.now();
  await expect(session.query('SELECT id FROM Contacts LIMIT 1;', { signal: controller.signal })).rejects.toThrow(
    /aborted by the caller/,
  );
  expect(Date.now() - started).toBeLessThan(900);
  expect(queryRequests()).toBe(1);
});
