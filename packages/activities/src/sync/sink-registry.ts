import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '@vtiger-temporal/common';
import { openSink, validateSinkConfig, type Sink, type SinkConfig } from '@vtiger-temporal/sinks';

/** A sink profile: a {@link SinkConfig} to open on first use, or a {@link Sink} you opened (and close) yourself. */
export type SinkProfile = SinkConfig | Sink;

function isSink(value: SinkProfile): value is Sink {
  return typeof (value as Sink).upsertPage === 'function';
}

/**
 * Resolves sink profile names (`default`, …) to open sinks. A configured sink is opened once, on first use, and
 * shared by every activity of the worker; {@link close} closes the ones this registry opened.
 */
export class SinkRegistry {
  readonly #profiles: ReadonlyMap<string, SinkProfile>;
  readonly #open = new Map<string, Promise<Sink>>();

  /** @throws SinkConfigError naming the profile when a config is invalid (checked at once, not on first use) */
  constructor(profiles: Readonly<Record<string, SinkProfile>>) {
    const entries = Object.entries(profiles).map(([name, profile]): [string, SinkProfile] => {
      if (isSink(profile)) return [name, profile];
      try {
        return [name, validateSinkConfig(profile)];
      } catch (error) {
        (error as Error).message = `sink profile "${name}": ${(error as Error).message}`;
        throw error;
      }
    });
    this.#profiles = new Map(entries);
  }

  /** Sink profile names this worker has. */
  names(): string[] {
    return [...this.#profiles.keys()];
  }

  /**
   * The open sink of profile `name`.
   *
   * @throws ApplicationFailure `VtigerUnknownSinkError` (non-retryable) naming the profiles this worker has
   * @throws SinkError when the database cannot be opened
   */
  async get(name: string): Promise<Sink> {
    const profile = this.#profiles.get(name);
    if (!profile) {
      const known = this.names();
      throw ApplicationFailure.create({
        type: FailureTypes.UnknownSink,
        message:
          known.length === 0
            ? `Unknown sink profile "${name}": this worker has no sink configured (set VTIGER_SINK_URL)`
            : `Unknown sink profile "${name}": this worker is configured with ${known.map((n) => `"${n}"`).join(', ')}`,
        nonRetryable: true,
      });
    }
    if (isSink(profile)) return profile;
    let opening = this.#open.get(name);
    if (!opening) {
      opening = openSink(profile);
      this.#open.set(name, opening);
      // A failed open is not cached: the next attempt (a retried activity) tries again.
      void opening.catch(() => this.#open.delete(name));
    }
    return opening;
  }

  /** Closes the sinks this registry opened (sinks passed in as objects stay open). */
  async close(): Promise<void> {
    const opened = [...this.#open.values()];
    this.#open.clear();
    await Promise.all(opened.map(async (p) => (await p.catch(() => undefined))?.close()));
  }
}
