import type { Context } from './context.js';
import { context } from './context-api.js';
import { createContextKey } from './create-context-key.js';
import { NonRecordingSpan } from './non-recording-span.js';
import type { Span } from './span.js';
import type { SpanContext } from './span-context.js';

/**
 * The context key of the active span; the same symbol as `@opentelemetry/api`'s.
 * @internal
 */
export const SPAN_KEY: symbol = createContextKey('OpenTelemetry Context Key SPAN');

function isContext(ctx: unknown): ctx is Context {
  return typeof ctx === 'object' && ctx !== null && typeof (ctx as Context).getValue === 'function';
}

/**
 * The span stored in `ctx`, or `undefined` (also when `ctx` is not a context).
 */
export function getSpan(ctx: Context): Span | undefined {
  if (!isContext(ctx)) return undefined;
  return (ctx.getValue(SPAN_KEY) as Span | undefined) ?? undefined;
}

/** The span of the active context, or `undefined`. */
export function getActiveSpan(): Span | undefined {
  return getSpan(context.active());
}

/**
 * A new context with `span` as its span. A bad `ctx` is replaced by the active
 * context (never throws).
 */
export function setSpan(ctx: Context, span: Span): Context {
  if (!isContext(ctx)) return context.active().setValue(SPAN_KEY, span);
  return ctx.setValue(SPAN_KEY, span);
}

/** A new context without a span. A bad `ctx` gives the active context without a span. */
export function deleteSpan(ctx: Context): Context {
  if (!isContext(ctx)) return context.active().deleteValue(SPAN_KEY);
  return ctx.deleteValue(SPAN_KEY);
}

/**
 * A new context whose span is a {@link NonRecordingSpan} carrying `spanContext`
 * (how extracted remote parents are put into a context).
 */
export function setSpanContext(ctx: Context, spanContext: SpanContext): Context {
  return setSpan(ctx, new NonRecordingSpan(spanContext));
}

/** The span context of the span in `ctx`, or `undefined`. */
export function getSpanContext(ctx: Context): SpanContext | undefined {
  const span = getSpan(ctx);
  if (span === undefined || typeof span.spanContext !== 'function') return undefined;
  return span.spanContext();
}
