import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '@vtiger-temporal/common';
import { VtigerClient, type VtigerClientOptions } from '@vtiger-temporal/vtiger-client';
import { SessionSeal } from './session-seal';

/** One Vtiger instance and user. Lives only in the worker's configuration; never enters Temporal. */
export interface ConnectionProfile {
  /** Site URL (`https://crm.example.com`) or the full `…/webservice.php`. */
  url: string;
  username: string;
  /** The user's access key ("My Preferences" in Vtiger). */
  accessKey: string;
  /** Per-request timeout in ms. @default 30000 */
  timeoutMs?: number;
  /** Any other client option (dispatcher, retry, logger). */
  client?: Omit<VtigerClientOptions, 'url' | 'username' | 'accessKey'>;
}

/** A profile resolved to a live client (one keep-alive pool per profile) and its session seal. */
export interface Connection {
  readonly name: string;
  readonly client: VtigerClient;
  readonly seal: SessionSeal;
}

/** Resolves connection profile names to clients, creating each client once. */
export class ConnectionRegistry {
  readonly #profiles: ReadonlyMap<string, ConnectionProfile>;
  readonly #connections = new Map<string, Connection>();

  constructor(profiles: Readonly<Record<string, ConnectionProfile>>) {
    this.#profiles = new Map(Object.entries(profiles));
    if (this.#profiles.size === 0) {
      throw new TypeError('createVtigerActivities: `connections` must name at least one connection profile');
    }
  }

  /** Profile names this worker serves. */
  names(): string[] {
    return [...this.#profiles.keys()];
  }

  /**
   * @throws ApplicationFailure `VtigerUnknownConnectionError` (non-retryable) naming the profiles this worker has
   */
  get(name: unknown): Connection {
    if (typeof name !== 'string' || name === '') {
      throw ApplicationFailure.create({
        type: FailureTypes.Input,
        message: `\`connection\` must be the name of a connection profile (one of: ${this.names().join(', ')}), got ${JSON.stringify(name)}`,
        nonRetryable: true,
      });
    }
    const existing = this.#connections.get(name);
    if (existing) return existing;
    const profile = this.#profiles.get(name);
    if (!profile) {
      throw ApplicationFailure.create({
        type: FailureTypes.UnknownConnection,
        message: `Unknown connection profile "${name}": this worker is configured with ${this.names()
          .map((n) => `"${n}"`)
          .join(', ')}`,
        nonRetryable: true,
      });
    }
    const client = new VtigerClient({
      ...profile.client,
      url: profile.url,
      username: profile.username,
      accessKey: profile.accessKey,
      timeoutMs: profile.timeoutMs ?? profile.client?.timeoutMs,
    });
    const connection: Connection = {
      name,
      client,
      seal: new SessionSeal({ accessKey: profile.accessKey, endpoint: client.endpoint, username: profile.username }),
    };
    this.#connections.set(name, connection);
    return connection;
  }

  /** Closes every client's connection pool. */
  async close(): Promise<void> {
    const all = [...this.#connections.values()];
    this.#connections.clear();
    await Promise.all(all.map((c) => c.client.close()));
  }
}
