/**
 * @vtiger-temporal/vtiger-client — a typed client for Vtiger's `webservice.php`: every operation, one error
 * hierarchy, redaction of secrets, retries for idempotent reads only. Knows nothing of Temporal.
 *
 * ```ts
 * import { VtigerClient, vtql } from '@vtiger-temporal/vtiger-client';
 *
 * const client = new VtigerClient({ url: 'https://crm.example.com', username: 'admin', accessKey });
 * const session = await client.login();
 * for await (const page of session.pages('Contacts', { where: { field: 'lastname', op: 'LIKE', value: 'A%' } })) {
 *   console.log(page.records.length, page.cursor);
 * }
 * const n = await session.count('Contacts');
 * const rows = await session.query(vtql.select('Accounts', { fields: ['id', 'accountname'], limit: 10 }));
 * await client.close();
 * ```
 */

// Client and session
export { VtigerClient } from './client';
export { VtigerSession } from './session';
export type { PagesOptions, RawCallOptions } from './session';
export type { VtigerClientOptions, CallOptions, RetryOptions, LoginRetryOptions, VtigerLogger } from './options';

// Results
export type {
  LoginResult,
  SessionInit,
  ChallengeResult,
  VtigerRecord,
  VtigerRow,
  ListTypesResult,
  ModuleDescription,
  FieldDescription,
  FieldType,
  SyncResult,
  RelatedTypesResult,
  DeleteResult,
  MessageResult,
  Page,
} from './types';

// VTQL builder
export {
  vtql,
  select,
  buildWhere,
  buildCountQuery,
  buildKeysetPageQuery,
  buildOffsetPageQuery,
  quoteVtqlString,
  vtqlIdentifier,
  VTQL_MAX_LIMIT,
} from './vtql';
export type {
  VtqlCondition,
  VtqlOperator,
  VtqlValue,
  VtqlWhere,
  VtqlFields,
  VtqlSelectOptions,
  VtqlPageOptions,
} from './vtql';

// Errors and retry policy
export {
  VtigerError,
  VtigerConfigError,
  VtigerConnectionError,
  VtigerTimeoutError,
  VtigerAbortError,
  VtigerHttpError,
  VtigerProtocolError,
  VtigerApiError,
  VtigerAuthError,
  VtigerSessionError,
  VtigerAccessDeniedError,
  VtigerQuerySyntaxError,
  VtigerMandatoryFieldsError,
  VtigerInvalidIdError,
  errorForCode,
  apiErrorClassForCode,
  isRetryable,
} from './errors';
export type {
  HttpMethod,
  VtigerRequestInfo,
  VtigerErrorOptions,
  VtigerApiErrorOptions,
  VtigerApiErrorClass,
} from './errors';
export { shouldClientRetry, backoffDelay } from './retry-policy';

// Login key
export { hashAccessKey } from './auth';
