import { type ModuleMeta, USERS_PREFIX, isRecordModule } from '../metadata/modules';
import { PhpFatal, WsError, WsErrorCode, WsMessage } from '../protocol/errors';
import { type SimRecord } from '../store/records';
import { createRecord, deleteRecord, phpString, updateRecord } from '../store/writes';
import {
  type OperationContext,
  allowedTypes,
  canAccess,
  crmidPart,
  currentUser,
  entityFromId,
  entityFromName,
  stringParam,
} from './context';

/** A decoded `element`: an object, or empty for null/invalid JSON (which then fails the mandatory check). */
function elementOf(ctx: OperationContext): Record<string, unknown> {
  const element = ctx.params.element;
  // A JSON string reaches `$element[$field]` on a string: PHP 8 throws, HTTP 500.
  if (typeof element === 'string') throw new PhpFatal('Cannot access offset on string');
  if (element === null || typeof element !== 'object' || Array.isArray(element)) return {};
  return element as Record<string, unknown>;
}

/**
 * Resolves a record id through the server's checks, in its order (Retrieve/Update/Revise/Delete.php):
 * unknown prefix ⇒ ACCESS_DENIED "... for id"; missing or deleted record ⇒ ACCESS_DENIED (observed, not
 * RECORD_NOT_FOUND); prefix of another module ⇒ INVALID_ID_ATTRIBUTE; someone else's record (non-admin) ⇒
 * ACCESS_DENIED "Permission to read given object is denied".
 */
function resolveRecord(ctx: OperationContext, id: string | null, prefixSource: string | null = id): SimRecord {
  const wsModule = entityFromId(prefixSource);
  const crmid = crmidPart(id);
  const store = ctx.engine.store;
  const entityName = crmid === null ? null : store.liveModuleOf(wsModule.idPrefix, crmid);
  if (entityName === null || !allowedTypes().includes(entityName)) {
    throw new WsError(WsErrorCode.ACCESS_DENIED, WsMessage.permissionDenied);
  }
  if (entityName !== wsModule.name) throw new WsError(WsErrorCode.INVALID_ID_ATTRIBUTE, WsMessage.idIncorrect);
  const record = store.liveRecord(wsModule.idPrefix, crmid as number);
  if (!record) throw new WsError(WsErrorCode.ACCESS_DENIED, WsMessage.permissionDenied);
  if (!canAccess(currentUser(ctx), record.meta, record.ownerId)) {
    throw new WsError(WsErrorCode.ACCESS_DENIED, WsMessage.readObjectDenied);
  }
  return record;
}

/**
 * The reference-field loop of Create/Update/Revise: a non-empty value needs a known prefix whose module the
 * field may refer to; `dropEmpty` (create/update) removes empty references from the element, so update cannot
 * clear them.
 */
function checkReferences(
  ctx: OperationContext,
  meta: ModuleMeta,
  element: Record<string, unknown>,
  dropEmpty: boolean,
): void {
  for (const field of meta.fields) {
    if (field.kind !== 'reference') continue;
    const value = phpString(element[field.name]);
    if (value !== undefined && value.length > 0) {
      const target = entityFromId(value.split('x')[0] ?? '');
      if (!field.refersTo.includes(target.name)) {
        throw new WsError(WsErrorCode.REFERENCE_INVALID, `Invalid reference specified for ${field.name}`);
      }
      if (target.idPrefix === USERS_PREFIX && !ctx.engine.users.canAssignTo(value)) {
        throw new WsError(WsErrorCode.ACCESS_DENIED, WsMessage.cannotAssign);
      }
    } else if (dropEmpty && element[field.name] !== null && element[field.name] !== undefined) {
      delete element[field.name];
    }
  }
}

/** `hasMandatoryFields()`: every mandatory field present and not empty, in describe order. */
function checkMandatory(meta: ModuleMeta, element: Record<string, unknown>, onlyPresent: boolean): void {
  for (const name of meta.mandatory) {
    if (onlyPresent && !Object.prototype.hasOwnProperty.call(element, name)) continue;
    const value = element[name];
    if (value === undefined || value === null || value === '') {
      throw new WsError(WsErrorCode.MANDATORY_FIELDS_MISSING, `${name} does not have a value`);
    }
  }
}

/** Owner fields must name an active user or a group. */
function checkOwners(ctx: OperationContext, meta: ModuleMeta, element: Record<string, unknown>): void {
  for (const field of meta.fields) {
    if (field.kind !== 'owner') continue;
    const value = element[field.name];
    if (value === undefined || value === null) continue;
    if (!ctx.engine.users.canAssignTo(phpString(value) ?? '')) {
      throw new WsError(WsErrorCode.ACCESS_DENIED, WsMessage.cannotAssign);
    }
  }
}

/** `create`: full new record with `id` and `label`. */
export function create(ctx: OperationContext): unknown {
  const elementType = stringParam(ctx, 'elementType');
  if (elementType === null || !allowedTypes().includes(elementType)) {
    throw new WsError(WsErrorCode.ACCESS_DENIED, WsMessage.permissionDenied);
  }
  const meta = entityFromName(elementType);
  if (!isRecordModule(meta)) throw new WsError(WsErrorCode.ACCESS_DENIED, 'Permission to write is denied');
  const element = { ...elementOf(ctx) };
  checkReferences(ctx, meta, element, true);
  checkMandatory(meta, element, false);
  checkOwners(ctx, meta, element);
  const { engine } = ctx;
  const record = createRecord(engine.store, meta, element, currentUser(ctx), engine.clock());
  return engine.store.rowWithLabel(record);
}

/** `retrieve`: the record with `label`. */
export function retrieve(ctx: OperationContext): unknown {
  const record = resolveRecord(ctx, stringParam(ctx, 'id'));
  return ctx.engine.store.rowWithLabel(record);
}

function write(ctx: OperationContext, mode: 'update' | 'revise'): unknown {
  const element = { ...elementOf(ctx) };
  const id = phpString(element.id) ?? null;
  // Update/Revise look the entity up by the prefix component alone.
  const record = resolveRecord(ctx, id, id === null ? '' : (id.split('x')[0] ?? ''));
  if (!isRecordModule(record.meta)) throw new WsError(WsErrorCode.ACCESS_DENIED, 'Permission to write is denied');
  checkReferences(ctx, record.meta, element, mode === 'update');
  checkMandatory(record.meta, element, mode === 'revise');
  checkOwners(ctx, record.meta, element);
  const { engine } = ctx;
  updateRecord(engine.store, record, element, currentUser(ctx), engine.clock());
  return engine.store.rowWithLabel(record);
}

/** `update`: the element must carry `id` and every mandatory field; omitted optional fields stay (§11). */
export function update(ctx: OperationContext): unknown {
  return write(ctx, 'update');
}

/** `revise`: `id` plus the fields to change. */
export function revise(ctx: OperationContext): unknown {
  return write(ctx, 'revise');
}

/** `delete`: `{"status":"successful"}`; a second delete is ACCESS_DENIED. */
export function remove(ctx: OperationContext): unknown {
  const record = resolveRecord(ctx, stringParam(ctx, 'id'));
  if (!isRecordModule(record.meta)) throw new WsError(WsErrorCode.ACCESS_DENIED, 'Permission to delete is denied');
  const { engine } = ctx;
  deleteRecord(engine.store, record, currentUser(ctx), engine.clock());
  return { status: 'successful' };
}
