import type { SpanContext } from './span-context.js';
import { TraceFlags } from './trace-flags.js';

/** The all-zero trace id: never valid. */
export const INVALID_TRACEID = '00000000000000000000000000000000';

/** The all-zero span id: never valid. */
export const INVALID_SPANID = '0000000000000000';

/**
 * The span context of a span that has no identity: all-zero ids, no flags.
 * Frozen; carried by non-recording spans started without a valid parent.
 */
export const INVALID_SPAN_CONTEXT: SpanContext = Object.freeze({
  traceId: INVALID_TRACEID,
  spanId: INVALID_SPANID,
  traceFlags: TraceFlags.NONE,
});
