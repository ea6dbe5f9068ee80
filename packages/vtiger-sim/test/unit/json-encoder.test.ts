import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeVtigerJson } from '@vtiger-temporal/vtiger-sim';

test('escapes / as \\/ and non-ASCII as lowercase \\uXXXX, like the observed server', () => {
  expect(encodeVtigerJson({ lastname: 'Müller/Ørsted' })).toBe('{"lastname":"M\\u00fcller\\/\\u00d8rsted"}');
  expect(encodeVtigerJson('Zoë €')).toBe('"Zo\\u00eb \\u20ac"');
});

test('escapes quotes, backslashes and control characters; keeps other ASCII as is', () => {
  expect(encodeVtigerJson('a"b\\c\nd\te\r\b\f<>&\'')).toBe('"a\\"b\\\\c\\nd\\te\\r\\b\\f<>&\'"');
  expect(encodeVtigerJson('\u0001')).toBe('"\\u0001"');
});

test('astral characters become a surrogate pair of escapes', () => {
  expect(encodeVtigerJson('😀')).toBe('"\\ud83d\\ude00"');
});

test('an empty map encodes as [] (a PHP array), undefined members are dropped, null stays', () => {
  expect(encodeVtigerJson({ types: [], information: {} })).toBe('{"types":[],"information":[]}');
  expect(encodeVtigerJson({ a: undefined, b: null, c: 1, d: true })).toBe('{"b":null,"c":1,"d":true}');
});

test('re-encoding every captured live response reproduces it byte for byte', () => {
  const dir = join(__dirname, '..', '..', 'src', 'metadata', 'captured');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  expect(files.length).toBe(37);
  for (const file of files) {
    const raw = readFileSync(join(dir, file), 'utf8');
    expect({ file, encoded: encodeVtigerJson(JSON.parse(raw)) }).toEqual({ file, encoded: raw });
  }
});
