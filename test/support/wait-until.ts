import { setTimeout as delay } from 'node:timers/promises';

/** Options for {@link waitUntil}. */
export interface WaitUntilOptions {
  /** What is awaited, for the timeout message ("visibility lists the workflow"). */
  description: string;
  /** Give up after this long, in ms. @default 10000 */
  timeoutMs?: number;
  /** Pause between checks, in ms. @default 100 */
  intervalMs?: number;
}

/**
 * Checks a condition until it holds, for state that nothing announces (e.g. the visibility store catching up with a
 * workflow). Prefer an event (an update's result, a locator's auto-wait) whenever one exists.
 *
 * @throws {Error} `Timed out after <timeoutMs> ms waiting until <description>`; a check that throws fails at once.
 */
export async function waitUntil(check: () => boolean | Promise<boolean>, options: WaitUntilOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() >= deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting until ${options.description}.`);
    await delay(options.intervalMs ?? 100);
  }
}
