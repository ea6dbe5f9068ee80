import { num } from '../internal/intrinsics';
/**
 * Just enough MySQL value semantics for VTQL's WHERE and ORDER BY: `utf8_general_ci` string comparison
 * (case- and accent-insensitive, trailing spaces ignored), string-to-number casts and LIKE patterns.
 */

const PRINTABLE_ASCII = /^[ -~]*$/;
const MARKS = /[\u0300-\u036f]/g;

/** The collation key of a string under `utf8_general_ci`. */
export function collate(value: string): string {
  const trimmed = value.replace(/ +$/, '');
  if (PRINTABLE_ASCII.test(trimmed)) return trimmed.toLowerCase();
  return trimmed.normalize('NFD').replace(MARKS, '').toLowerCase();
}

/** MySQL's string-to-number cast: the longest numeric prefix, else 0 (`'12abc'` → 12, `'abc'` → 0). */
export function mysqlNumber(value: string): number {
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(value);
  return m ? num(m[0]) : 0;
}

/** True for an unquoted VTQL literal MySQL reads as a number. */
export function isNumericLiteral(value: string): boolean {
  return /^[+-]?\d+$/.test(value);
}

/** Compiles a LIKE pattern (already collated) to an anchored RegExp; `\%` and `\_` are literal. */
export function likePattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\' && i + 1 < pattern.length) {
      source += escapeRegExp(pattern[++i] as string);
    } else if (ch === '%') {
      source += '[\\s\\S]*';
    } else if (ch === '_') {
      source += '[\\s\\S]';
    } else {
      source += escapeRegExp(ch);
    }
  }
  return new RegExp(`^${source}$`);
}

function escapeRegExp(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Three-way compare. */
export function compare<T extends string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
