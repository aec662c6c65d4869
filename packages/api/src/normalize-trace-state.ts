/**
 * The grammar of the W3C Trace Context `tracestate` list (§3.3.1 of the
 * current editor's draft, "tracestate Header Field Values"), shared by
 * `createTraceState` and `@spool/propagators`' W3C propagator, which builds its
 * extracted lists with `createTraceState`: one grammar, one implementation.
 *
 *   list        = list-member 0*31( OWS "," OWS list-member )
 *   list-member = (key "=" value) / OWS
 *   key         = ( lcalpha / DIGIT ) 0*255( keychar )
 *   keychar     = lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@"
 *   value       = 0*255(chr) nblk-chr
 *   nblk-chr    = %x21-2B / %x2D-3C / %x3E-7E
 *   chr         = %x20 / nblk-chr
 *
 * The older `tenant@system` key form (a letter first, at most 14 characters
 * after a single `@`) is a special case of this key rule; the W3C test suite
 * (`test_tracestate_key_illegal_vendor_format`, `..._key_length_limit`) checks
 * that `foo@@bar`, `0abc` and `t@` followed by 15 characters are accepted.
 *
 * @internal
 */

/** §3.3.1: at most 32 list members. */
export const TRACESTATE_MAX_MEMBERS = 32;
/** §3.3.1: keys are at most 256 characters (the first plus 0*255). */
export const TRACESTATE_MAX_KEY_LENGTH = 256;
/** §3.3.1: values are at most 256 characters (0*255 plus the last). */
export const TRACESTATE_MAX_VALUE_LENGTH = 256;
/**
 * A combined `tracestate` longer than this is dropped unread. 32 maximal
 * members take 16,447 characters; the rest of the budget is room for optional
 * whitespace and empty members, which the grammar allows without bound. (The
 * spec's 512 characters are the least a vendor SHOULD propagate, not a limit.)
 */
export const TRACESTATE_MAX_LENGTH = 32768;

const KEY_START = 0x01;
const KEY_CHAR = 0x02;
const VALUE_CHAR = 0x04;

/** Class bits of each ASCII code point. */
const CLASS: Uint8Array = buildTable();

function buildTable(): Uint8Array {
  const t = new Uint8Array(128);
  for (let c = 0x30; c <= 0x39; c++) t[c]! |= KEY_START | KEY_CHAR;
  for (let c = 0x61; c <= 0x7a; c++) t[c]! |= KEY_START | KEY_CHAR;
  for (const ch of '_-*/@') t[ch.charCodeAt(0)]! |= KEY_CHAR;
  for (let c = 0x20; c <= 0x7e; c++) if (c !== 0x2c && c !== 0x3d) t[c]! |= VALUE_CHAR;
  return t;
}

function isOws(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** True when `s[start, end)` is a tracestate value: 1-256 `chr`, not ending in a space. */
function isValueAt(s: string, start: number, end: number): boolean {
  const n = end - start;
  if (n < 1 || n > TRACESTATE_MAX_VALUE_LENGTH) return false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || (CLASS[c]! & VALUE_CHAR) === 0) return false;
  }
  return s.charCodeAt(end - 1) !== 0x20;
}

/** True when `s[start, end)` (already trimmed of OWS) is `key "=" value`. */
function isMemberAt(s: string, start: number, end: number): boolean {
  let c = s.charCodeAt(start);
  if (c >= 128 || (CLASS[c]! & KEY_START) === 0) return false;
  let i = start + 1;
  for (; i < end; i++) {
    c = s.charCodeAt(i);
    if (c === 0x3d) break;
    if (c >= 128 || (CLASS[c]! & KEY_CHAR) === 0) return false;
  }
  if (i === end || i - start > TRACESTATE_MAX_KEY_LENGTH) return false;
  return isValueAt(s, i + 1, end);
}

/** True for a tracestate key of the current grammar (see the module comment). Any non-string is false. */
export function isValidTraceStateKey(key: unknown): key is string {
  if (typeof key !== 'string') return false;
  const n = key.length;
  if (n < 1 || n > TRACESTATE_MAX_KEY_LENGTH) return false;
  let c = key.charCodeAt(0);
  if (c >= 128 || (CLASS[c]! & KEY_START) === 0) return false;
  for (let i = 1; i < n; i++) {
    c = key.charCodeAt(i);
    if (c >= 128 || (CLASS[c]! & KEY_CHAR) === 0) return false;
  }
  return true;
}

/** True for a tracestate value: 1-256 printable ASCII characters but `,` and `=`, not ending in a space. Any non-string is false. */
export function isValidTraceStateValue(value: unknown): value is string {
  return typeof value === 'string' && isValueAt(value, 0, value.length);
}

function trimOws(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isOws(s.charCodeAt(a))) a++;
  while (b > a && isOws(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/**
 * Validates a combined `tracestate` value and returns its canonical form:
 * members `key=value` joined by `,`, order kept, without the optional
 * whitespace around members and without empty members.
 *
 * Returns `''` for a list with no members (empty or whitespace-only, which
 * vendors MUST accept), and `undefined` when the value cannot be used: a member
 * breaks the grammar, there are more than 32 members, or the value is longer
 * than {@link TRACESTATE_MAX_LENGTH}. The whole list is then discarded (§3.3
 * processing model: "MAY discard the entire header"), which is what the W3C
 * test suite checks at its strict level. Duplicate keys are kept as received
 * (§3.5 allows, and does not require, discarding them). Never throws.
 */
export function normalizeTraceState(raw: string): string | undefined {
  const len = raw.length;
  if (len > TRACESTATE_MAX_LENGTH) return undefined;
  let members = 0;
  let canonical = true;
  let pos = 0;
  for (;;) {
    let s = pos;
    while (s < len && isOws(raw.charCodeAt(s))) s++;
    let e = raw.indexOf(',', s);
    if (e === -1) e = len;
    let t = e;
    while (t > s && isOws(raw.charCodeAt(t - 1))) t--;
    if (t === s) {
      canonical = false; // an empty or whitespace-only member
    } else {
      if (s !== pos || t !== e) canonical = false;
      if (!isMemberAt(raw, s, t)) return undefined;
      if (++members > TRACESTATE_MAX_MEMBERS) return undefined;
    }
    if (e === len) break;
    pos = e + 1;
  }
  if (canonical) return raw;
  if (members === 0) return '';
  // Rare path: rebuild without the whitespace and the empty members.
  let out = '';
  for (const part of raw.split(',')) {
    const m = trimOws(part);
    if (m !== '') out = out === '' ? m : out + ',' + m;
  }
  return out;
}
