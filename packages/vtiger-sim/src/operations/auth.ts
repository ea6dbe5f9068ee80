import { createHash } from 'node:crypto';
import { WsError, WsErrorCode, WsMessage } from '../protocol/errors';
import { type OperationContext, stringParam } from './context';

/** API version reported by login and extendsession. */
export const VTIGER_API_VERSION = '0.22';

/**
 * The `accessKey` login expects: lowercase hex `md5(token + userAccessKey)` (reference §4; test vector §14:
 * `md5AccessKey('6b09ec035f77f', 'qyLG6ozhEnY22Sox') === '1e9cf167a4fff79ff8ff8a4197033b0b'`).
 */
export function md5AccessKey(token: string, accessKey: string): string {
  return createHash('md5')
    .update(token + accessKey, 'utf8')
    .digest('hex');
}

/** `getchallenge`: one live token per user; a new challenge replaces the old one (§4). */
export function getchallenge(ctx: OperationContext): unknown {
  const username = stringParam(ctx, 'username');
  if (username === null) throw new WsError(WsErrorCode.ACCESS_DENIED, 'No username given');
  const user = ctx.engine.users.byUsername(username);
  if (!user) throw new WsError(WsErrorCode.ACCESS_DENIED, 'username does not exists');
  const token = ctx.engine.sessions.issueToken(user.id, ctx.engine.tokenTtlSeconds);
  ctx.engine.counters.getchallenges++;
  return { token: token.token, serverTime: token.serverTimeSec, expireTime: token.expireTimeSec };
}

/**
 * `login`, with the check order of §4: no live token ⇒ INVALID_AUTH_TOKEN; no access key ⇒ ACCESSKEY_UNDEFINED;
 * md5 mismatch (also a token replaced by a later challenge) ⇒ INVALID_USER_CREDENTIALS; inactive ⇒ the same.
 * The token is not consumed; each login makes a new session (or logs in the session the request carried).
 */
export function login(ctx: OperationContext): unknown {
  const { engine } = ctx;
  try {
    const user = engine.users.byUsername(stringParam(ctx, 'username'));
    const token = user ? engine.sessions.activeToken(user.id) : null;
    if (!user || token === null) throw new WsError(WsErrorCode.INVALID_AUTH_TOKEN, WsMessage.invalidToken);
    if (!user.accessKey) {
      throw new WsError(WsErrorCode.ACCESSKEY_UNDEFINED, 'Access key for the user is undefined');
    }
    if (md5AccessKey(token, user.accessKey) !== stringParam(ctx, 'accessKey') || !user.active) {
      throw new WsError(WsErrorCode.INVALID_USER_CREDENTIALS, WsMessage.invalidCredentials);
    }
    let session = ctx.session;
    if (session) session.userId = user.id;
    else session = ctx.session = engine.sessions.create(user.id);
    engine.counters.logins++;
    // 8.x adds the user fields in front of the four classic ones (observed order).
    return {
      username: user.username,
      first_name: user.firstName,
      last_name: user.lastName,
      email: user.email,
      time_zone: 'UTC',
      hour_format: '12',
      date_format: 'yyyy-mm-dd',
      is_admin: user.isAdmin ? 'on' : 'off',
      call_duration: '5',
      other_event_duration: '5',
      sessionName: session.id,
      userId: user.userId,
      version: VTIGER_API_VERSION,
      vtigerVersion: engine.vtigerVersion,
    };
  } catch (error) {
    engine.counters.loginFailures++;
    throw error;
  }
}

/**
 * `extendsession` (§7.4): with a session holding a user, the same sessionName and the four classic fields;
 * otherwise AUTHENTICATION_FAILURE (the dispatcher has already turned an unknown id into a user-less session,
 * which is what poisons it).
 */
export function extendsession(ctx: OperationContext): unknown {
  ctx.cost = { kind: 'extendsession' };
  const session = ctx.session;
  const user = session?.userId != null ? ctx.engine.users.byNumericId(session.userId) : undefined;
  if (!session || !user) throw new WsError(WsErrorCode.AUTHENTICATION_FAILURE, WsMessage.authFailed);
  ctx.engine.counters.extendsessions++;
  return {
    sessionName: session.id,
    userId: user.userId,
    version: VTIGER_API_VERSION,
    vtigerVersion: ctx.engine.vtigerVersion,
  };
}

/**
 * `logout` where it runs (compat, §7.5): GET ⇒ OPERATION_NOT_SUPPORTED (it compares the HTTP method); the
 * `sessionName` of the form body is validated and destroyed.
 */
export function logout(ctx: OperationContext): unknown {
  if (ctx.request.method !== 'POST') {
    throw new WsError(WsErrorCode.OPERATION_NOT_SUPPORTED, WsMessage.permissionDenied);
  }
  const target = stringParam(ctx, 'sessionName');
  // No id in the body: the handler's own startSession() gets none and returns its (unset) error, i.e. null.
  if (target === null) return null;
  const found = ctx.engine.sessions.lookup(target);
  if (found.kind !== 'live') throw new WsError(WsErrorCode.INVALID_SESSIONID, WsMessage.invalidSession);
  ctx.engine.sessions.destroy(target);
  return { message: 'successfull' };
}
