import { getchallenge, login, extendsession, logout } from './auth';
import { type OperationHandler } from './context';
import { describe, listtypes, relatedtypes } from './meta';
import { query } from './query';
import { create, remove, retrieve, revise, update } from './records';
import { add_related, query_related, retrieve_related } from './related';
import { sync } from './sync';
import { phpNamedArgumentFailure } from './unsupported';
import { PhpFatal } from '../protocol/errors';

/** Handlers by lower-cased operation name (changePassword/deleteUser never get here, see the dispatcher). */
export const HANDLERS: ReadonlyMap<string, OperationHandler> = new Map<string, OperationHandler>([
  ['getchallenge', getchallenge],
  ['login', login],
  ['extendsession', extendsession],
  [
    'logout',
    (ctx) => {
      if (ctx.engine.profile === 'stock') throw new PhpFatal('Unknown named parameter $sessionName');
      return logout(ctx);
    },
  ],
  ['listtypes', listtypes],
  ['describe', describe],
  ['create', create],
  ['retrieve', retrieve],
  ['update', update],
  ['revise', revise],
  ['delete', remove],
  ['query', query],
  ['sync', sync],
  ['relatedtypes', relatedtypes],
  ['retrieve_related', retrieve_related],
  ['query_related', query_related],
  ['add_related', add_related],
  ['convertlead', phpNamedArgumentFailure],
  ['retrieve_inventory', phpNamedArgumentFailure],
  ['files_retrieve', phpNamedArgumentFailure],
]);
