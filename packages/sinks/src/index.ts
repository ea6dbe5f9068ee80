/**
 * @vtiger-temporal/sinks — where synced Vtiger records land: one `(module, id)` table in SQLite or PostgreSQL,
 * written with idempotent upserts that never let an older `modifiedtime` overwrite a newer one, and tombstones.
 *
 * ```ts
 * import { openSink, parseSinkUrl, checksumRecords } from '@vtiger-temporal/sinks';
 *
 * const sink = await openSink(parseSinkUrl('sqlite:./data/vtiger.db')); // or postgres://user@host:5432/db
 * const { inserted, updated, unchanged } = await sink.upsertPage('Contacts', page); // one transaction per page
 * await sink.reconcileRange('Contacts', afterId, lastId, liveIdsFromVtiger);        // tombstone the missing
 * const { count, sha256 } = await sink.checksum('Contacts'); // === checksumRecords(allLiveRecords)
 * await sink.close();
 * ```
 */

// The contract
export type { Sink, SinkRecord, UpsertResult, SinkChecksum, CountOptions } from './types';

// Opening a sink
export { openSink, parseSinkUrl, validateSinkConfig } from './config';
export type { SinkConfig, SqliteSinkConfig, PostgresSinkConfig } from './config';
export { openSqliteSink } from './sqlite-sink';
export type { SqliteSinkOptions } from './sqlite-sink';
export { openPostgresSink } from './postgres-sink';
export type { PostgresSinkOptions } from './postgres-sink';

// Checksums and helpers
export { checksumRecords } from './checksum';
export { redactConnectionString } from './redact';
export { SCHEMA_VERSION } from './schema';

// Errors
export { SinkError, SinkConfigError, SinkInputError } from './errors';
export type { SinkKind, SinkOperation, SinkErrorOptions } from './errors';
