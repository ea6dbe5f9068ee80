import { EPOCH_WATERMARK, nextWatermark, shiftDateTime } from '@vtiger-temporal/workflows';

test('shiftDateTime moves a Vtiger date-time across day, month and year boundaries', () => {
  expect(shiftDateTime('2026-03-01 00:00:30', -60_000)).toBe('2026-02-28 23:59:30');
  expect(shiftDateTime('2027-01-01 00:00:00', -1)).toBe('2026-12-31 23:59:59');
  expect(shiftDateTime('2024-02-29 12:00:00', 86_400_000)).toBe('2024-03-01 12:00:00');
  expect(shiftDateTime('1970-01-01 00:00:10', -60_000)).toBe(EPOCH_WATERMARK);
  expect(() => shiftDateTime('2026-03-01T00:00:30Z', 0)).toThrow(/YYYY-MM-DD HH:MM:SS/);
});

test('the next watermark looks back by the pass duration plus the overlap', () => {
  // A pass of 90 s that read up to 12:10:00 with a 60 s overlap: the next pass reads from 12:07:30.
  expect(nextWatermark(undefined, '2026-11-27 12:10:00', 90_000, 60_000)).toBe('2026-11-27 12:07:30');
});

test('the watermark never moves backwards and stays put when a pass read nothing', () => {
  expect(nextWatermark('2026-11-27 12:09:00', '2026-11-27 12:10:00', 90_000, 60_000)).toBe('2026-11-27 12:09:00');
  expect(nextWatermark('2026-11-27 12:09:00', undefined, 1000, 0)).toBe('2026-11-27 12:09:00');
  expect(nextWatermark(undefined, undefined, 1000, 0)).toBe(EPOCH_WATERMARK);
});

test('a record modified while a pass ran is never below the next watermark', () => {
  // Simulated server timeline in seconds: the pass starts at S, runs D; records read have modifiedtime <= S + D.
  const base = Date.UTC(2026, 10, 27, 12, 0, 0);
  const fmt = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  for (const [startOffset, durationS, maxReadOffset] of [
    [0, 30, 30],
    [0, 30, 5],
    [100, 1, 101],
    [100, 0, 50],
  ] as const) {
    const S = base + startOffset * 1000;
    const maxRead = base + maxReadOffset * 1000;
    const w = nextWatermark(undefined, fmt(maxRead), durationS * 1000, 0);
    // Anything modified at or after S (during or after the pass) qualifies for `modifiedtime >= w`.
    expect(fmt(S) >= w).toBe(true);
  }
});
