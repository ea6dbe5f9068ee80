/**
 * Paths that need the simulator's known users or would be unsafe on a real instance: an inactive user, a non-admin
 * user's permissions, and the plain-text "restricted file" answer of changePassword.
 */
import {
  VtigerAccessDeniedError,
  VtigerAuthError,
  type VtigerClient,
  VtigerProtocolError,
} from '@vtiger-temporal/vtiger-client';
import { clientFor, type ContractTarget, simOf, simTarget } from './targets';

const target: ContractTarget = simTarget('stock', { records: 40 });
const clients: VtigerClient[] = [];

function userClient(username: string, accessKey: string): VtigerClient {
  const client = clientFor(target, { username, accessKey });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  await target.setup();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await target.teardown();
});

test('an inactive user is refused like a wrong key (INVALID_USER_CREDENTIALS), quickly', async () => {
  const inactive = simOf(target).users.find((u) => !u.active);
  expect(inactive).toBeDefined();
  const started = Date.now();
  const err = await userClient(inactive!.username, inactive!.accessKey)
    .login()
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(VtigerAuthError);
  expect((err as VtigerAuthError).code).toBe('INVALID_USER_CREDENTIALS');
  expect((err as Error).message).toContain(`user "${inactive!.username}"`);
  expect(Date.now() - started).toBeLessThan(2000);
});

test("a non-admin user cannot read the admin's records (ACCESS_DENIED) but reads his own", async () => {
  const sim = simOf(target);
  const user = sim.users.find((u) => u.active && !u.isAdmin)!;
  const session = await userClient(user.username, user.accessKey).login();
  const adminRecord = sim.records('Contacts').find((r) => r.assigned_user_id === sim.admin.userId)!;
  await expect(session.retrieve(adminRecord.id!)).rejects.toBeInstanceOf(VtigerAccessDeniedError);
  const own = sim.createRecord('Contacts', { lastname: 'Own record', assigned_user_id: user.userId });
  await expect(session.retrieve(own.id!)).resolves.toMatchObject({ id: own.id, lastname: 'Own record' });
});

test('changePassword answers HTTP 200 with plain text on stock Vtiger 8: VtigerProtocolError', async () => {
  const session = await userClient(target.username, target.accessKey).login();
  const err = await session
    .call(
      'changePassword',
      { id: session.userId!, oldPassword: 'a', newPassword: 'b', confirmPassword: 'b' },
      { method: 'POST' },
    )
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(VtigerProtocolError);
  expect((err as VtigerProtocolError).excerpt).toBe('Sorry! Attempt to access restricted file.');
  expect((err as Error).message).toMatch(/handler file is missing/);
});

test('call() reaches any registered operation with the right method', async () => {
  const session = await userClient(target.username, target.accessKey).login();
  const d = await session.call<{ name: string }>(
    'describe',
    { elementType: 'Accounts' },
    { method: 'GET', idempotent: true },
  );
  expect(d.name).toBe('Accounts');
  // Sent with the wrong method, the parameters are simply missing on the server (protocol §1).
  await expect(session.call('describe', { elementType: 'Accounts' }, { method: 'POST' })).rejects.toBeInstanceOf(
    VtigerAccessDeniedError,
  );
});
