import { context, isSpanContextValid, trace } from '@spool/api';
import type { Context } from '@spool/api';

/** The trace-correlation fields of a log line, named as the OpenTelemetry log data model names them. */
export interface TraceLogFields {
  /** 32 lower-case hex digits. */
  readonly trace_id: string;
  /** 16 lower-case hex digits. */
  readonly span_id: string;
  /** Two hex digits, `01` when sampled. */
  readonly trace_flags: string;
}

/**
 * Returns `trace_id`, `span_id` and `trace_flags` of the span active in `ctx`
 * (the current context by default), for adding to log lines; an empty object
 * when no span with a valid context is active, so it can be spread or used as
 * a pino `mixin` as is:
 *
 * ```ts
 * const logger = pino({ mixin: () => traceLogFields() });
 * ```
 *
 * Never throws.
 */
export function traceLogFields(ctx: Context = context.active()): TraceLogFields | Record<string, never> {
  const spanContext = trace.getSpanContext(ctx);
  if (spanContext === undefined || !isSpanContextValid(spanContext)) return {};
  const flags = spanContext.traceFlags & 0xff;
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: (flags < 16 ? '0' : '') + flags.toString(16),
  };
}
