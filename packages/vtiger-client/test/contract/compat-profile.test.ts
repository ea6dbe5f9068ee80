/** The simulator's compat profile: a Vtiger whose dispatcher passes arguments positionally, so sync and logout work. */
import {
  VtigerAccessDeniedError,
  type VtigerClient,
  VtigerConfigError,
  VtigerSessionError,
} from '@vtiger-temporal/vtiger-client';
import { clientFor, type ContractTarget, simTarget } from './targets';

const target: ContractTarget = simTarget('compat', { records: 30 });
let client: VtigerClient;

beforeAll(async () => {
  await target.setup();
  client = clientFor(target);
});
afterAll(async () => {
  await client.close();
  await target.teardown();
});

test('sync returns updated records, more and a numeric lastModifiedTime', async () => {
  const session = await client.login();
  const first = await session.sync(1, 'Contacts');
  expect(first.updated.length).toBeGreaterThan(0);
  expect(typeof first.more).toBe('boolean');
  expect(typeof first.lastModifiedTime).toBe('number');
  expect(first.lastModifiedTime).toBeGreaterThan(1);
  expect(first.updated[0]?.id).toMatch(/^\d+x\d+$/);
  const later = await session.sync(first.lastModifiedTime, 'Contacts');
  if (!first.more) expect(later.updated).toEqual([]);
});

test('sync of Users answers the input back as a string; the client normalises it to a number', async () => {
  const session = await client.login();
  await expect(session.sync(1, 'Users')).resolves.toEqual({
    updated: [],
    deleted: [],
    more: false,
    lastModifiedTime: 1,
  });
});

test('sync refuses modifiedTime 0 before sending, and an unknown module is ACCESS_DENIED', async () => {
  const session = await client.login();
  await expect(session.sync(0, 'Contacts')).rejects.toBeInstanceOf(VtigerConfigError);
  await expect(session.sync(1, 'Nope')).rejects.toBeInstanceOf(VtigerAccessDeniedError);
});

test('logout works, and the session is dead afterwards', async () => {
  const session = await client.login();
  await expect(session.logout()).resolves.toBeUndefined();
  const err = await session.listTypes().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(VtigerSessionError);
  expect((err as VtigerSessionError).code).toBe('INVALID_SESSIONID');
});
