/** Thrown when simulator options are invalid; the message names the option and what is expected. */
export class VtigerSimConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VtigerSimConfigError';
  }
}

/** Thrown by the admin API for a request it cannot carry out (unknown module, record or user). */
export class VtigerSimAdminError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VtigerSimAdminError';
  }
}
