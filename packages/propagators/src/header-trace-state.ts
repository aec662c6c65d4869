import type { TraceState } from '@spool/api';
import {
  CHAR_CLASS,
  TRACESTATE_KEY_CHAR,
  TRACESTATE_KEY_START,
  TRACESTATE_VALUE_CHAR,
  isOws,
} from './char-class.js';

/** W3C Trace Context §3.3.1.1: at most 32 list members. */
export const TRACESTATE_MAX_MEMBERS = 32;
/** W3C Trace Context §3.3.1.3.1-2: keys and values are at most 256 characters. */
const MAX_KEY_LENGTH = 256;
const MAX_VALUE_LENGTH = 256;
/**
 * A combined `tracestate` longer than this is dropped unread. 32 maximal
 * members take 16,447 characters; the rest of the budget is room for optional
 * whitespace and empty members, which the grammar allows without bound.
 */
export const TRACESTATE_MAX_HEADER_LENGTH = 32768;

/**
 * Validates a combined `tracestate` header value against W3C Trace Context
 * §3.3.1 and returns its canonical form: members `key=value` joined by `,`, with
 * optional whitespace and empty members removed and the order kept.
 *
 * Returns `''` for a header with no members (empty or whitespace-only, which the
 * spec says MUST be accepted) and `undefined` when any member is invalid or
 * there are more than 32 members: the whole value is then discarded, as the
 * W3C test suite expects, while the `traceparent` is kept (§3.3).
 *
 * Key grammar (§3.3.1.3.1): `(lcalpha / DIGIT) 0*255(keychar)` with `@` allowed
 * anywhere after the first character (the multi-tenant `tenant@system` form is a
 * special case of it). Value grammar (§3.3.1.3.2): 1-256 of 0x20-0x7E except `,`
 * and `=`, not ending in a space. Duplicated keys are kept as received (§3.5
 * allows but does not require discarding them).
 */
export function normalizeTraceState(raw: string): string | undefined {
  const len = raw.length;
  if (len > TRACESTATE_MAX_HEADER_LENGTH) return undefined;
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
      if (!isValidMember(raw, s, t)) return undefined;
      if (++members > TRACESTATE_MAX_MEMBERS) return undefined;
    }
    if (e === len) break;
    pos = e + 1;
  }
  if (canonical) return raw;
  if (members === 0) return '';
  // Rare path: rebuild without the whitespace and empty members.
  let out = '';
  for (const part of raw.split(',')) {
    const m = trimOws(part);
    if (m !== '') out = out === '' ? m : out + ',' + m;
  }
  return out;
}

/** `key=value` in `s[start, end)`, already trimmed of surrounding whitespace. */
function isValidMember(s: string, start: number, end: number): boolean {
  let c = s.charCodeAt(start);
  if (c >= 128 || (CHAR_CLASS[c]! & TRACESTATE_KEY_START) === 0) return false;
  let i = start + 1;
  for (; i < end; i++) {
    c = s.charCodeAt(i);
    if (c === 0x3d) break;
    if (c >= 128 || (CHAR_CLASS[c]! & TRACESTATE_KEY_CHAR) === 0) return false;
  }
  if (i === end || i - start > MAX_KEY_LENGTH) return false;
  return isValidValue(s, i + 1, end);
}

function isValidValue(s: string, start: number, end: number): boolean {
  const n = end - start;
  if (n < 1 || n > MAX_VALUE_LENGTH) return false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || (CHAR_CLASS[c]! & TRACESTATE_VALUE_CHAR) === 0) return false;
  }
  return s.charCodeAt(end - 1) !== 0x20;
}

function isValidKey(key: string): boolean {
  const n = key.length;
  if (n < 1 || n > MAX_KEY_LENGTH) return false;
  let c = key.charCodeAt(0);
  if (c >= 128 || (CHAR_CLASS[c]! & TRACESTATE_KEY_START) === 0) return false;
  for (let i = 1; i < n; i++) {
    c = key.charCodeAt(i);
    if (c >= 128 || (CHAR_CLASS[c]! & TRACESTATE_KEY_CHAR) === 0) return false;
  }
  return true;
}

function trimOws(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isOws(s.charCodeAt(a))) a++;
  while (b > a && isOws(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/**
 * An immutable W3C `tracestate` list held as its header string.
 *
 * Extract stores the combined header as received, without parsing it: most
 * services never read the list, and validation costs as much as the whole
 * `traceparent`. The first `get`, `set`, `unset` or `serialize` validates it
 * once (`normalizeTraceState`) and keeps the canonical form; an invalid header
 * then behaves as an empty list, which is how it is dropped without dropping the
 * `traceparent` (§3.3). Inject calls `serialize`, so nothing invalid is ever
 * written.
 *
 * `set` and `unset` follow §3.5: a set key moves to the front; when the list
 * would exceed 32 members the right-most member is dropped. A key or value that
 * breaks the grammar is not set (the list is returned unchanged), because it
 * could not be propagated.
 *
 * @internal instances escape as `SpanContext.traceState`, typed as `TraceState`.
 */
export class HeaderTraceState implements TraceState {
  private _raw: string;
  /** Whether `_raw` has been validated and replaced by its canonical form ('' when invalid). */
  private _checked: boolean;
  private readonly _onInvalid: (() => void) | undefined;

  /**
   * @param raw a combined `tracestate` value, canonical when `checked`.
   * @param checked true when `raw` is already canonical.
   * @param onInvalid called once if `raw` turns out to be invalid.
   */
  constructor(raw: string, checked: boolean, onInvalid?: () => void) {
    this._raw = raw;
    this._checked = checked;
    this._onInvalid = onInvalid;
  }

  /** The value of the first member with `key`, or `undefined`. */
  get(key: string): string | undefined {
    const h = this.serialize();
    const kn = key.length;
    let pos = 0;
    while (pos < h.length) {
      let e = h.indexOf(',', pos);
      if (e === -1) e = h.length;
      if (e - pos > kn && h.charCodeAt(pos + kn) === 0x3d && h.startsWith(key, pos)) return h.slice(pos + kn + 1, e);
      pos = e + 1;
    }
    return undefined;
  }

  /** A new list with `key=value` first and any other `key` member removed; this list when either is invalid. */
  set(key: string, value: string): TraceState {
    if (typeof key !== 'string' || typeof value !== 'string' || !isValidKey(key)) return this;
    if (!isValidValue(value, 0, value.length)) return this;
    const kept = this._others(key);
    if (kept.length >= TRACESTATE_MAX_MEMBERS) kept.length = TRACESTATE_MAX_MEMBERS - 1;
    kept.unshift(key + '=' + value);
    return new HeaderTraceState(kept.join(','), true);
  }

  /** A new list without the members with `key`. */
  unset(key: string): TraceState {
    return new HeaderTraceState(this._others(key).join(','), true);
  }

  /** The canonical header value (`''` when empty or invalid), validated on the first call. */
  serialize(): string {
    if (this._checked) return this._raw;
    const canonical = normalizeTraceState(this._raw);
    this._checked = true;
    if (canonical === undefined) {
      this._raw = '';
      if (this._onInvalid !== undefined) this._onInvalid();
    } else {
      this._raw = canonical;
    }
    return this._raw;
  }

  /** The members whose key is not `key`, in order. */
  private _others(key: string): string[] {
    const h = this.serialize();
    if (h === '') return [];
    const prefix = key + '=';
    return h.split(',').filter((m) => !m.startsWith(prefix));
  }
}
