import { isArray, isFiniteNumber, objectKeys, str, stringify } from '../internal/intrinsics';
/**
 * Vtiger's JSON encoder (the bundled Zend_Json built-in encoder, reference §1), not `json_encode`:
 * - `/` is escaped as `\/` and every non-ASCII UTF-16 unit as a lowercase `\uXXXX`
 *   (observed: `"M\u00fcller\/\u00d8rsted"`);
 * - PHP arrays: a list encodes as `[...]`, a map as `{...}`, and an *empty* map as `[]` (PHP cannot tell an
 *   empty map from an empty list), so `{"types":[],"information":[]}` is what an empty relatedtypes looks like;
 * - `undefined` members are skipped (Zend skips unset properties).
 *
 * Deviation, on purpose: control characters other than `\b \f \n \r \t` are emitted as `\u00XX` (Zend emits
 * them raw, which no JSON parser accepts).
 */
export function encodeVtigerJson(value: unknown): string {
  return encodeValue(value);
}

const NEEDS_FIXUP = /[/\u0080-\uffff]/;
const FIXUP = /[/\u0080-\uffff]/g;

function escapeUnit(ch: string): string {
  if (ch === '/') return '\\/';
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Encodes one string the way Zend_Json does (see the module comment). */
export function encodeVtigerString(value: string): string {
  // JSON.stringify already escapes `"`, `\`, \b \f \n \r \t and other controls; only `/` and non-ASCII differ.
  const json = stringify(value);
  return NEEDS_FIXUP.test(json) ? json.replace(FIXUP, escapeUnit) : json;
}

function encodeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return encodeVtigerString(value);
    case 'number':
      return isFiniteNumber(value) ? str(value) : '0';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object':
      if (value === null) return 'null';
      if (isArray(value)) return `[${value.map((item) => encodeValue(item === undefined ? null : item)).join(',')}]`;
      return encodeObject(value as Record<string, unknown>);
    default:
      return 'null';
  }
}

function encodeObject(value: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of objectKeys(value)) {
    const member = value[key];
    if (member === undefined) continue;
    parts.push(`${encodeVtigerString(key)}:${encodeValue(member)}`);
  }
  return parts.length === 0 ? '[]' : `{${parts.join(',')}}`;
}
