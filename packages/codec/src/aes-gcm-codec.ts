import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/** Metadata `encoding` of payloads this codec produced. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
const KEY_ID_META = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Thrown when a codec key is malformed, or an encrypted payload cannot be decrypted with the configured key. */
export class CodecKeyError extends Error {
  override readonly name = 'CodecKeyError';
}

/**
 * Parses a 256-bit key given as 64 hex characters or base64 (44 chars with padding).
 * @throws CodecKeyError naming the accepted forms (the key itself is never echoed)
 */
export function parseCodecKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32 || (!/^[0-9a-fA-F]{64}$/.test(trimmed) && key.toString('base64') !== trimmed)) {
    throw new CodecKeyError(
      `The codec key must be 32 random bytes as 64 hex characters or base64 (got ${trimmed.length} characters). ` +
        "Make one with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"",
    );
  }
  return key;
}

/** Options of {@link AesGcmPayloadCodec}. */
export interface AesGcmCodecOptions {
  /** 32-byte key. */
  key: Buffer;
  /**
   * A label recorded in each encrypted payload's metadata (`encryption-key-id`), so that operators can tell which key
   * encrypted it; a decode error names it too. Decoding never reads it to pick a key: every payload is decrypted with
   * the one configured `key`. Key rotation is not supported — payloads encrypted under another key cannot be decoded.
   * @default 'default'
   */
  keyId?: string;
}

/**
 * Encrypts every payload with AES-256-GCM (`binary/encrypted`) under one key. Decoding passes other payloads through
 * unchanged, so plain JSON sent by the Temporal CLI still reaches workflows.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  readonly #key: Buffer;
  readonly #keyId: string;

  constructor(options: AesGcmCodecOptions) {
    if (options.key.length !== 32) throw new CodecKeyError('AesGcmPayloadCodec: the key must be 32 bytes');
    this.#key = options.key;
    this.#keyId = options.keyId ?? 'default';
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          encoding: Buffer.from(ENCRYPTED_ENCODING),
          [KEY_ID_META]: Buffer.from(this.#keyId),
        },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.encoding ? Buffer.from(payload.metadata.encoding).toString() : undefined;
      if (encoding !== ENCRYPTED_ENCODING) return payload;
      const raw = Buffer.from(payload.data ?? new Uint8Array());
      if (raw.length < IV_BYTES + TAG_BYTES) throw new CodecKeyError('Encrypted payload is truncated');
      try {
        const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES));
        decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
          decipher.final(),
        ]);
        return temporal.api.common.v1.Payload.decode(plain) as Payload;
      } catch {
        const keyId = payload.metadata?.[KEY_ID_META] ? Buffer.from(payload.metadata[KEY_ID_META]).toString() : '?';
        throw new CodecKeyError(`Cannot decrypt a payload encrypted with key id "${keyId}": wrong codec key`);
      }
    });
  }
}
