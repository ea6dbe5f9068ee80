import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { FailureTypes, type VtigerFailureDetails } from '@vtiger-temporal/common';
import { SinkError } from '@vtiger-temporal/sinks';
import { VtigerApiError, VtigerError, VtigerHttpError, VtigerProtocolError } from '@vtiger-temporal/vtiger-client';

/**
 * Turns anything an activity throws into the failure Temporal records: a client error becomes an
 * `ApplicationFailure` whose `type` is its class name, `nonRetryable` from its `retryable` flag and details with the
 * Vtiger code and operation (the client has already redacted secrets from its messages). Sink errors map the same
 * way (`SinkError` retryable when transient; `SinkInputError`, `SinkConfigError` never). Temporal's own failures
 * (cancellation, failures we built) pass through.
 */
export function toActivityFailure(error: unknown, progress?: unknown): unknown {
  if (error instanceof ApplicationFailure || error instanceof CancelledFailure) return error;
  if (error instanceof VtigerError) {
    const details: VtigerFailureDetails = { operation: error.operation };
    if (error instanceof VtigerApiError) details.code = error.code;
    if (error instanceof VtigerHttpError || error instanceof VtigerProtocolError) details.status = error.status;
    if (progress !== undefined) details.progress = progress;
    return ApplicationFailure.create({
      type: error.name,
      message: error.message,
      nonRetryable: !error.retryable,
      details: [details],
    });
  }
  if (error instanceof SinkError) {
    // Sink messages are redacted by the sinks package (no connection-string password).
    const details: VtigerFailureDetails = { operation: `sink.${error.operation}` };
    if (error.code !== undefined) details.code = error.code;
    if (progress !== undefined) details.progress = progress;
    return ApplicationFailure.create({
      type: error.name,
      message: error.module ? `${error.module}: ${error.message}` : error.message,
      nonRetryable: !error.retryable,
      details: [details],
    });
  }
  return error;
}

/** Thrown when an activity's input fails validation. Never retried. */
export function inputFailure(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: FailureTypes.Input, message, nonRetryable: true });
}

/** A dead session. Never retried with the same id: the workflow logs in again. */
export function sessionFailure(message: string, details: VtigerFailureDetails = {}): ApplicationFailure {
  return ApplicationFailure.create({ type: FailureTypes.Session, message, nonRetryable: true, details: [details] });
}
