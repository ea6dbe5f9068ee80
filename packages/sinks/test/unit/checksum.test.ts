import { createHash } from 'node:crypto';
import { SinkInputError, type SinkRecord, checksumRecords } from '@vtiger-temporal/sinks';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('checksumRecords', () => {
  test('hashes id, modifiedtime and canonical JSON lines in crmid order', () => {
    const records: SinkRecord[] = [
      { id: '12x10', modifiedtime: '2024-01-02 03:04:05', data: { b: '2', a: '1' } },
      { id: '12x9', modifiedtime: '2024-01-01 00:00:00', data: { z: 'x' } },
    ];
    expect(checksumRecords(records)).toEqual({
      count: 2,
      sha256: sha256('12x9\t2024-01-01 00:00:00\t{"z":"x"}\n12x10\t2024-01-02 03:04:05\t{"a":"1","b":"2"}\n'),
    });
  });

  test('does not depend on input order or key order', () => {
    const a = { id: '4x1', modifiedtime: '2024-01-01 00:00:00', data: { first: 'A', last: 'B' } };
    const b = { id: '4x2', modifiedtime: '2024-01-01 00:00:00', data: { last: 'D', first: 'C' } };
    expect(checksumRecords([a, b])).toEqual(checksumRecords([b, { ...a, data: { last: 'B', first: 'A' } }]));
  });

  test('changes when a field, the modifiedtime or the set of records changes', () => {
    const base: SinkRecord[] = [{ id: '4x1', modifiedtime: '2024-01-01 00:00:00', data: { city: 'Oslo' } }];
    const reference = checksumRecords(base).sha256;
    expect(checksumRecords([{ ...base[0]!, data: { city: 'Bergen' } }]).sha256).not.toBe(reference);
    expect(checksumRecords([{ ...base[0]!, modifiedtime: '2024-01-01 00:00:01' }]).sha256).not.toBe(reference);
    expect(checksumRecords([{ ...base[0]!, data: { city: 'Oslo', zip: '' } }]).sha256).not.toBe(reference);
    expect(checksumRecords([])).toEqual({ count: 0, sha256: sha256('') });
  });

  test('rejects ids that are not webservice ids', () => {
    expect(() => checksumRecords([{ id: 'abc', modifiedtime: '2024-01-01 00:00:00', data: {} }])).toThrow(
      SinkInputError,
    );
  });
});
