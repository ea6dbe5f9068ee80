/**
 * Session death by idleness and keep-alive with extendSession, on a simulator whose idle window is 0.6 s
 * (a real Vtiger's is PHP's session.gc_maxlifetime, 24 minutes by default: too long for a test).
 */
import { type VtigerClient, VtigerHttpError, VtigerSessionError } from '@vtiger-temporal/vtiger-client';
import { clientFor, type ContractTarget, simOf, simTarget } from './targets';

const IDLE_S = 0.6;
const target: ContractTarget = simTarget('stock', { idleTimeoutSeconds: IDLE_S, records: 20 });
let client: VtigerClient;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  await target.setup();
  client = clientFor(target);
});
afterAll(async () => {
  await client.close();
  await target.teardown();
});

test('a session left idle longer than the window dies with INVALID_SESSIONID', async () => {
  const session = await client.login();
  await expect(session.count('Contacts')).resolves.toBe(20);
  await sleep(IDLE_S * 1000 * 2);
  const err = await session.count('Contacts').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(VtigerSessionError);
  expect((err as VtigerSessionError).code).toBe('INVALID_SESSIONID');
  expect((err as Error).message).toMatch(/log in again/);
});

test('extendSession keeps a session alive across several idle windows', async () => {
  const session = await client.login();
  const until = Date.now() + IDLE_S * 1000 * 4;
  while (Date.now() < until) {
    await sleep(IDLE_S * 1000 * 0.25);
    await expect(session.extendSession()).resolves.toMatchObject({ sessionName: session.sessionName });
  }
  await expect(session.count('Contacts')).resolves.toBe(20);
});

test('extendSession cannot revive a dead session; afterwards the id is poisoned (HTTP 500)', async () => {
  const session = await client.login();
  await sleep(IDLE_S * 1000 * 2);
  const err = await session.extendSession().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(VtigerSessionError);
  expect((err as VtigerSessionError).code).toBe('AUTHENTICATION_FAILURE');
  const poisoned = await session.listTypes().catch((e: unknown) => e);
  expect(poisoned).toBeInstanceOf(VtigerHttpError);
  expect((poisoned as VtigerHttpError).status).toBe(500);
  expect((poisoned as Error).message).toMatch(/extendsession/);
});

test('a session killed on the server is reported as VtigerSessionError, and a new login works', async () => {
  const session = await client.login();
  simOf(target).killSession(session.sessionName);
  await expect(session.describe('Contacts')).rejects.toBeInstanceOf(VtigerSessionError);
  const again = await client.login();
  await expect(again.count('Contacts')).resolves.toBe(20);
});
