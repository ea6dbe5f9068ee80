/**
 * Everything the benchmark starts (dev server, simulators, worker and loop processes, temp folders) is registered
 * here as it starts, so that one `closeAll()` tears it down in reverse order: at the end, on any failure, and on
 * SIGINT/SIGTERM.
 */
export class Resources {
  readonly #stack: { name: string; close: () => Promise<void> | void }[] = [];
  #closing: Promise<void> | undefined;

  /** Registers `close`; returns a function that runs it now (once) and unregisters it. */
  add(name: string, close: () => Promise<void> | void): () => Promise<void> {
    const entry = { name, close };
    this.#stack.push(entry);
    let done: Promise<void> | undefined;
    return () => {
      done ??= (async () => {
        const i = this.#stack.indexOf(entry);
        if (i >= 0) this.#stack.splice(i, 1);
        await entry.close();
      })();
      return done;
    };
  }

  /** Closes everything still registered, newest first; a failing close is reported and the others still run. */
  closeAll(report: (line: string) => void): Promise<void> {
    this.#closing ??= (async () => {
      while (this.#stack.length > 0) {
        const entry = this.#stack.pop()!;
        try {
          await entry.close();
        } catch (error) {
          report(`cleanup: ${entry.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })();
    return this.#closing;
  }
}
