import { ApplicationFailure } from '@temporalio/common';

/**
 * `error` and its causes, outermost first, down to the first `ApplicationFailure` (a failed workflow's
 * `WorkflowFailedError` wraps an `ActivityFailure` when an activity failed, which wraps the activity's
 * `ApplicationFailure`). Stops early at a cause that is not an `Error`.
 */
export function causeChain(error: unknown): Error[] {
  const chain: Error[] = [];
  let cause = error;
  while (cause instanceof Error) {
    chain.push(cause);
    if (cause instanceof ApplicationFailure) break;
    cause = cause.cause;
  }
  return chain;
}

/** The first `ApplicationFailure` in `error`'s cause chain (see {@link causeChain}), or `undefined` if it has none. */
export function applicationFailureOf(error: unknown): ApplicationFailure | undefined {
  return causeChain(error).find((e): e is ApplicationFailure => e instanceof ApplicationFailure);
}
