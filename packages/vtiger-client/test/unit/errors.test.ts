import {
  apiErrorClassForCode,
  errorForCode,
  isRetryable,
  VtigerAbortError,
  VtigerAccessDeniedError,
  VtigerApiError,
  VtigerAuthError,
  VtigerConfigError,
  VtigerConnectionError,
  VtigerError,
  VtigerHttpError,
  VtigerInvalidIdError,
  VtigerMandatoryFieldsError,
  VtigerProtocolError,
  VtigerQuerySyntaxError,
  VtigerSessionError,
  VtigerTimeoutError,
} from '@vtiger-temporal/vtiger-client';

// Every code of WebServiceErrorCode (protocol §5) and the class it must map to.
const CODES: [string | number, new (...args: never[]) => VtigerApiError][] = [
  ['AUTHENTICATION_REQUIRED', VtigerSessionError],
  ['INVALID_SESSIONID', VtigerSessionError],
  ['SESSION_EXPIRED', VtigerSessionError],
  ['SESSION_LEFT_IDLE', VtigerSessionError],
  ['AUTHENTICATION_FAILURE', VtigerSessionError],
  ['INVALID_AUTH_TOKEN', VtigerAuthError],
  ['INVALID_USER_CREDENTIALS', VtigerAuthError],
  ['ACCESSKEY_UNDEFINED', VtigerAuthError],
  ['ACCESS_DENIED', VtigerAccessDeniedError],
  ['OPERATION_NOT_SUPPORTED', VtigerAccessDeniedError],
  ['RECORD_NOT_FOUND', VtigerApiError],
  ['INVALID_ID_ATTRIBUTE', VtigerInvalidIdError],
  ['MANDATORY_FIELDS_MISSING', VtigerMandatoryFieldsError],
  ['REFERENCE_INVALID', VtigerApiError],
  ['QUERY_SYNTAX_ERROR', VtigerQuerySyntaxError],
  ['DATABASE_QUERY_ERROR', VtigerApiError],
  ['INTERNAL_SERVER_ERROR', VtigerApiError],
  ['UNKNOWN_OPERATION', VtigerApiError],
  ['UNKOWN_ENTITY', VtigerApiError],
  ['INVALID_POTENTIAL_FOR_CONVERTLEAD', VtigerApiError],
  ['LEAD_ALREADY_CONVERTED', VtigerApiError],
  ['LEAD_RELATEDLIST_UPDATE_FAILED', VtigerApiError],
  ['FAILED_TO_CREATE_RELATION', VtigerApiError],
  ['FAILED_TO_MARK_LEAD_CONVERTED', VtigerApiError],
  ['POTENTIAL_ALREADY_CONVERTED', VtigerApiError],
  ['FAILED_TO_MARK_POTENTIAL_CONVERTED', VtigerApiError],
  ['POTENTIAL_RELATEDLIST_UPDATE_FAILED', VtigerApiError],
  ['FAILED_TO_CREATE', VtigerApiError],
  ['INVALID_OLD_PASSWORD', VtigerApiError],
  ['NEW_PASSWORD_MISMATCH', VtigerApiError],
  ['CHANGE_PASSWORD_FAILURE', VtigerApiError],
  ['PASSWORD_NOT_STRONG', VtigerApiError],
  ['CURRENCY_INACTIVE', VtigerApiError],
  ['FAILED_TO_UPDATE', VtigerApiError],
  [0, VtigerApiError],
];

test.each(CODES)('%s maps to its class, keeps code and operation, and is not retried', (code, Class) => {
  const err = errorForCode(code, 'some message', { operation: 'query' });
  expect(apiErrorClassForCode(code)).toBe(Class);
  expect(err).toBeInstanceOf(Class);
  expect(err).toBeInstanceOf(VtigerApiError);
  expect(err).toBeInstanceOf(VtigerError);
  expect(err.name).toBe(Class.name);
  expect(err.code).toBe(code);
  expect(err.operation).toBe('query');
  expect(err.vtigerMessage).toBe('some message');
  expect(err.message).toContain(String(code));
  expect(isRetryable(err)).toBe(code === 'DATABASE_QUERY_ERROR');
});

test('class names are distinct and equal the name property (Temporal failure types)', () => {
  const classes = [
    VtigerError,
    VtigerConfigError,
    VtigerConnectionError,
    VtigerTimeoutError,
    VtigerAbortError,
    VtigerProtocolError,
    VtigerApiError,
    VtigerAuthError,
    VtigerSessionError,
    VtigerAccessDeniedError,
    VtigerQuerySyntaxError,
    VtigerMandatoryFieldsError,
    VtigerInvalidIdError,
  ];
  for (const Class of classes) {
    const err = new (Class as unknown as new (m: string, o: object) => Error)('m', {
      code: 'X',
      vtigerMessage: '',
      status: 200,
      excerpt: '',
    });
    expect(err.name).toBe(Class.name);
    expect(err.constructor.name).toBe(Class.name);
  }
  expect(new VtigerHttpError('m', { status: 500 }).name).toBe('VtigerHttpError');
});

test('retryable: connection, timeout, HTTP 5xx/408/429; not config, abort, protocol, 4xx, API errors', () => {
  expect(isRetryable(new VtigerConnectionError('x'))).toBe(true);
  expect(isRetryable(new VtigerTimeoutError('x'))).toBe(true);
  expect(isRetryable(new VtigerHttpError('x', { status: 500 }))).toBe(true);
  expect(isRetryable(new VtigerHttpError('x', { status: 503 }))).toBe(true);
  expect(isRetryable(new VtigerHttpError('x', { status: 429 }))).toBe(true);
  expect(isRetryable(new VtigerHttpError('x', { status: 404 }))).toBe(false);
  expect(isRetryable(new VtigerConfigError('x'))).toBe(false);
  expect(isRetryable(new VtigerAbortError('x'))).toBe(false);
  expect(isRetryable(new VtigerProtocolError('x', { status: 200, excerpt: '' }))).toBe(false);
  expect(isRetryable(new Error('x'))).toBe(false);
  expect(isRetryable('x')).toBe(false);
});
