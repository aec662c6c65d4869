import { isTracingSuppressed, trace, type Context, type SpanContext } from '@spool/api';
import { isValidSpanIdHex, isValidTraceIdHex } from './hex-id.js';
import type { OnceReporter } from './once-reporter.js';

/**
 * The span context of `context` if inject should write it, else `undefined`:
 * nothing is written without a span context, when tracing is suppressed, or
 * when the ids are not lowercase hex of the right length or are all zero
 * (W3C Trace Context §3.2.2.3-4; B3, Jaeger and X-Ray carry the same ids).
 * Invalid ids are reported once per `report`, at debug.
 *
 * The opening of the inject of every propagator that writes a span context.
 * Small enough for V8 to inline into each inject.
 *
 * @internal
 */
export function injectableSpanContext(context: Context, report: OnceReporter): SpanContext | undefined {
  const sc = trace.getSpanContext(context);
  if (sc === undefined || isTracingSuppressed(context)) return undefined;
  if (isValidTraceIdHex(sc.traceId) && isValidSpanIdHex(sc.spanId)) return sc;
  return reportInvalidIds(report);
}

/** The report of `injectableSpanContext`, out of line to keep that function small. */
function reportInvalidIds(report: OnceReporter): undefined {
  report.report('inject.invalid-ids', 'debug', 'span context with invalid ids not injected');
  return undefined;
}
