/**
 * `vtiger_ws_operation` / `vtiger_ws_operation_parameters` of a default 8.2 install (reference §3): HTTP type,
 * prelogin flag and the registered parameters in order. The type decides where the op's own parameters are
 * read from (GET-type: query string only, POST-type: form body only, §1).
 */
export type WsParamType = 'string' | 'encoded' | 'datetime';

/** One registered operation. */
export interface WsOperationSpec {
  readonly name: string;
  readonly type: 'GET' | 'POST';
  readonly prelogin: boolean;
  readonly params: ReadonlyArray<readonly [string, WsParamType]>;
}

const spec = (
  name: string,
  type: 'GET' | 'POST',
  prelogin: boolean,
  params: ReadonlyArray<readonly [string, WsParamType]> = [],
): WsOperationSpec => ({ name, type, prelogin, params });

/** Every operation the simulator registers, keyed by lower-cased name (the lookup is case-insensitive). */
export const OPERATIONS: ReadonlyMap<string, WsOperationSpec> = new Map(
  [
    spec('getchallenge', 'GET', true, [['username', 'string']]),
    spec('login', 'POST', true, [
      ['username', 'string'],
      ['accessKey', 'string'],
    ]),
    spec('extendsession', 'POST', true),
    spec('logout', 'POST', false, [['sessionName', 'string']]),
    spec('listtypes', 'GET', false, [['fieldTypeList', 'encoded']]),
    spec('describe', 'GET', false, [['elementType', 'string']]),
    spec('create', 'POST', false, [
      ['elementType', 'string'],
      ['element', 'encoded'],
    ]),
    spec('retrieve', 'GET', false, [['id', 'string']]),
    spec('update', 'POST', false, [['element', 'encoded']]),
    spec('revise', 'POST', false, [['element', 'encoded']]),
    spec('delete', 'POST', false, [['id', 'string']]),
    spec('query', 'GET', false, [['query', 'string']]),
    spec('sync', 'GET', false, [
      ['modifiedTime', 'datetime'],
      ['elementType', 'string'],
    ]),
    spec('convertlead', 'POST', false, [['element', 'encoded']]),
    spec('changepassword', 'POST', false, [
      ['id', 'string'],
      ['oldPassword', 'string'],
      ['newPassword', 'string'],
      ['confirmPassword', 'string'],
    ]),
    spec('deleteuser', 'POST', false, [
      ['id', 'string'],
      ['newOwnerId', 'string'],
    ]),
    spec('relatedtypes', 'GET', false, [['elementType', 'string']]),
    spec('retrieve_related', 'GET', false, [
      ['id', 'string'],
      ['relatedType', 'string'],
      ['relatedLabel', 'string'],
    ]),
    spec('query_related', 'GET', false, [
      ['query', 'string'],
      ['id', 'string'],
      ['relatedLabel', 'string'],
    ]),
    spec('add_related', 'POST', false, [
      ['sourceRecordId', 'string'],
      ['relatedRecordId', 'string'],
      ['relationIdLabel', 'string'],
    ]),
    spec('retrieve_inventory', 'GET', false, [['id', 'string']]),
    spec('files_retrieve', 'GET', false, [['id', 'string']]),
  ].map((op) => [op.name, op]),
);
