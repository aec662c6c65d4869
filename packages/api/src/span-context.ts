import type { TraceState } from './trace-state.js';

/**
 * The part of a span that is propagated: ids, flags and trace state.
 * Same shape as `@opentelemetry/api`'s `SpanContext`.
 */
export interface SpanContext {
  /** 32 lowercase hex characters, not all zero, when valid. */
  traceId: string;
  /** 16 lowercase hex characters, not all zero, when valid. */
  spanId: string;
  /** True when the context was extracted from a remote parent. */
  isRemote?: boolean;
  /** W3C trace flags bit field (see `TraceFlags`). */
  traceFlags: number;
  /** The W3C `tracestate` of this context, if any. */
  traceState?: TraceState;
}
