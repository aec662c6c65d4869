/**
 * Bits of the W3C `trace-flags` field. `NONE` and `SAMPLED` are the values of
 * `@opentelemetry/api`; `RANDOM` is the W3C Trace Context Level 2 "random trace
 * id" flag (§3.2.2.5).
 */
export enum TraceFlags {
  /** No flag set: not sampled. */
  NONE = 0x0,
  /** The caller may have recorded the trace (W3C `sampled`). */
  SAMPLED = 0x1,
  /** The right 7 bytes of the trace id are random (W3C Trace Context Level 2). */
  RANDOM = 0x2,
}
