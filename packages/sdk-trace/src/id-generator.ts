/**
 * Generates trace and span ids, the OpenTelemetry JS shape: lowercase hex strings,
 * 32 chars for a trace id and 16 for a span id, never all zeros.
 *
 * A custom generator replaces Spool's pooled ids; spans it creates carry hex ids
 * only (their `idBytes` is `undefined`). An id of the wrong form is not repaired:
 * the span is still created, and propagators and exporters will reject the id.
 */
export interface IdGenerator {
  /** A new 16-byte trace id as 32 lowercase hex chars. */
  generateTraceId(): string;
  /** A new 8-byte span id as 16 lowercase hex chars. */
  generateSpanId(): string;
  /**
   * True when at least the 56 least-significant bits of every trace id are
   * uniformly random (W3C Trace Context Level 2 "random-trace-id"). Root spans then
   * carry the RANDOM trace flag (0x02). Absent means false.
   */
  isTraceIdRandom?(): boolean;
}
