/**
 * Per-key async mutex. PHP holds a session file lock from `session_start()` to the end of the request, so
 * requests sharing one `sessionName` run one after another while distinct sessions overlap (reference §7.3).
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** Waits for the key, then returns the function that releases it. */
  async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => held);
    this.tails.set(key, tail);
    await previous;
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }

  /** Number of keys with a holder or waiters. */
  get size(): number {
    return this.tails.size;
  }
}
