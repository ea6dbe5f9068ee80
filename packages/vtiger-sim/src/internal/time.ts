import { DateCtor, dateUtc, floor, num, str } from './intrinsics';

/** Formats epoch milliseconds as Vtiger's DB datetime, `YYYY-MM-DD HH:MM:SS`, in the server zone (UTC). */
export function formatDateTime(ms: number): string {
  const d = new DateCtor(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(
    d.getUTCMinutes(),
  )}:${pad2(d.getUTCSeconds())}`;
}

/** Formats epoch milliseconds as a Vtiger date, `YYYY-MM-DD`. */
export function formatDate(ms: number): string {
  return formatDateTime(ms).slice(0, 10);
}

/** Parses `YYYY-MM-DD HH:MM:SS` (UTC) to Unix seconds, like PHP's `strtotime` with a UTC default zone. */
export function parseDateTimeSeconds(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(value);
  if (!m) return NaN;
  return dateUtc(num(m[1]), num(m[2]) - 1, num(m[3]), num(m[4] ?? 0), num(m[5] ?? 0), num(m[6] ?? 0)) / 1000;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : str(n);
}

/**
 * PHP `uniqid()`: 8 hex digits of Unix seconds then 5 of microseconds, lowercase (13 chars). The micro part
 * comes from the millisecond clock plus a counter so two calls in one millisecond never collide.
 */
export function uniqid(ms: number, counter: number): string {
  const seconds = floor(ms / 1000);
  const micros = (floor(ms % 1000) * 1000 + (counter % 1000)) % 1_000_000;
  return seconds.toString(16).padStart(8, '0') + micros.toString(16).padStart(5, '0');
}

/** Pending sleeps, so `close()` can cut them short instead of leaving requests parked on timers. */
export type SleepRegistry = Map<NodeJS.Timeout, () => void>;

/** Resolves after `ms` (at once when `ms <= 0`); `registry` lets a closing server resolve it early. */
export function sleep(ms: number, registry?: SleepRegistry): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      registry?.delete(timer);
      resolve();
    }, ms);
    registry?.set(timer, resolve);
  });
}

/** Cancels every pending sleep in `registry`, resolving each at once. */
export function wakeAll(registry: SleepRegistry): void {
  for (const [timer, resolve] of registry) {
    clearTimeout(timer);
    resolve();
  }
  registry.clear();
}
