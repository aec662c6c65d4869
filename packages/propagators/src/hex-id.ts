import { ANY_HEX, CHAR_CLASS } from './char-class.js';

/**
 * Hex identifier checks shared by every format. Trace ids are 32 and span ids
 * 16 lowercase hex characters, never all zero (W3C Trace Context §3.2.2.3-4).
 *
 * @internal
 */

const ZERO_PAD = '00000000000000000000000000000000';

/**
 * True when `s[start, end)` is lowercase hex and not all zeros.
 * Reads char codes only; never allocates.
 *
 * The hottest loop of every extract (48 characters per span context). Two
 * unsigned range tests and an OR per character measured ~20% faster on a
 * whole B3 round trip than a class-table lookup with a branch per test
 * (Node 20).
 */
export function isLowerHexNonZero(s: string, start: number, end: number): boolean {
  if (end > s.length) return false; // NaN past the end would pass the tests below
  let nonZero = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    // 0-9 or a-f; anything else fails both tests.
    if ((c - 0x30) >>> 0 > 9 && (c - 0x61) >>> 0 > 5) return false;
    nonZero |= c ^ 0x30;
  }
  return nonZero !== 0;
}

/**
 * What `s[start, end)` holds: 1 for lowercase hex with a non-zero digit, 0 for
 * all zeros, -1 for anything else (upper case included). Reads char codes only.
 */
export function lowerHexState(s: string, start: number, end: number): number {
  if (end > s.length) return -1;
  let nonZero = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if ((c - 0x30) >>> 0 > 9 && (c - 0x61) >>> 0 > 5) return -1;
    nonZero |= c ^ 0x30;
  }
  return nonZero === 0 ? 0 : 1;
}

/*
 * A one-entry memo of the last trace id and span id found valid, shared by every
 * propagator of this module. Validity depends only on the characters, so a
 * string equal to the remembered one is valid without being re-scanned: the
 * propagators of a composite inject the same span context one after another,
 * and every outgoing call of a request carries the same trace id. A string
 * comparison is a pointer check (same string) or a memcmp, far cheaper than the
 * 48 character-class tests it replaces.
 */
let lastTraceId = '00000000000000000000000000000001'; // valid placeholders: never equal to an invalid id
let lastSpanId = '0000000000000001';

/** True when `id` is a valid trace id: 32 lowercase hex, not all zero. Any non-string is invalid. */
export function isValidTraceIdHex(id: unknown): id is string {
  if (id === lastTraceId) return true;
  if (typeof id !== 'string' || id.length !== 32 || !isLowerHexNonZero(id, 0, 32)) return false;
  lastTraceId = id;
  return true;
}

/** True when `id` is a valid span id: 16 lowercase hex, not all zero. Any non-string is invalid. */
export function isValidSpanIdHex(id: unknown): id is string {
  if (id === lastSpanId) return true;
  if (typeof id !== 'string' || id.length !== 16 || !isLowerHexNonZero(id, 0, 16)) return false;
  lastSpanId = id;
  return true;
}

/**
 * The id in `s[start, end)` as `width` lowercase hex characters, left-padded with
 * zeros; `undefined` when the slice is empty, longer than `width`, not hex (either
 * case is accepted and lowercased), or all zeros. Used by the formats whose ids
 * may be short (B3 64-bit trace ids, Jaeger) or upper case (lenient receivers).
 */
export function normalizeHexId(s: string, start: number, end: number, width: number): string | undefined {
  const n = end - start;
  if (n <= 0 || n > width) return undefined;
  let id: string;
  if (isLowerHexNonZero(s, start, end)) {
    // The form every propagator writes; a quarter cheaper than the loop below,
    // which tracks upper case too (measured on Node 20).
    id = start === 0 && end === s.length ? s : s.slice(start, end);
  } else {
    let nonZero = false;
    for (let i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128) return undefined;
      if ((CHAR_CLASS[c]! & ANY_HEX) === 0) return undefined;
      if (c !== 0x30) nonZero = true;
    }
    if (!nonZero) return undefined;
    id = (start === 0 && end === s.length ? s : s.slice(start, end)).toLowerCase();
  }
  return n === width ? id : ZERO_PAD.slice(0, width - n) + id;
}
