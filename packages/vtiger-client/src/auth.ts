import { createHash } from 'node:crypto';

/**
 * The `accessKey` parameter of `login`: lowercase hex `md5(token + accessKey)` (protocol §4). Vtiger compares it
 * case-sensitively, so the hex must stay lowercase.
 *
 * ```ts
 * hashAccessKey('6b09ec035f77f', 'qyLG6ozhEnY22Sox') // '1e9cf167a4fff79ff8ff8a4197033b0b'
 * ```
 */
export function hashAccessKey(token: string, accessKey: string): string {
  return createHash('md5')
    .update(token + accessKey, 'utf8')
    .digest('hex');
}
