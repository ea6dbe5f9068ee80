import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { SEALED_SESSION_PREFIX } from '@vtiger-temporal/common';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD = Buffer.from('vtiger-temporal session v1');

/**
 * Seals session names so the bearer token never sits in plaintext workflow history. The key is derived (HKDF-SHA256)
 * from the connection's access key, endpoint and user, so every worker that holds the same credentials can open a
 * handle sealed by any other, and nobody without the access key can (who has it could simply log in).
 */
export class SessionSeal {
  readonly #key: Buffer;

  constructor(secret: { accessKey: string; endpoint: string; username: string }) {
    this.#key = Buffer.from(
      hkdfSync(
        'sha256',
        Buffer.from(secret.accessKey, 'utf8'),
        Buffer.from(`${secret.endpoint}\n${secret.username.toLowerCase()}`, 'utf8'),
        Buffer.from('vtiger-temporal/session-seal/v1', 'utf8'),
        32,
      ),
    );
  }

  /** `vts1.<base64url(iv | ciphertext | tag)>` */
  seal(sessionName: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(AAD);
    const body = Buffer.concat([cipher.update(sessionName, 'utf8'), cipher.final()]);
    return SEALED_SESSION_PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  /**
   * Opens a sealed handle. A plain (unsealed) session name is passed through, so sessions obtained outside Temporal
   * still work. Returns `undefined` when the handle was sealed with other credentials or is corrupt.
   */
  open(handle: string): string | undefined {
    if (!handle.startsWith(SEALED_SESSION_PREFIX)) return handle;
    const raw = Buffer.from(handle.slice(SEALED_SESSION_PREFIX.length), 'base64url');
    if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(AAD);
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
