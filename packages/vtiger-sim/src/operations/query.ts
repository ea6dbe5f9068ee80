import { type SimEngine } from '../engine';
import { moduleByName } from '../metadata/modules';
import { WsError, WsErrorCode, WsMessage, deniedForName } from '../protocol/errors';
import { type UserRow } from '../store/users';
import { type QueryOutcome, executeVtql, validateVtql } from '../vtql/evaluator';
import { VtqlLexError, VtqlSyntaxError, parseVtql } from '../vtql/parser';
import { type OperationContext, allowedTypes, currentUser, stringParam } from './context';

/** The module regex `vtws_query()` applies before parsing (so `FROM Nope` fails before any syntax error). */
const MODULE_REGEX = /[fF][rR][Oo][Mm]\s+([^\s;]+)/;

/**
 * `vtws_query()`: module from the raw text, then the VTQL parse (module re-checked when the parser reaches the
 * table name), the column checks, and the execution with the row cap and per-record permission post-filter.
 *
 * @throws {WsError} ACCESS_DENIED / QUERY_SYNTAX_ERROR / INVALID_ID_ATTRIBUTE / INTERNAL_SERVER_ERROR /
 *   DATABASE_QUERY_ERROR as the server would
 */
export function runQuery(engine: SimEngine, user: UserRow, text: string | null): QueryOutcome {
  const match = text === null ? null : MODULE_REGEX.exec(text);
  if (!match) throw new WsError(WsErrorCode.ACCESS_DENIED, WsMessage.permissionDeniedForQuery);
  const regexModule = (match[1] ?? '').trim();
  if (!moduleByName(regexModule)) throw deniedForName(regexModule);
  if (!allowedTypes().includes(regexModule)) throw new WsError(WsErrorCode.ACCESS_DENIED, WsMessage.permissionDenied);
  let query;
  try {
    query = parseVtql(text as string, {
      onTable: (name) => {
        if (!moduleByName(name)) throw deniedForName(name);
      },
    });
  } catch (error) {
    if (error instanceof VtqlSyntaxError) throw new WsError(WsErrorCode.QUERY_SYNTAX_ERROR, error.message);
    // The PHP lexer throws a plain Exception, which the dispatcher reports as an unknown error.
    if (error instanceof VtqlLexError) throw new WsError(WsErrorCode.INTERNAL_SERVER_ERROR, WsMessage.unknownError);
    throw error;
  }
  const meta = moduleByName(query.module);
  if (!meta) throw deniedForName(query.module);
  validateVtql(query, meta);
  return executeVtql(query, meta, engine.store.table(meta.name), engine.store, user);
}

/** `query`. */
export function query(ctx: OperationContext): unknown {
  const outcome = runQuery(ctx.engine, currentUser(ctx), stringParam(ctx, 'query'));
  ctx.cost = { kind: 'query', stats: outcome.stats };
  return outcome.rows;
}
