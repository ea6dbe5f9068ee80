import { LISTTYPES, MODULES } from '../metadata/modules';
import { relatedTypesOf } from '../metadata/relations';
import { PhpFatal, WsError, WsErrorCode, WsMessage } from '../protocol/errors';
import { type OperationContext, allowedTypes, entityFromName, stringParam } from './context';

/**
 * `listtypes`: the captured list; with `fieldTypeList` (a JSON array of field types) only the entity modules
 * having such a field, without Users and the non-entity types (observed: `["email"]` ⇒ Vendors, Leads,
 * Accounts, Contacts).
 */
export function listtypes(ctx: OperationContext): unknown {
  const raw = ctx.params.fieldTypeList;
  const empty =
    raw === null ||
    raw === undefined ||
    raw === false ||
    raw === 0 ||
    raw === '' ||
    (Array.isArray(raw) && raw.length === 0) ||
    (typeof raw === 'object' && !Array.isArray(raw) && Object.keys(raw).length === 0);
  if (empty) return LISTTYPES;
  // A non-empty scalar reaches array_map() and PHP 8 throws a TypeError: HTTP 500.
  if (typeof raw !== 'object') throw new PhpFatal('array_map(): Argument #2 ($array) must be of type array');
  const wanted = new Set(Object.values(raw as Record<string, unknown>).map((v) => String(v).toLowerCase()));
  const types = LISTTYPES.types.filter((name) => {
    const info = LISTTYPES.information[name];
    const meta = MODULES.get(name);
    return (
      info?.isEntity === true && name !== 'Users' && meta !== undefined && meta.fields.some((f) => wanted.has(f.type))
    );
  });
  const information: Record<string, unknown> = {};
  for (const name of types) information[name] = LISTTYPES.information[name];
  return { types, information };
}

/** `describe`: the captured metadata; unknown or comma-listed names ⇒ ACCESS_DENIED "... for name : X". */
export function describe(ctx: OperationContext): unknown {
  const meta = entityFromName(stringParam(ctx, 'elementType'));
  if (!allowedTypes().includes(meta.name)) throw new WsError(WsErrorCode.ACCESS_DENIED, WsMessage.permissionDenied);
  return meta.describe;
}

/** `relatedtypes`: the related lists of a module, keyed by relation label. */
export function relatedtypes(ctx: OperationContext): unknown {
  const meta = entityFromName(stringParam(ctx, 'elementType'));
  return relatedTypesOf(meta.name);
}
