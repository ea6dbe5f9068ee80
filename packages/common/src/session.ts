/**
 * A Vtiger session as workflows hold it: what `login` returns. `sessionName` is **sealed** by the worker
 * (`vts1.…`, AES-256-GCM under a key derived from the connection's access key), so the bearer token never appears
 * in plaintext history even without a payload codec; any worker configured with the same connection can open it.
 */
export interface VtigerSessionHandle {
  /** The sealed session name. Pass it back to activities unchanged. */
  sessionName: string;
  /** The user's webservice id, e.g. `19x1`. */
  userId: string;
  /** API version, e.g. `0.22`. */
  version: string;
  /** Vtiger version, e.g. `8.2.0`. */
  vtigerVersion: string;
}

/** Input of the `login` activity. */
export interface LoginInput {
  /** Name of a connection profile configured on the worker (credentials never enter Temporal). */
  connection: string;
}

/** Input of every activity that needs a session. */
export interface SessionInput {
  connection: string;
  /** `sessionName` of a {@link VtigerSessionHandle} from `login`. */
  sessionName: string;
}

/** Prefix of sealed session names. */
export const SEALED_SESSION_PREFIX = 'vts1.';
