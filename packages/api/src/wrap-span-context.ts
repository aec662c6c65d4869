import { NonRecordingSpan } from './non-recording-span.js';
import type { Span } from './span.js';
import type { SpanContext } from './span-context.js';

/**
 * Wraps a span context in a {@link NonRecordingSpan}, e.g. to use a remote
 * parent as a span. A non-object gives a span with the invalid context.
 */
export function wrapSpanContext(spanContext: SpanContext): Span {
  return new NonRecordingSpan(spanContext);
}
