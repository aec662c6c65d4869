import { diag } from '@spool/api';
import type { HrTime, TimeInput } from '@spool/api';

// One monotonic clock for every span: `performance.now()` (monotonic, sub-microsecond,
// ~45 ns per read on the reference machine; process.hrtime.bigint() costs the same and
// allocates a BigInt) anchored to the epoch once, through `performance.timeOrigin`.
// Because every start, event and end time comes from the same monotonic source,
// durations are exact and never negative, even when NTP steps the wall clock.
//
// Internally a time is a "clock value": milliseconds since `performance.timeOrigin`
// as a double, exactly what `performance.now()` returns. Conversion to an epoch
// `[seconds, nanoseconds]` tuple is deferred until a consumer reads it.

const perf = performance;
const ORIGIN_MS = perf.timeOrigin;
/** Whole epoch seconds of the anchor. */
const ORIGIN_SEC = Math.floor(ORIGIN_MS / 1000);
/** Nanoseconds past ORIGIN_SEC of the anchor, an integer in [0, 1e9). */
const ORIGIN_NS = Math.round((ORIGIN_MS - ORIGIN_SEC * 1000) * 1e6);

/**
 * A number below this is taken as a `performance.now()` value, above as epoch
 * milliseconds. 1e11 ms is March 1973 as an epoch time and three years of process
 * uptime as a performance time, so neither reading is plausible for the other.
 */
const PERFORMANCE_TIME_LIMIT_MS = 1e11;

/** Current clock value (ms since `performance.timeOrigin`). */
export function now(): number {
  return perf.now();
}

/** True when `value` has the shape of a {@link TimeInput}. */
export function isTimeInput(value: unknown): value is TimeInput {
  return (
    typeof value === 'number' ||
    value instanceof Date ||
    (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number')
  );
}

/**
 * Converts any {@link TimeInput} to a clock value: epoch milliseconds, a
 * `performance.now()` value (see PERFORMANCE_TIME_LIMIT_MS), an epoch `[s, ns]`
 * tuple or a `Date`. An invalid input (NaN, infinite, negative, an invalid Date, a
 * malformed tuple) is replaced by the current time with one diag warning.
 */
export function toClock(input: TimeInput): number {
  if (typeof input === 'number') {
    if (input >= 0 && input < PERFORMANCE_TIME_LIMIT_MS) return input;
    if (input >= PERFORMANCE_TIME_LIMIT_MS && input !== Infinity) return input - ORIGIN_MS;
  } else if (input instanceof Date) {
    const ms = input.getTime();
    if (ms === ms) return ms - ORIGIN_MS;
  } else if (Array.isArray(input)) {
    const s = input[0];
    const ns = input[1];
    if (typeof s === 'number' && typeof ns === 'number' && Number.isFinite(s) && Number.isFinite(ns) && s >= 0) {
      return (s - ORIGIN_SEC) * 1e3 + (ns - ORIGIN_NS) / 1e6;
    }
  }
  diag.warn('Spool: invalid time input, using the current time instead', input);
  return perf.now();
}

/** Epoch `[seconds, nanoseconds]` of a clock value. */
export function clockToHrTime(clock: number): HrTime {
  // Integers are exact in a double up to 2^53 ns (104 days from the anchor); beyond
  // that the tuple is within a few nanoseconds, which no epoch timestamp input carries.
  const total = Math.round(clock * 1e6) + ORIGIN_NS;
  const sec = Math.floor(total / 1e9);
  return [ORIGIN_SEC + sec, total - sec * 1e9];
}

/**
 * A normalised copy of an epoch tuple (nanoseconds folded into [0, 1e9), integers).
 * Used when a caller passes an `HrTime` so that the exact tuple is kept.
 */
export function normalizeHrTime(time: HrTime): HrTime {
  let s = Math.trunc(time[0]);
  let ns = Math.round(time[1] + (time[0] - s) * 1e9);
  if (ns >= 1e9 || ns < 0) {
    const carry = Math.floor(ns / 1e9);
    s += carry;
    ns -= carry * 1e9;
  }
  return [s, ns];
}

/** `end - start` as `[seconds, nanoseconds]`, never negative (clamped to `[0, 0]`). */
export function hrTimeDuration(start: HrTime, end: HrTime): HrTime {
  let s = end[0] - start[0];
  let ns = end[1] - start[1];
  if (ns < 0) {
    s -= 1;
    ns += 1e9;
  }
  if (s < 0) return [0, 0];
  return [s, ns];
}
