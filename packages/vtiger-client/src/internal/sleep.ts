/** Marker thrown when a back-off wait is aborted. */
export const SLEEP_ABORTED = Symbol('sleep aborted');

/** Waits `ms`; rejects with {@link SLEEP_ABORTED} as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(SLEEP_ABORTED);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(SLEEP_ABORTED);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
