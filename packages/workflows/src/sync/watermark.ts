/**
 * The incremental watermark: pure arithmetic on Vtiger's `YYYY-MM-DD HH:MM:SS` times (server clock, server time
 * zone; compared as text, shifted as if they were UTC, which is exact for any span that does not cross a DST change
 * of the server's zone; the overlap absorbs one that does if it is at least an hour).
 *
 * Why it is safe: a pass that started at server time S and ran for D (measured by the workflow) reads nothing newer
 * than S + D, so every record it read has `modifiedtime <= S + D`, and `max - D <= S`. A record modified while the
 * pass ran (at or after S), or after it, therefore has `modifiedtime >= max - D`. The next pass reads from
 * `max - D - overlap` (`>=`, so a record sharing the second is read again). Re-reads are harmless: sink upserts are
 * idempotent on (id, modifiedtime). The server's clock and zone are never compared with the workflow's clock.
 */

const DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** The watermark before anything was read: every record qualifies. */
export const EPOCH_WATERMARK = '1970-01-01 00:00:00';

/** True for Vtiger's `YYYY-MM-DD HH:MM:SS`. */
export function isVtigerDateTime(value: unknown): value is string {
  return typeof value === 'string' && DATETIME.test(value);
}

/** `value` moved by `deltaMs` (negative: earlier), rounded down to the second, in the same format. */
export function shiftDateTime(value: string, deltaMs: number): string {
  const m = DATETIME.exec(value);
  if (!m) throw new TypeError(`not a Vtiger date-time (YYYY-MM-DD HH:MM:SS): ${JSON.stringify(value)}`);
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) + deltaMs;
  if (ms <= 0) return EPOCH_WATERMARK;
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString(); // 2026-11-27T22:47:45.000Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/**
 * The watermark for the pass after one that read records up to `maxModifiedtime` (undefined: it read none) and
 * took `passDurationMs` by the workflow's clock. Never moves backwards.
 */
export function nextWatermark(
  previous: string | undefined,
  maxModifiedtime: string | undefined,
  passDurationMs: number,
  overlapMs: number,
): string {
  const floor = previous ?? EPOCH_WATERMARK;
  if (maxModifiedtime === undefined) return floor;
  const candidate = shiftDateTime(maxModifiedtime, -(Math.max(0, passDurationMs) + overlapMs));
  return candidate > floor ? candidate : floor;
}
