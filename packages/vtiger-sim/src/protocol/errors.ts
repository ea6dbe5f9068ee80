/**
 * The three ways `webservice.php` fails (reference §2): a handled `WebServiceException` (HTTP 200,
 * `success:false`), an unhandled PHP error (HTTP 500, empty body) and the plain-text "restricted file" page.
 */

/** Error codes of `WebServiceErrorCode` that the simulator emits (spelling as on the wire, reference §5). */
export const WsErrorCode = {
  AUTHENTICATION_REQUIRED: 'AUTHENTICATION_REQUIRED',
  INVALID_SESSIONID: 'INVALID_SESSIONID',
  SESSION_EXPIRED: 'SESSION_EXPIRED',
  SESSION_LEFT_IDLE: 'SESSION_LEFT_IDLE',
  AUTHENTICATION_FAILURE: 'AUTHENTICATION_FAILURE',
  INVALID_AUTH_TOKEN: 'INVALID_AUTH_TOKEN',
  INVALID_USER_CREDENTIALS: 'INVALID_USER_CREDENTIALS',
  ACCESSKEY_UNDEFINED: 'ACCESSKEY_UNDEFINED',
  ACCESS_DENIED: 'ACCESS_DENIED',
  RECORD_NOT_FOUND: 'RECORD_NOT_FOUND',
  INVALID_ID_ATTRIBUTE: 'INVALID_ID_ATTRIBUTE',
  MANDATORY_FIELDS_MISSING: 'MANDATORY_FIELDS_MISSING',
  REFERENCE_INVALID: 'REFERENCE_INVALID',
  QUERY_SYNTAX_ERROR: 'QUERY_SYNTAX_ERROR',
  DATABASE_QUERY_ERROR: 'DATABASE_QUERY_ERROR',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  OPERATION_NOT_SUPPORTED: 'OPERATION_NOT_SUPPORTED',
  UNKOWN_ENTITY: 'UNKOWN_ENTITY',
} as const;

/** One of {@link WsErrorCode}. */
export type WsErrorCodeName = (typeof WsErrorCode)[keyof typeof WsErrorCode];

/** Messages used in more than one place, verbatim (typos included) from the reference. */
export const WsMessage = {
  authRequired: 'Authencation required',
  authFailed: 'Authencation Failed',
  invalidSession: 'Session Identifier provided is Invalid',
  sessionExpired: 'Session has life span over please login again',
  sessionIdle: 'Session has been invalidated to due lack activity',
  invalidToken: 'Specified token is invalid or expired',
  invalidCredentials: 'Invalid username or password',
  permissionDenied: 'Permission to perform the operation is denied',
  permissionDeniedForId: 'Permission to perform the operation is denied for id',
  permissionDeniedForQuery: 'Permission to perform the operation is denied for query',
  readObjectDenied: 'Permission to read given object is denied',
  idIncorrect: 'Id specified is incorrect',
  unknownError: 'Unknown Error while processing request',
  databaseError: 'Database error while performing required operation',
  cannotAssign: 'Cannot assign record to the given user',
  relationIncorrect: 'Relation specified is incorrect',
} as const;

/** A handled failure: answered with HTTP 200 and `{"success":false,"error":{"message","code"}}`. */
export class WsError extends Error {
  constructor(
    readonly code: WsErrorCodeName,
    message: string,
  ) {
    super(message);
    this.name = 'WsError';
  }
}

/** An unhandled PHP error (TypeError, fatal, uncaught exception outside the try): HTTP 500, empty body. */
export class PhpFatal extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PhpFatal';
  }
}

/** `checkFileAccessForInclusion()` dying: HTTP 200, plain text (reference §2, changePassword/deleteUser). */
export class RestrictedFile extends Error {
  constructor() {
    super('Sorry! Attempt to access restricted file.');
    this.name = 'RestrictedFile';
  }
}

/** `ACCESS_DENIED` "Permission to perform the operation is denied for name : X" (unknown module name). */
export function deniedForName(name: string | null): WsError {
  return new WsError(
    WsErrorCode.ACCESS_DENIED,
    `Permission to perform the operation is denied for name : ${name ?? ''}`,
  );
}
