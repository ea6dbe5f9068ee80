/** The test server's coordinates, published by global-setup. */
export interface TemporalTestEnv {
  /** `host:port` of the gRPC frontend. */
  address: string;
  namespace: string;
  /** Path of the `temporal` binary the run resolved. */
  cliPath: string;
  /**
   * Base URL of the Temporal Web UI (`http://127.0.0.1:<port>`, no trailing slash); undefined when the tests use
   * an external server (`TEMPORAL_ADDRESS`) and `TEMPORAL_UI_URL` is unset.
   */
  uiUrl: string | undefined;
}

/**
 * Reads the coordinates global-setup published in the environment.
 *
 * @throws {Error} when run outside jest (global-setup did not run).
 */
export function temporalTestEnv(): TemporalTestEnv {
  const address = process.env.TEMPORAL_ADDRESS;
  const cliPath = process.env.TEMPORAL_CLI_PATH;
  if (!address || !cliPath)
    throw new Error('TEMPORAL_ADDRESS/TEMPORAL_CLI_PATH unset: run through jest (global-setup).');
  return {
    address,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    cliPath,
    uiUrl: process.env.TEMPORAL_UI_URL?.replace(/\/+$/, '') || undefined,
  };
}
