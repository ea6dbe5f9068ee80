import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { AesGcmPayloadCodec, CodecKeyError, ENCRYPTED_ENCODING, parseCodecKey } from '@vtiger-temporal/codec';

const json = (value: unknown): Payload => ({
  metadata: { encoding: Buffer.from('json/plain') },
  data: Buffer.from(JSON.stringify(value)),
});

test('round-trips payloads and hides their content', async () => {
  const codec = new AesGcmPayloadCodec({ key: randomBytes(32) });
  const original = json({ sessionName: 'secret-session-1234' });
  const [encoded] = await codec.encode([original]);
  expect(Buffer.from(encoded!.metadata!.encoding!).toString()).toBe(ENCRYPTED_ENCODING);
  expect(Buffer.from(encoded!.data!).toString('latin1')).not.toContain('secret-session');
  const [decoded] = await codec.decode([encoded!]);
  expect(Buffer.from(decoded!.data!).toString()).toBe(JSON.stringify({ sessionName: 'secret-session-1234' }));
});

test('plain payloads (from the Temporal CLI) pass through decode unchanged', async () => {
  const codec = new AesGcmPayloadCodec({ key: randomBytes(32) });
  const plain = json({ module: 'Contacts' });
  expect(await codec.decode([plain])).toEqual([plain]);
});

test('a wrong key is a clear error', async () => {
  const [encoded] = await new AesGcmPayloadCodec({ key: randomBytes(32) }).encode([json(1)]);
  await expect(new AesGcmPayloadCodec({ key: randomBytes(32) }).decode([encoded!])).rejects.toThrow(
    'Cannot decrypt a payload encrypted with key id "default": wrong codec key',
  );
});

test('keyId is only a label in the metadata: decoding uses the one configured key whatever the id', async () => {
  const key = randomBytes(32);
  const [encoded] = await new AesGcmPayloadCodec({ key, keyId: 'ops-2024' }).encode([json({ n: 1 })]);
  expect(Buffer.from(encoded!.metadata!['encryption-key-id']!).toString()).toBe('ops-2024');
  const [decoded] = await new AesGcmPayloadCodec({ key, keyId: 'another-label' }).decode([encoded!]);
  expect(Buffer.from(decoded!.data!).toString()).toBe(JSON.stringify({ n: 1 }));
  await expect(new AesGcmPayloadCodec({ key: randomBytes(32), keyId: 'ops-2024' }).decode([encoded!])).rejects.toThrow(
    'Cannot decrypt a payload encrypted with key id "ops-2024": wrong codec key',
  );
});

test('keys parse from hex or base64 and bad ones are refused without being echoed', () => {
  const key = randomBytes(32);
  expect(parseCodecKey(key.toString('hex')).equals(key)).toBe(true);
  expect(parseCodecKey(key.toString('base64')).equals(key)).toBe(true);
  expect(() => parseCodecKey('tooshort-secret')).toThrow(CodecKeyError);
  expect(() => parseCodecKey('tooshort-secret')).not.toThrow(/tooshort-secret/);
});
