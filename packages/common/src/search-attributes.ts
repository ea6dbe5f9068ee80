import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Connection profile of a sync (Keyword). */
export const VtigerConnectionSearchAttribute = defineSearchAttributeKey(
  'VtigerConnection',
  SearchAttributeType.KEYWORD,
);
/** Modules a sync covers (KeywordList). */
export const VtigerModulesSearchAttribute = defineSearchAttributeKey('VtigerModules', SearchAttributeType.KEYWORD_LIST);
/** Sync state: `starting`, `loading`, `following`, `paused`, `stopping`, `done` (Keyword). */
export const VtigerSyncStateSearchAttribute = defineSearchAttributeKey('VtigerSyncState', SearchAttributeType.KEYWORD);
/** Records written to the sink so far (Int). */
export const VtigerRecordsSyncedSearchAttribute = defineSearchAttributeKey(
  'VtigerRecordsSynced',
  SearchAttributeType.INT,
);

/**
 * The project's search attributes with the type names `temporal server start-dev --search-attribute` and
 * `temporal operator search-attribute create` take. Register them on any server the sync runs on.
 */
export const SEARCH_ATTRIBUTE_REGISTRATIONS = {
  VtigerConnection: 'Keyword',
  VtigerModules: 'KeywordList',
  VtigerSyncState: 'Keyword',
  VtigerRecordsSynced: 'Int',
} as const;
