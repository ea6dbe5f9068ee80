/**
 * @vtiger-temporal/common — constants and types that are safe everywhere, including Temporal's workflow sandbox:
 * failure types and retry policies, the session handle, search attributes, the task queue.
 *
 * ```ts
 * import { DEFAULT_VTIGER_RETRY_POLICY, FailureTypes } from '@vtiger-temporal/common';
 * if (failure.type === FailureTypes.Session) { … log in again … }
 * ```
 */

// Task queue
export { DEFAULT_TASK_QUEUE } from './task-queue';

// Failures and retries
export { FailureTypes, NON_RETRYABLE_FAILURE_TYPES, DEFAULT_VTIGER_RETRY_POLICY, LOGIN_RETRY_POLICY } from './failures';
export type { FailureType, VtigerFailureDetails } from './failures';

// Sessions
export { SEALED_SESSION_PREFIX } from './session';
export type { VtigerSessionHandle, LoginInput, SessionInput } from './session';

// Search attributes
export {
  VtigerConnectionSearchAttribute,
  VtigerModulesSearchAttribute,
  VtigerSyncStateSearchAttribute,
  VtigerRecordsSyncedSearchAttribute,
  SEARCH_ATTRIBUTE_REGISTRATIONS,
} from './search-attributes';
