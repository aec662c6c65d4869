import type { Context } from './context.js';
import type { Span } from './span.js';
import type { SpanOptions } from './span-options.js';

/**
 * Creates spans. Same shape as `@opentelemetry/api`'s `Tracer`.
 */
export interface Tracer {
  /**
   * Starts a span, child of the span in `context` (the active context when
   * absent) unless `options.root` is set. Does not make it active.
   */
  startSpan(name: string, options?: SpanOptions, context?: Context): Span;
  /**
   * Starts a span, makes it active while `fn` runs, and returns what `fn`
   * returns. The caller must end the span (usually inside `fn`).
   */
  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  /** As above, with options. */
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  /** As above, with options and an explicit parent context. */
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    context: Context,
    fn: F
  ): ReturnType<F>;
}
