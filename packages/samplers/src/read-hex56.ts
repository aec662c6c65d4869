/**
 * Reading 56-bit hexadecimal quantities (trace randomness `R`, rejection
 * threshold `T`) without BigInt and without allocating.
 *
 * A 56-bit value does not fit a double exactly, so it is held as two 28-bit
 * halves (each a small integer V8 keeps unboxed): `hi` = the first 7 hex digits,
 * `lo` = the last 7. Comparing two values is then `hi > hi' || (hi === hi' &&
 * lo >= lo')`.
 * @internal
 */

/** Hex digit value by char code for `0-9a-f`; -1 for anything else. */
const LOWER = new Int8Array(128).fill(-1);
/** Same, also accepting `A-F`. */
const ANY_CASE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) {
  LOWER[48 + i] = i;
  ANY_CASE[48 + i] = i;
}
for (let i = 0; i < 6; i++) {
  LOWER[97 + i] = 10 + i;
  ANY_CASE[97 + i] = 10 + i;
  ANY_CASE[65 + i] = 10 + i;
}

/**
 * Reads `digits` (1..14) hex characters of `s` starting at `start` as a 56-bit
 * value, left-aligned: missing trailing digits count as zeros, which is how a
 * `th` value is extended to 14 digits (tracestate-handling.md, "Sampling
 * threshold value th"). Writes the high 28 bits to `out[at]` and the low 28
 * bits to `out[at + 1]`.
 *
 * `lowerOnly` rejects `A-F`: `th` and `rv` are specified as lowercase; trace ids
 * are accepted in either case (as `isValidTraceId` of OpenTelemetry JS does).
 *
 * Returns false, leaving `out` untouched, when a character is not a hex digit or
 * `s` is too short.
 */
export function readHex56(
  s: string,
  start: number,
  digits: number,
  lowerOnly: boolean,
  out: Int32Array,
  at: number,
): boolean {
  const table = lowerOnly ? LOWER : ANY_CASE;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 14; i++) {
    let d = 0;
    if (i < digits) {
      const c = s.charCodeAt(start + i); // NaN past the end: fails the test below
      d = c < 128 ? (table[c] as number) : -1;
      if (d < 0) return false;
    }
    if (i < 7) hi = (hi << 4) | d;
    else lo = (lo << 4) | d;
  }
  out[at] = hi;
  out[at + 1] = lo;
  return true;
}
