/**
 * Thrown when no usable `temporal` CLI can be found or built. The message says exactly what to install or set.
 */
export class TemporalCliNotFoundError extends Error {
  override readonly name = 'TemporalCliNotFoundError';
}

/**
 * Thrown when `go install` of the Temporal CLI fails. `output` holds the tail of Go's output.
 */
export class TemporalCliBuildError extends Error {
  override readonly name = 'TemporalCliBuildError';
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

/**
 * Thrown when `temporal server start-dev` exits early or does not answer within the ready timeout.
 * `log` holds the tail of the server's output.
 */
export class DevServerStartError extends Error {
  override readonly name = 'DevServerStartError';
  constructor(
    message: string,
    readonly log: string,
  ) {
    super(message);
  }
}
