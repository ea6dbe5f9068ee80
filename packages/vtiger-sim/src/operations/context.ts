import { type SimEngine } from '../engine';
import { type RequestCost } from '../latency';
import { LISTTYPES, type ModuleMeta, MODULES_BY_PREFIX, moduleByName } from '../metadata/modules';
import { WsError, WsErrorCode, WsMessage, deniedForName } from '../protocol/errors';
import { type PhpRequest } from '../protocol/request-params';
import { mysqlInt } from '../store/records';
import { type SessionRow } from '../store/sessions';
import { type UserRow } from '../store/users';

/** Everything an operation handler sees. */
export interface OperationContext {
  readonly engine: SimEngine;
  readonly request: PhpRequest;
  /** The op's registered parameters, read from the superglobal of its HTTP type (strings or decoded JSON). */
  readonly params: Readonly<Record<string, unknown>>;
  /** The session of this request; null when none was given (prelogin ops run in a throw-away session). */
  session: SessionRow | null;
  /** The logged-in user of the session (always set for non-prelogin ops). */
  readonly user: UserRow | null;
  /** What the request cost, for the latency model. */
  cost: RequestCost;
}

/** An operation: returns the `result`, or throws WsError / PhpFatal / RestrictedFile. */
export type OperationHandler = (ctx: OperationContext) => unknown;

/** A string parameter (null when absent or falsy). */
export function stringParam(ctx: OperationContext, name: string): string | null {
  const value = ctx.params[name];
  return typeof value === 'string' ? value : null;
}

/** The user of a non-prelogin op. */
export function currentUser(ctx: OperationContext): UserRow {
  if (!ctx.user) throw new Error('operation needs a user');
  return ctx.user;
}

/** `vtws_listtypes(null, $user)['types']`: the same 35 types for every user here. */
export function allowedTypes(): readonly string[] {
  return LISTTYPES.types;
}

/**
 * `VtigerWebserviceObject::fromId()`: MySQL casts `'12x34'` to 12 when comparing with the integer id, so the
 * leading digits pick the entity.
 *
 * @throws {WsError} ACCESS_DENIED "... denied for id" for an unknown prefix or an id like `abc`
 */
export function entityFromId(id: string | null): ModuleMeta {
  const meta = MODULES_BY_PREFIX.get(mysqlInt(id));
  if (!meta) throw new WsError(WsErrorCode.ACCESS_DENIED, WsMessage.permissionDeniedForId);
  return meta;
}

/**
 * `VtigerWebserviceObject::fromName()`: exact, case-sensitive module name.
 *
 * @throws {WsError} ACCESS_DENIED "... denied for name : X"
 */
export function entityFromName(name: string | null): ModuleMeta {
  const meta = moduleByName(name);
  if (!meta) throw deniedForName(name);
  return meta;
}

/** The crmid part of a webservice id (`vtws_getIdComponents($id)[1]`), or null when there is none. */
export function crmidPart(id: string | null): number | null {
  if (id === null) return null;
  const part = id.split('x')[1];
  return part === undefined ? null : mysqlInt(part);
}

/** `hasPermission()`: admins everything; a non-admin only what is assigned to him; Users are readable. */
export function canAccess(user: UserRow, meta: ModuleMeta, ownerId: number): boolean {
  return user.isAdmin || meta.name === 'Users' || ownerId === user.id;
}
