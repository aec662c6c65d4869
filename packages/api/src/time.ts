/**
 * A high-resolution time as `[seconds, nanoseconds]` since the Unix epoch
 * (or, for durations, since the start). Nanoseconds are in `[0, 1e9)`.
 */
export type HrTime = [number, number];

/**
 * A point in time accepted by the API: an {@link HrTime} tuple, milliseconds
 * (epoch milliseconds, or a `performance.now()`-style value that SDKs convert),
 * or a `Date`. SDKs replace invalid input with the current time.
 */
export type TimeInput = HrTime | number | Date;
