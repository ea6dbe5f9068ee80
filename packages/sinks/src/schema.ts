/** The version of the table layout this library writes; stored per table in `vtiger_sink_meta`. */
export const SCHEMA_VERSION = 1;

/** Records the schema version of each records table (so several tables can share a database or schema). */
export const META_TABLE = 'vtiger_sink_meta';

/** The default records table. */
export const DEFAULT_TABLE = 'vtiger_records';

/** Builds the "written by a newer library" message for an unknown schema version. */
export function newerSchemaMessage(table: string, found: number): string {
  return (
    `table ${table} has schema version ${found}, newer than the ${SCHEMA_VERSION} this version of ` +
    '@vtiger-temporal/sinks supports; upgrade the package on this worker'
  );
}
