import { ChecksumBuilder } from './internal/checksum-builder';
import { canonicalJson, crmidOf } from './internal/validate';
import type { SinkChecksum, SinkRecord } from './types';

/**
 * The checksum {@link Sink.checksum} computes, over any records (the simulator's data, a test's fixture): sha256
 * over one `id \t modifiedtime \t canonical JSON of data \n` line per record, ordered by crmid (then id). Canonical
 * JSON sorts object keys, so field order does not matter; the input order does not matter either.
 *
 * @throws {SinkInputError} when an id is not a Vtiger webservice id (`12x345`).
 */
export function checksumRecords(records: readonly SinkRecord[]): SinkChecksum {
  const keyed = records.map((record) => ({
    record,
    crmid: crmidOf(record.id, { operation: 'checksum' }),
  }));
  keyed.sort((a, b) => a.crmid - b.crmid || (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0));
  const builder = new ChecksumBuilder();
  for (const { record } of keyed) builder.add(record.id, record.modifiedtime, canonicalJson(record.data));
  return builder.digest();
}
