import { inspect } from 'node:util';
import { VtigerConfigError } from './errors';
import { Engine } from './internal/engine';
import { type CallOptions, resolveOptions, type VtigerClientOptions } from './options';
import { VtigerSession } from './session';
import { type ChallengeResult, type SessionInit } from './types';

/**
 * A client for one Vtiger `webservice.php` and one user. Cheap to keep for the life of a process: it owns a
 * keep-alive connection pool (unless you pass `dispatcher`), and logins of the same user are serialised across all
 * clients of the process.
 *
 * ```ts
 * const client = new VtigerClient({ url: 'https://crm.example.com', username: 'admin', accessKey });
 * const session = await client.login();
 * const rows = await session.query("SELECT id,lastname FROM Contacts LIMIT 10;");
 * await client.close();
 * ```
 *
 * @throws VtigerConfigError from the constructor when an option is invalid (the message says which and why)
 */
export class VtigerClient {
  /** The `webservice.php` URL requests go to. */
  readonly endpoint: string;
  /** The Vtiger user name. */
  readonly username: string;
  readonly #engine: Engine;

  constructor(options: VtigerClientOptions) {
    const resolved = resolveOptions(options);
    this.#engine = new Engine(resolved);
    this.endpoint = resolved.endpoint.href;
    this.username = resolved.username;
  }

  /**
   * GET `getchallenge` for the configured user. You rarely need it: {@link login} does it. Note that it replaces
   * the user's previous token on the server (one live token per user), which can fail a login running elsewhere.
   * @throws VtigerAccessDeniedError when Vtiger does not know the user
   */
  getChallenge(opts?: CallOptions): Promise<ChallengeResult> {
    return this.#engine.getChallenge(opts);
  }

  /**
   * Logs in: getchallenge (GET), then login (POST) with `md5(token + accessKey)`. Serialised per (URL, user) in
   * this process and retried with a fresh challenge when a concurrent login elsewhere replaced the token; a wrong
   * key still fails within a few hundred milliseconds.
   * @throws VtigerAuthError naming the user and the URL when the credentials are wrong or the user inactive
   * @throws VtigerConfigError when the client has no `accessKey`
   */
  async login(opts?: CallOptions): Promise<VtigerSession> {
    const result = await this.#engine.login(opts);
    return new VtigerSession(this.#engine, result);
  }

  /**
   * Resumes a session obtained elsewhere (another worker, workflow state). Sends nothing; a dead session shows up
   * as {@link VtigerSessionError} on its first call.
   * @throws VtigerConfigError when `sessionName` is missing
   */
  session(init: SessionInit): VtigerSession {
    if (init === null || typeof init !== 'object' || typeof init.sessionName !== 'string' || init.sessionName === '') {
      throw new VtigerConfigError('session() needs { sessionName } from a login result');
    }
    return new VtigerSession(this.#engine, init);
  }

  /** Closes the connection pool if the client created it (a `dispatcher` you passed stays open). Idempotent. */
  close(): Promise<void> {
    return this.#engine.close();
  }

  /** Shows the client without its access key. */
  [inspect.custom](): string {
    return `VtigerClient { endpoint: ${JSON.stringify(this.endpoint)}, username: ${JSON.stringify(this.username)} }`;
  }
}
