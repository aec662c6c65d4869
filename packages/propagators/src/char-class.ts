/**
 * Character classes of the header grammars, as bit flags in one 128-entry table
 * indexed by char code. Parsers test `c < 128 && (CHAR_CLASS[c] & FLAG) !== 0`
 * instead of running regular expressions over untrusted input.
 *
 * @internal
 */

/** `0-9 a-f` (HEXDIGLC of W3C Trace Context §3.2.2). */
export const LOWER_HEX = 0x01;
/** `0-9 a-f A-F`. */
export const ANY_HEX = 0x02;
/** `tchar` of RFC 9110 §5.6.2 (a baggage key, an HTTP header name). */
export const TOKEN = 0x04;
/** `baggage-octet` of W3C Baggage §3.3.1: printable ASCII except `"` `,` `;` `\` and space. */
export const BAGGAGE_OCTET = 0x08;

/** The class bits of each ASCII code point; 0 for code points outside every class. */
export const CHAR_CLASS: Uint8Array = buildTable();

function buildTable(): Uint8Array {
  const t = new Uint8Array(128);
  for (let c = 0x30; c <= 0x39; c++) t[c]! |= LOWER_HEX | ANY_HEX;
  for (let c = 0x61; c <= 0x66; c++) t[c]! |= LOWER_HEX | ANY_HEX;
  for (let c = 0x41; c <= 0x46; c++) t[c]! |= ANY_HEX;
  for (let c = 0x30; c <= 0x39; c++) t[c]! |= TOKEN;
  for (let c = 0x41; c <= 0x5a; c++) t[c]! |= TOKEN;
  for (let c = 0x61; c <= 0x7a; c++) t[c]! |= TOKEN;
  for (const ch of "!#$%&'*+-.^_`|~") t[ch.charCodeAt(0)]! |= TOKEN;
  for (let c = 0x21; c <= 0x7e; c++) {
    if (c !== 0x22 && c !== 0x2c && c !== 0x3b && c !== 0x5c) t[c]! |= BAGGAGE_OCTET;
  }
  return t;
}

/** True for the optional whitespace of RFC 9110 §5.6.3 (space or horizontal tab). */
export function isOws(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** True when every character of `s` is a `tchar` and `s` is not empty. */
export function isToken(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || (CHAR_CLASS[c]! & TOKEN) === 0) return false;
  }
  return true;
}
