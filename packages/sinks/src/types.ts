import type { SinkKind } from './errors';

/** One Vtiger record as it lands in a sink. */
export interface SinkRecord {
  /** Vtiger's webservice id, `<module prefix>x<crmid>` (`12x345`). */
  id: string;
  /** `YYYY-MM-DD HH:MM:SS`, exactly as Vtiger sends it (server time zone); compared as text. */
  modifiedtime: string;
  /** The record's fields as Vtiger returns them. */
  data: Record<string, string>;
}

/**
 * What one {@link Sink.upsertPage} did. The three counts add up to the number of records passed in (a duplicate id
 * in the same page counts as `unchanged`: only its newest copy is written).
 */
export interface UpsertResult {
  /** Records that were not stored before. */
  inserted: number;
  /** Stored records that changed: newer `modifiedtime`, different data at the same `modifiedtime`, or revived. */
  updated: number;
  /** Records already stored with the same content, or whose stored copy is newer. */
  unchanged: number;
}

/** A checksum over a module's live records (see {@link checksumRecords}). */
export interface SinkChecksum {
  /** How many live records the checksum covers. */
  count: number;
  /** Lowercase hex sha256. */
  sha256: string;
}

/** Options of {@link Sink.count}. */
export interface CountOptions {
  /**
   * Count tombstoned rows too.
   * @default false
   */
  includeDeleted?: boolean;
}

/**
 * Where synced Vtiger records land: one table of `(module, id)` rows holding each record's latest known version.
 *
 * Every write is idempotent and monotonic on `modifiedtime`, so re-reading a page (a retried activity, an
 * incremental pass with overlap) is harmless, and several workers may write the same module at once. Every method
 * rejects with {@link SinkInputError} for bad arguments (nothing written) and {@link SinkError} for driver failures.
 */
export interface Sink {
  readonly kind: SinkKind;

  /**
   * Upserts one page of records in one transaction: all of it is written or none of it.
   *
   * An older `modifiedtime` never overwrites a newer one; an equal one overwrites (idempotent). A tombstoned record
   * that comes back with a `modifiedtime` at least as new as the stored one is revived (`deleted_at` cleared).
   */
  upsertPage(module: string, records: readonly SinkRecord[]): Promise<UpsertResult>;

  /** Tombstones the given ids (sets `deleted_at`, keeps the row). Returns how many live rows were tombstoned. */
  tombstone(module: string, ids: readonly string[]): Promise<number>;

  /**
   * Reconcile support: `liveIds` are the ids Vtiger still has in the crmid range `(afterId, lastId]`; every live
   * stored id of the module in that range that is not among them is tombstoned. Ids compare by crmid (the number
   * after the `x`). `afterId` undefined opens the range at the start, `lastId` undefined at the end (the final,
   * empty page of a reconcile pass). Returns how many rows were tombstoned.
   *
   * @throws {SinkInputError} when a live id lies outside the range (a cursor bug that would tombstone live rows).
   */
  reconcileRange(
    module: string,
    afterId: string | undefined,
    lastId: string | undefined,
    liveIds: readonly string[],
  ): Promise<number>;

  /** How many rows of the module are stored; live ones only unless `includeDeleted`. */
  count(module: string, opts?: CountOptions): Promise<number>;

  /** The module's live records ordered by crmid. Loads them all: meant for checksums, tests and small modules. */
  records(module: string): Promise<SinkRecord[]>;

  /** {@link checksumRecords} over the module's live records, computed without loading them all at once. */
  checksum(module: string): Promise<SinkChecksum>;

  /** Releases the database (closes the SQLite file; ends the pool unless it was passed in). Idempotent. */
  close(): Promise<void>;
}
