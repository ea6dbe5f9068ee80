/**
 * PHP `htmlentities($s, ENT_QUOTES, 'UTF-8')` for the characters that matter here. Vtiger stores record labels
 * entity-encoded (reference §1: `"Zo&euml; ..."`), while field values stay raw.
 */
const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute ' +
  'micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig ' +
  'Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash ' +
  'Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ' +
  'ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc ' +
  'uuml yacute thorn yuml';

const GREEK_UPPER = 'Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho';
const GREEK_UPPER_2 = 'Sigma Tau Upsilon Phi Chi Psi Omega';
const GREEK_LOWER =
  'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigmaf sigma tau ' +
  'upsilon phi chi psi omega';

const OTHERS: ReadonlyArray<readonly [number, string]> = [
  [338, 'OElig'],
  [339, 'oelig'],
  [352, 'Scaron'],
  [353, 'scaron'],
  [376, 'Yuml'],
  [402, 'fnof'],
  [710, 'circ'],
  [732, 'tilde'],
  [8194, 'ensp'],
  [8195, 'emsp'],
  [8201, 'thinsp'],
  [8211, 'ndash'],
  [8212, 'mdash'],
  [8216, 'lsquo'],
  [8217, 'rsquo'],
  [8218, 'sbquo'],
  [8220, 'ldquo'],
  [8221, 'rdquo'],
  [8222, 'bdquo'],
  [8224, 'dagger'],
  [8225, 'Dagger'],
  [8226, 'bull'],
  [8230, 'hellip'],
  [8240, 'permil'],
  [8242, 'prime'],
  [8243, 'Prime'],
  [8249, 'lsaquo'],
  [8250, 'rsaquo'],
  [8364, 'euro'],
  [8482, 'trade'],
];

const TABLE: ReadonlyMap<number, string> = (() => {
  const map = new Map<number, string>([
    [38, '&amp;'],
    [34, '&quot;'],
    [39, '&#039;'],
    [60, '&lt;'],
    [62, '&gt;'],
  ]);
  LATIN1.split(' ').forEach((name, i) => map.set(160 + i, `&${name};`));
  GREEK_UPPER.split(' ').forEach((name, i) => map.set(913 + i, `&${name};`));
  GREEK_UPPER_2.split(' ').forEach((name, i) => map.set(931 + i, `&${name};`));
  GREEK_LOWER.split(' ').forEach((name, i) => map.set(945 + i, `&${name};`));
  for (const [code, name] of OTHERS) map.set(code, `&${name};`);
  return map;
})();

const NEEDS_ENCODING = /[&"'<>\u00a0-\uffff]/;

/** Encodes like PHP `htmlentities(..., ENT_QUOTES)`; characters without a named entity pass through. */
export function htmlEntities(value: string): string {
  if (!NEEDS_ENCODING.test(value)) return value;
  let out = '';
  for (const ch of value) {
    out += TABLE.get(ch.codePointAt(0) ?? 0) ?? ch;
  }
  return out;
}
