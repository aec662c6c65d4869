import { ANY_HEX, BAGGAGE_OCTET, CHAR_CLASS } from './char-class.js';

/**
 * Percent-encoding (RFC 3986 §2.1) of baggage values, W3C Baggage §3.3.1.2.
 *
 * @internal
 */

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** `%XX` for each ASCII code point. */
const PERCENT: string[] = Array.from({ length: 128 }, (_, c) => '%' + c.toString(16).toUpperCase().padStart(2, '0'));

/**
 * `value` with every code point outside `baggage-octet`, and `%` itself,
 * percent-encoded as UTF-8. Values that need no encoding are returned as is
 * (no allocation); ASCII values are encoded here, others by
 * `encodeURIComponent`. A lone surrogate, which has no UTF-8 form, is encoded
 * as U+FFFD instead of throwing.
 */
export function encodeBaggageValue(value: string): string {
  const n = value.length;
  let i = 0;
  for (; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 128 || c === 0x25 || (CHAR_CLASS[c]! & BAGGAGE_OCTET) === 0) break;
  }
  if (i === n) return value;
  // ASCII fast path: about five times cheaper than encodeURIComponent on short values.
  let out = value.slice(0, i);
  let last = i;
  for (; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 128) return encodeSlow(value);
    if (c === 0x25 || (CHAR_CLASS[c]! & BAGGAGE_OCTET) === 0) {
      out += value.slice(last, i) + PERCENT[c]!;
      last = i + 1;
    }
  }
  return last === n ? out : out + value.slice(last);
}

function encodeSlow(value: string): string {
  try {
    // encodeURIComponent leaves only A-Z a-z 0-9 - _ . ! ~ * ' ( ) unescaped,
    // all of which are baggage-octets; escaping more than required is allowed.
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(replaceLoneSurrogates(value));
  }
}

function replaceLoneSurrogates(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += value[i]! + value[i + 1]!;
        i++;
        continue;
      }
      out += '\ufffd';
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      out += '\ufffd';
    } else {
      out += value[i]!;
    }
  }
  return out;
}

/**
 * `value` percent-decoded as UTF-8. Octet sequences that are not valid UTF-8
 * become U+FFFD, as W3C Baggage §3.3.1.2 requires; a `%` not followed by two
 * hex digits is kept literally. Escapes of ASCII are decoded here; a value with
 * an escape of a byte >= 0x80 goes to `decodeURIComponent`. Never throws.
 */
export function percentDecode(value: string): string {
  let i = value.indexOf('%');
  if (i === -1) return value;
  const n = value.length;
  let out = value.slice(0, i);
  let last = i;
  for (; i < n; i++) {
    if (value.charCodeAt(i) !== 0x25) continue;
    const hi = hexValue(value.charCodeAt(i + 1));
    const lo = hexValue(value.charCodeAt(i + 2));
    if (hi < 0 || lo < 0) continue; // not an escape: the '%' stays literal
    if (hi >= 8) return decodeMultibyte(value);
    out += value.slice(last, i) + String.fromCharCode((hi << 4) | lo);
    i += 2;
    last = i + 1;
  }
  return last === n ? out : out + value.slice(last);
}

function decodeMultibyte(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return decodeLenient(value);
  }
}

/** The value of a hex digit's char code, or -1 (also for NaN past the end). */
function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

function decodeLenient(value: string): string {
  const bytes: number[] = [];
  const n = value.length;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x25 && i + 2 < n && isHex(value.charCodeAt(i + 1)) && isHex(value.charCodeAt(i + 2))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      // A raw non-ASCII character (only reachable from lenient callers such as
      // Jaeger baggage): keep it by appending its own UTF-8 bytes.
      const cp = value.codePointAt(i)!;
      if (cp > 0xffff) i++;
      for (const b of Buffer.from(String.fromCodePoint(cp), 'utf8')) bytes.push(b);
    }
  }
  return utf8.decode(Uint8Array.from(bytes));
}

function isHex(c: number): boolean {
  return c < 128 && (CHAR_CLASS[c]! & ANY_HEX) !== 0;
}
