/**
 * @vtiger-temporal/codec — encrypt Temporal payloads (AES-256-GCM) so session names and records never sit in
 * plaintext history, and serve a codec endpoint for the Web UI.
 *
 * ```ts
 * const codec = new AesGcmPayloadCodec({ key: parseCodecKey(process.env.VTIGER_TEMPORAL_CODEC_KEY!) });
 * const client = new Client({ connection, dataConverter: { payloadCodecs: [codec] } });
 * const server = await startCodecServer({ codec, allowedOrigins: ['http://127.0.0.1:8233'] });
 * ```
 */

// Codec
export { AesGcmPayloadCodec, parseCodecKey, CodecKeyError, ENCRYPTED_ENCODING } from './aes-gcm-codec';
export type { AesGcmCodecOptions } from './aes-gcm-codec';

// Codec server
export { startCodecServer } from './codec-server';
export type { CodecServer, CodecServerOptions } from './codec-server';
