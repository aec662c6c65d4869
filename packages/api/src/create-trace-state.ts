import { diag } from './diag-api.js';
import type { TraceState } from './trace-state.js';

/** W3C Trace Context §3.3.1: at most 32 list members. */
const MAX_MEMBERS = 32;
/** §3.3.1.1: vendors propagate at least 512 characters of the combined header... */
const MAX_LENGTH = 512;
/** ...and when truncating, drop members longer than 128 characters first. */
const LONG_MEMBER = 128;

/** lcalpha, DIGIT, "_", "-", "*", "/": the characters after a key's first. */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 42 || c === 47;
}

/**
 * True for a W3C Trace Context key (§3.3.1.3.1):
 *   simple-key       = lcalpha 0*255( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )
 *   multi-tenant-key = tenant-id "@" system-id
 *   tenant-id        = ( lcalpha / DIGIT ) 0*240( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )
 *   system-id        = lcalpha 0*13( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )
 * @internal
 */
export function isValidTraceStateKey(key: string): boolean {
  if (typeof key !== 'string' || key.length === 0 || key.length > 256) return false;
  const at = key.indexOf('@');
  const first = key.charCodeAt(0);
  if (at === -1) {
    if (!(first >= 97 && first <= 122)) return false;
    for (let i = 1; i < key.length; i++) if (!isKeyChar(key.charCodeAt(i))) return false;
    return true;
  }
  // tenant-id: 1..241 chars starting with lcalpha or DIGIT
  if (at === 0 || at > 241) return false;
  if (!((first >= 97 && first <= 122) || (first >= 48 && first <= 57))) return false;
  for (let i = 1; i < at; i++) if (!isKeyChar(key.charCodeAt(i))) return false;
  // system-id: 1..14 chars starting with lcalpha
  const systemLength = key.length - at - 1;
  if (systemLength < 1 || systemLength > 14) return false;
  const s = key.charCodeAt(at + 1);
  if (!(s >= 97 && s <= 122)) return false;
  for (let i = at + 2; i < key.length; i++) if (!isKeyChar(key.charCodeAt(i))) return false;
  return true;
}

/**
 * True for a W3C Trace Context value (§3.3.1.3.2):
 *   value    = 0*255(chr) nblk-chr
 *   nblk-chr = %x21-2B / %x2D-3C / %x3E-7E     (printable ASCII but "," and "=")
 *   chr      = %x20 / nblk-chr
 * @internal
 */
export function isValidTraceStateValue(value: string): boolean {
  if (typeof value !== 'string' || value.length === 0 || value.length > 256) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x2c || c === 0x3d) return false;
  }
  return value.charCodeAt(value.length - 1) !== 0x20;
}

function isOws(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/**
 * Applies the limits of §3.3.1.1 to members (leftmost first): at most 32, and
 * at most 512 characters combined, removing members over 128 characters first
 * (rightmost first), then members from the right.
 */
function limit(keys: string[], values: string[]): void {
  if (keys.length > MAX_MEMBERS) {
    keys.length = MAX_MEMBERS;
    values.length = MAX_MEMBERS;
  }
  let length = -1;
  for (let i = 0; i < keys.length; i++) length += keys[i]!.length + values[i]!.length + 2;
  if (length <= MAX_LENGTH) return;
  for (let i = keys.length - 1; i >= 0 && length > MAX_LENGTH; i--) {
    const size = keys[i]!.length + values[i]!.length + 1;
    if (size > LONG_MEMBER) {
      keys.splice(i, 1);
      values.splice(i, 1);
      length -= size + 1;
    }
  }
  while (keys.length > 0 && length > MAX_LENGTH) {
    const i = keys.length - 1;
    length -= keys[i]!.length + values[i]!.length + 2;
    keys.length = i;
    values.length = i;
  }
}

/**
 * The W3C `tracestate` list. Immutable: members live in two frozen arrays,
 * leftmost (most recently updated) first.
 */
class W3CTraceState implements TraceState {
  private readonly _keys: readonly string[];
  private readonly _values: readonly string[];

  constructor(keys: string[], values: string[]) {
    this._keys = Object.freeze(keys);
    this._values = Object.freeze(values);
  }

  get(key: string): string | undefined {
    const i = this._keys.indexOf(key);
    return i === -1 ? undefined : this._values[i];
  }

  set(key: string, value: string): TraceState {
    if (!isValidTraceStateKey(key)) {
      diag.warn(`TraceState.set: invalid key ${JSON.stringify(String(key)).slice(0, 64)}; the list is unchanged`);
      return this;
    }
    if (!isValidTraceStateValue(value)) {
      diag.warn(`TraceState.set: invalid value for key ${key}; the list is unchanged`);
      return this;
    }
    // §3.5: a modified key moves to the beginning of the list.
    const keys = [key];
    const values = [value];
    for (let i = 0; i < this._keys.length; i++) {
      if (this._keys[i] !== key) {
        keys.push(this._keys[i]!);
        values.push(this._values[i]!);
      }
    }
    limit(keys, values);
    return new W3CTraceState(keys, values);
  }

  unset(key: string): TraceState {
    const i = this._keys.indexOf(key);
    if (i === -1) return this;
    const keys = this._keys.slice();
    const values = this._values.slice();
    keys.splice(i, 1);
    values.splice(i, 1);
    return new W3CTraceState(keys, values);
  }

  serialize(): string {
    let out = '';
    for (let i = 0; i < this._keys.length; i++) {
      if (i > 0) out += ',';
      out += this._keys[i] + '=' + this._values[i];
    }
    return out;
  }
}

/**
 * Makes a {@link TraceState}, parsing `raw` as a `tracestate` header value
 * (W3C Trace Context §3.3). Empty and whitespace-only members are skipped;
 * invalid members are dropped one by one; a list with duplicate keys or more
 * than 32 members is discarded whole (§3.3.1); a list over 512 characters is
 * cut as §3.3.1.1 says (long members first, then from the right).
 * A non-string or missing `raw` gives an empty list. Never throws.
 */
export function createTraceState(raw?: string): TraceState {
  const keys: string[] = [];
  const values: string[] = [];
  if (typeof raw !== 'string' || raw.length === 0) return new W3CTraceState(keys, values);
  let start = 0;
  while (start <= raw.length) {
    let end = raw.indexOf(',', start);
    if (end === -1) end = raw.length;
    let s = start;
    let e = end;
    while (s < e && isOws(raw.charCodeAt(s))) s++;
    while (e > s && isOws(raw.charCodeAt(e - 1))) e--;
    if (e > s) {
      const eq = raw.indexOf('=', s);
      if (eq > s && eq < e) {
        const key = raw.slice(s, eq);
        const value = raw.slice(eq + 1, e);
        if (isValidTraceStateKey(key) && isValidTraceStateValue(value)) {
          // §3.3.1: a list with duplicate keys or over 32 members is invalid as a
          // whole; it is discarded (what the W3C test suite expects).
          if (keys.includes(key) || keys.length === MAX_MEMBERS) return new W3CTraceState([], []);
          keys.push(key);
          values.push(value);
        }
      }
    }
    start = end + 1;
  }
  limit(keys, values);
  return new W3CTraceState(keys, values);
}
