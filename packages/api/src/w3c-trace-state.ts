import { diag } from './diag-api.js';
import {
  TRACESTATE_MAX_MEMBERS,
  isValidTraceStateKey,
  isValidTraceStateValue,
  normalizeTraceState,
} from './normalize-trace-state.js';
import type { TraceState } from './trace-state.js';

/** Each kind of problem is reported once per process: a stream of bad headers must not flood the log. */
let reportedInvalidList = false;
let reportedInvalidSet = false;

/**
 * An immutable W3C `tracestate` list held as its header string.
 *
 * A list made from a header (`createTraceState(raw)`, which is also what the
 * W3C propagator of `@spool/propagators` does on extract) keeps the string as
 * received and validates it on first use: most services never read the list,
 * and validating costs as much as parsing the whole `traceparent`. The first
 * `get`, `set`, `unset` or `serialize` validates it once
 * (`normalizeTraceState`) and keeps the canonical form, so `serialize` is a
 * field read from then on. A list that turns out invalid behaves as an empty
 * list: that is how an invalid `tracestate` is dropped without dropping the
 * `traceparent` (W3C Trace Context §3.3).
 *
 * `set` and `unset` follow §3.5: a set key moves to the front, and when the list
 * would exceed 32 members the right-most member is dropped.
 *
 * @internal instances escape as `TraceState`; the class is not exported.
 */
export class W3CTraceState implements TraceState {
  // ECMAScript private fields, not TypeScript's: the W3C propagator writes
  // `serialize()` of this class without re-validating it, so nothing outside
  // may change the string.
  /** The header value; canonical once `#checked`. */
  #header: string;
  /** Whether `#header` has been validated and replaced by its canonical form (`''` when invalid). */
  #checked: boolean;

  /**
   * @param header a combined `tracestate` value.
   * @param checked true when `header` is already canonical (made by this class).
   */
  constructor(header: string, checked: boolean) {
    this.#header = header;
    this.#checked = checked;
  }

  /** The value of the first member with `key`, or `undefined` (also for a non-string key). */
  get(key: string): string | undefined {
    if (typeof key !== 'string') return undefined;
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

  /**
   * A new list with `key=value` first and every other member with `key`
   * removed; the right-most member goes when the list would exceed 32. This
   * list, unchanged, when the key or the value breaks the grammar (it could not
   * be propagated); that is reported once through `diag.warn`.
   */
  set(key: string, value: string): TraceState {
    if (!isValidTraceStateKey(key) || !isValidTraceStateValue(value)) {
      if (!reportedInvalidSet) {
        reportedInvalidSet = true;
        diag.warn(
          'TraceState.set: a key or value outside the W3C tracestate grammar was not set; the list is unchanged (reported once)'
        );
      }
      return this;
    }
    const kept = this.#others(key);
    if (kept === undefined) return new W3CTraceState(key + '=' + value, true);
    if (kept.length >= TRACESTATE_MAX_MEMBERS) kept.length = TRACESTATE_MAX_MEMBERS - 1;
    kept.unshift(key + '=' + value);
    return new W3CTraceState(kept.join(','), true);
  }

  /** A new list without the members with `key`; this list when it has none. */
  unset(key: string): TraceState {
    if (typeof key !== 'string') return this;
    const h = this.serialize();
    const kept = this.#others(key);
    if (kept === undefined) return this;
    const out = kept.join(',');
    return out.length === h.length ? this : new W3CTraceState(out, true);
  }

  /** The canonical header value (`''` when empty or invalid); validated on the first call, then cached. */
  serialize(): string {
    if (this.#checked) return this.#header;
    const canonical = normalizeTraceState(this.#header);
    this.#checked = true;
    if (canonical === undefined) {
      this.#header = '';
      if (!reportedInvalidList) {
        reportedInvalidList = true;
        diag.debug('tracestate: a list breaking the W3C grammar or over 32 members was dropped whole (reported once)');
      }
    } else {
      this.#header = canonical;
    }
    return this.#header;
  }

  /** The members whose key is not `key`, in order; `undefined` when the list is empty. */
  #others(key: string): string[] | undefined {
    const h = this.serialize();
    if (h === '') return undefined;
    const prefix = key + '=';
    const out: string[] = [];
    let pos = 0;
    while (pos <= h.length) {
      let e = h.indexOf(',', pos);
      if (e === -1) e = h.length;
      // The prefix must fit inside the member: a key holding ',' matches nothing.
      if (e - pos < prefix.length || !h.startsWith(prefix, pos)) out.push(h.slice(pos, e));
      pos = e + 1;
    }
    return out;
  }
}
