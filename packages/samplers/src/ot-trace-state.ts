import { createTraceState, diag } from '@spool/api';
import type { TraceState } from '@spool/api';
import { readHex56 } from './read-hex56.js';

/**
 * Reading and writing the OpenTelemetry entry of the W3C tracestate: the `ot`
 * key whose value is a `;`-separated list of `key:value` sub-keys
 * (tracestate-handling.md). Only `th` (rejection threshold) and `rv` (explicit
 * randomness) are interpreted; every other well-formed sub-key is preserved.
 * @internal
 */

/** The tracestate key OpenTelemetry owns. */
export const OT_KEY = 'ot';

/** The longest `ot` value the spec allows ("MUST NOT exceed 256 characters"). */
const OT_MAX_LENGTH = 256;

let warnedMalformed = false;
let warnedTooLong = false;

/**
 * Where the value of sub-key `key` starts in the `ot` value `ot`, or -1 when
 * absent. The first occurrence wins (keys "MUST be unique"). No allocation:
 * members are found with `indexOf` and compared in place by char code.
 */
export function subKeyStart(ot: string, key: string): number {
  const len = ot.length;
  const klen = key.length;
  let pos = 0;
  while (pos < len) {
    let end = ot.indexOf(';', pos);
    if (end < 0) end = len;
    // Char codes rather than startsWith(key, pos), which is slow with a position.
    if (end - pos > klen && ot.charCodeAt(pos + klen) === 58 /* : */) {
      let i = 0;
      while (i < klen && ot.charCodeAt(pos + i) === key.charCodeAt(i)) i++;
      if (i === klen) return pos + klen + 1;
    }
    pos = end + 1;
  }
  return -1;
}

/** Where the sub-key value starting at `start` ends (exclusive). */
export function subKeyEnd(ot: string, start: number): number {
  const end = ot.indexOf(';', start);
  return end < 0 ? ot.length : end;
}

/**
 * Reads the `th` sub-key into `out[at]`, `out[at + 1]` (see `readHex56`).
 * Returns 1 when present and valid (1 to 14 lowercase hex digits), 0 when
 * absent, -1 when present but malformed.
 */
export function readThreshold(ot: string, out: Int32Array, at: number): number {
  const start = subKeyStart(ot, 'th');
  if (start < 0) return 0;
  const digits = subKeyEnd(ot, start) - start;
  if (digits < 1 || digits > 14) return -1;
  return readHex56(ot, start, digits, true, out, at) ? 1 : -1;
}

/**
 * Reads the `rv` sub-key into `out[at]`, `out[at + 1]`. Returns 1 when present
 * and valid (exactly 14 lowercase hex digits), 0 when absent, -1 when malformed.
 */
export function readRandomness(ot: string, out: Int32Array, at: number): number {
  const start = subKeyStart(ot, 'rv');
  if (start < 0) return 0;
  if (subKeyEnd(ot, start) - start !== 14) return -1;
  return readHex56(ot, start, 14, true, out, at) ? 1 : -1;
}

/** True for `key:value` with key = lcalpha *(lcalpha / DIGIT) and value chars `A-Za-z0-9._-`. */
function isWellFormedMember(ot: string, start: number, end: number): boolean {
  let i = start;
  let c = ot.charCodeAt(i);
  if (!(c >= 97 && c <= 122)) return false;
  for (i++; i < end; i++) {
    c = ot.charCodeAt(i);
    if (c === 58) break;
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) return false;
  }
  if (i >= end) return false; // no ':'
  for (i++; i < end; i++) {
    c = ot.charCodeAt(i);
    const ok =
      (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45;
    if (!ok) return false;
  }
  return true;
}

/**
 * The `ot` value without its `th` sub-key: every other well-formed member kept
 * in order; malformed members are dropped (they cannot be re-emitted validly),
 * with one `diag` warning per process.
 */
function withoutThresholdValue(ot: string): string {
  let rest = '';
  let dropped = false;
  const len = ot.length;
  let pos = 0;
  while (pos < len) {
    let end = ot.indexOf(';', pos);
    if (end < 0) end = len;
    if (end > pos) {
      const isTh = end - pos >= 3 && ot.charCodeAt(pos) === 116 && ot.charCodeAt(pos + 1) === 104 && ot.charCodeAt(pos + 2) === 58;
      if (!isTh) {
        if (isWellFormedMember(ot, pos, end)) rest = rest === '' ? ot.slice(pos, end) : `${rest};${ot.slice(pos, end)}`;
        else dropped = true;
      }
    }
    pos = end + 1;
  }
  if (dropped && !warnedMalformed) {
    warnedMalformed = true;
    diag.warn(`@spool/samplers: malformed members of the tracestate entry ot=${ot} were dropped when updating its th sub-key (tracestate-handling.md: list-member = key ":" value)`);
  }
  return rest;
}

/**
 * `traceState` (or an empty one) with the `ot` entry's `th` set to `th`, other
 * `ot` sub-keys (such as `rv`) and other entries untouched. Returns
 * `traceState` itself when it already says exactly that. When the new `ot`
 * value would exceed 256 characters the threshold is left out (the spec
 * advises to abort the update) and a warning is logged once: the span is
 * then sampled without an adjusted count, never with a wrong one.
 */
export function setThreshold(traceState: TraceState | undefined, ot: string | undefined, th: string): TraceState {
  const rest = ot === undefined ? '' : withoutThresholdValue(ot);
  let value = rest === '' ? `th:${th}` : `th:${th};${rest}`;
  if (value.length > OT_MAX_LENGTH) {
    if (!warnedTooLong) {
      warnedTooLong = true;
      diag.warn(`@spool/samplers: setting th:${th} would make the tracestate entry ot longer than ${OT_MAX_LENGTH} characters; the threshold is left out`);
    }
    value = rest;
  }
  if (value === ot && traceState !== undefined) return traceState;
  const base = traceState ?? createTraceState();
  return value === '' ? base.unset(OT_KEY) : base.set(OT_KEY, value);
}

/**
 * `traceState` with the `th` sub-key removed from its `ot` entry (the entry
 * itself removed when nothing else is left). Used when a sampled span's
 * probability is unknown or the incoming threshold is inconsistent
 * (tracestate-probability-sampling.md, "General requirements").
 */
export function eraseThreshold(traceState: TraceState, ot: string): TraceState {
  const rest = withoutThresholdValue(ot);
  return rest === '' ? traceState.unset(OT_KEY) : traceState.set(OT_KEY, rest);
}
