import { MODULES_BY_PREFIX } from '../metadata/modules';
import { RELATED_LISTS, relatedTypesOf } from '../metadata/relations';
import { WsError, WsErrorCode, WsMessage, deniedForName } from '../protocol/errors';
import { mysqlInt, wsIdOf } from '../store/records';
import { type OperationContext, crmidPart, currentUser, entityFromId, stringParam } from './context';
import { runQuery } from './query';

const RELATION_INCORRECT = (): WsError => new WsError(WsErrorCode.UNKOWN_ENTITY, WsMessage.relationIncorrect);

/**
 * `vtws_query_related()`: checks the relation label against the source module's related lists, collects the
 * related ids and rewrites the query to `... WHERE id IN ('…') [AND <original condition>];` — so the query
 * must not end with `;` itself. No related records ⇒ `[]` without running the query.
 */
function queryRelated(ctx: OperationContext, text: string | null, id: string | null, label: string | null): unknown {
  const { engine } = ctx;
  const wsModule = entityFromId(id);
  const crmid = crmidPart(id);
  const entityName = crmid === null ? null : engine.store.liveModuleOf(wsModule.idPrefix, crmid);
  const relatedType = text === null ? null : (/FROM\s+([^\s]+)/i.exec(text)?.[1]?.trim() ?? null);
  if (entityName === null) throw deniedForName(null);
  const information = relatedTypesOf(entityName).information;
  const found = Object.entries(information).some(([l, info]) => l === label && info.name === relatedType);
  if (!found) throw RELATION_INCORRECT();
  const source = engine.store.liveRecord(wsModule.idPrefix, crmid as number);
  const related = source ? engine.store.relatedIds(source, relatedType as string) : [];
  if (related.length === 0) return [];

  let rewritten = text as string;
  const clause = `id IN ('${related.map(wsIdOf).join("','")}')`;
  // PHP: stripos() == false is also true at position 0; explode() on 'WHERE' is case-sensitive.
  const position = rewritten.toLowerCase().indexOf('where');
  if (position <= 0) {
    rewritten += ` WHERE ${clause}`;
  } else {
    const parts = rewritten.split('WHERE');
    rewritten = `${parts[0] ?? ''} WHERE ${clause} AND ${parts[1] ?? ''}`;
  }
  rewritten += ';';
  const outcome = runQuery(engine, currentUser(ctx), rewritten);
  ctx.cost = { kind: 'query', stats: outcome.stats };
  return outcome.rows;
}

/** `query_related`. */
export function query_related(ctx: OperationContext): unknown {
  return queryRelated(ctx, stringParam(ctx, 'query'), stringParam(ctx, 'id'), stringParam(ctx, 'relatedLabel'));
}

/** `retrieve_related`: `query_related` with `SELECT * FROM <relatedType>`. */
export function retrieve_related(ctx: OperationContext): unknown {
  const relatedType = stringParam(ctx, 'relatedType');
  return queryRelated(
    ctx,
    `SELECT * FROM ${relatedType ?? ''}`,
    stringParam(ctx, 'id'),
    stringParam(ctx, 'relatedLabel'),
  );
}

/**
 * `add_related`: relates two records through a relation of the source module. A deleted/missing source or an
 * unknown id prefix is a plain PHP Exception there (INTERNAL_SERVER_ERROR); a label that is not a relation
 * between the two modules ⇒ UNKOWN_ENTITY "Relation specified is incorrect".
 */
export function add_related(ctx: OperationContext): unknown {
  const { store } = ctx.engine;
  const sourceId = stringParam(ctx, 'sourceRecordId') ?? '';
  const relatedId = stringParam(ctx, 'relatedRecordId') ?? '';
  const label = stringParam(ctx, 'relationIdLabel');
  const unknownError = (): WsError => new WsError(WsErrorCode.INTERNAL_SERVER_ERROR, WsMessage.unknownError);
  const sourceCrmid = mysqlInt(sourceId.split('x')[1]);
  const source = store.get(sourceCrmid);
  if (!source || source.deleted) throw unknownError();
  const sourceModule = MODULES_BY_PREFIX.get(mysqlInt(sourceId.split('x')[0]));
  const relatedModule = MODULES_BY_PREFIX.get(mysqlInt(relatedId.split('x')[0]));
  if (!sourceModule || !relatedModule) throw unknownError();
  const relations = RELATED_LISTS.get(sourceModule.name) ?? [];
  const relation =
    label === null
      ? relations.find((r) => r.module === relatedModule.name)
      : relations.find((r) => r.label === label && r.module === relatedModule.name);
  if (!relation) throw RELATION_INCORRECT();
  const related = store.get(mysqlInt(relatedId.split('x')[1]));
  if (
    related &&
    !related.deleted &&
    related.meta.name === relatedModule.name &&
    source.meta.name === sourceModule.name
  ) {
    store.link(source.crmid, related.crmid);
  }
  return { message: 'successfull' };
}
