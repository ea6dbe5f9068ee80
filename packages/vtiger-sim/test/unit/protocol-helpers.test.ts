import { LISTTYPES, md5AccessKey, VTIGER_API_VERSION } from '@vtiger-temporal/vtiger-sim';

test('accessKey is md5(token + userAccessKey) in lowercase hex (test vector of reference §14)', () => {
  expect(md5AccessKey('6b09ec035f77f', 'qyLG6ozhEnY22Sox')).toBe('1e9cf167a4fff79ff8ff8a4197033b0b');
});

test('the captured listtypes has 35 types incl. Users and the non-entities', () => {
  expect(LISTTYPES.types).toHaveLength(35);
  expect(LISTTYPES.types).toEqual(expect.arrayContaining(['Contacts', 'Users', 'Groups', 'Currency', 'LineItem']));
  expect(LISTTYPES.information.Groups?.isEntity).toBe(false);
  expect(VTIGER_API_VERSION).toBe('0.22');
});
