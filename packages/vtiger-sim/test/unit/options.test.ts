import { createVtigerSimHandler, VtigerSimConfigError } from '@vtiger-temporal/vtiger-sim';

test.each([
  [{ port: -1 }, /port must be an integer/],
  [{ profile: 'php7' as never }, /profile must be 'stock' or 'compat'/],
  [{ idleTimeoutSeconds: 0 }, /idleTimeoutSeconds must be a positive number/],
  [{ records: { Groups: 3 } }, /"Groups" is not an entity module/],
  [{ records: 1.5 }, /records must be a non-negative integer/],
  [{ faults: { http500Rate: 2 } }, /faults.http500Rate must be a probability/],
  [{ latency: { otherMs: -1 } }, /latency.otherMs must be a non-negative number/],
  [{ users: [{ username: 'x' }] }, /at least one active admin/],
  [{ users: [{ username: 'a', isAdmin: true }, { username: 'A' }] }, /duplicate username/],
])('invalid options %j are rejected with an actionable VtigerSimConfigError', (options, message) => {
  expect(() => createVtigerSimHandler(options)).toThrow(VtigerSimConfigError);
  expect(() => createVtigerSimHandler(options)).toThrow(message);
});

test('given access keys are used; others are 16 chars derived from the seed', () => {
  const a = createVtigerSimHandler({
    records: 0,
    seed: 5,
    users: [{ username: 'boss', isAdmin: true, accessKey: 'qyLG6ozhEnY22Sox' }, { username: 'temp' }],
  });
  expect(a.admin).toEqual({ username: 'boss', accessKey: 'qyLG6ozhEnY22Sox', userId: '19x1' });
  expect(a.users[1]).toMatchObject({ username: 'temp', userId: '19x5', isAdmin: false, active: true });
  const b = createVtigerSimHandler({ records: 0, seed: 5 });
  const c = createVtigerSimHandler({ records: 0, seed: 5 });
  const d = createVtigerSimHandler({ records: 0, seed: 6 });
  expect(b.admin.accessKey).toMatch(/^[A-Za-z0-9]{16}$/);
  expect(c.admin.accessKey).toBe(b.admin.accessKey);
  expect(d.admin.accessKey).not.toBe(b.admin.accessKey);
});

test('seeded data is deterministic for a seed and epoch, and different for another seed', () => {
  const options = { records: 30, seed: 42, dataEpochMs: Date.UTC(2026, 0, 1) };
  const a = createVtigerSimHandler(options).records('Contacts');
  const b = createVtigerSimHandler(options).records('Contacts');
  const c = createVtigerSimHandler({ ...options, seed: 43 }).records('Contacts');
  expect(a).toEqual(b);
  expect(c).not.toEqual(a);
  expect(a.some((r) => /[^\x20-\x7e]/.test(r.lastname ?? '') || /[^\x20-\x7e]/.test(r.firstname ?? ''))).toBe(true);
  expect(a.every((r) => (r.modifiedtime as string) >= (r.createdtime as string))).toBe(true);
  expect(a.every((r) => (r.modifiedtime as string) < '2026-01-01 00:00:00')).toBe(true);
});
