import { formatDateTime, parseDateTimeSeconds } from '../internal/time';
import { LISTTYPES } from '../metadata/modules';
import { PhpFatal, WsError, WsErrorCode, WsMessage } from '../protocol/errors';
import { type SimRecord, wsIdOf } from '../store/records';
import { type OperationContext, currentUser, stringParam } from './context';

/** `sync` pages by the first 100 distinct-or-not modifiedtimes after the cursor (GetUpdates.php). */
const SYNC_LIMIT = 100;

/**
 * `sync` where it runs (compat profile, reference §8): owner-scoped to the calling user; the page is every
 * record with modifiedtime in (cursor, max of the next 100 modifiedtimes], so it never splits a second and can
 * exceed 100; deleted records go to `deleted`; `lastModifiedTime` is an integer. `Users` is accepted and echoes
 * the cursor as a string. `modifiedTime` 0/absent/non-numeric, or no `elementType`, is HTTP 500 on PHP 8.
 */
export function sync(ctx: OperationContext): unknown {
  const { engine } = ctx;
  if (engine.profile === 'stock') throw new PhpFatal('Unknown named parameter $modifiedTime');
  const mtimeParam = stringParam(ctx, 'modifiedTime');
  if (mtimeParam === null || !/^\s*[+-]?\d+(\.\d*)?\s*$/.test(mtimeParam)) {
    throw new PhpFatal('date(): Argument #2 ($timestamp) must be of type ?int');
  }
  const mtime = Math.trunc(Number(mtimeParam));
  const elementType = stringParam(ctx, 'elementType');
  if (elementType === null) throw new PhpFatal('all-module sync fails on PHP 8');
  const info = LISTTYPES.information[elementType];
  if (!info?.isEntity) throw new WsError(WsErrorCode.ACCESS_DENIED, WsMessage.permissionDenied);
  if (elementType === 'Users') {
    // Users is dropped from the module list; the early return echoes the raw parameter (a string).
    return { updated: [], deleted: [], lastModifiedTime: mtimeParam, more: false };
  }
  const user = currentUser(ctx);
  const since = formatDateTime(mtime * 1000);
  const table = engine.store.table(elementType);
  const owned: SimRecord[] = [];
  for (const record of table?.rows ?? []) {
    if (record.ownerId === user.id && (record.values.modifiedtime ?? '') > since) owned.push(record);
  }
  const times = owned.map((r) => r.values.modifiedtime ?? '').sort();
  const max = times.length > 0 ? (times[Math.min(SYNC_LIMIT, times.length) - 1] as string) : since;
  const updated: Array<Record<string, string>> = [];
  const deleted: string[] = [];
  let more = false;
  for (const record of owned) {
    const t = record.values.modifiedtime ?? '';
    if (t > max) {
      more = true;
      continue;
    }
    if (record.deleted) deleted.push(wsIdOf(record));
    else updated.push(engine.store.row(record));
  }
  return { updated, deleted, more, lastModifiedTime: parseDateTimeSeconds(max) };
}
