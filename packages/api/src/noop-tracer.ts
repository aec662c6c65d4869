import { getSpanContext, setSpan } from './active-span.js';
import type { Context } from './context.js';
import { context as contextApi } from './context-api.js';
import { reportOnce } from './global-registry.js';
import { NonRecordingSpan } from './non-recording-span.js';
import type { Span } from './span.js';
import { isSpanContextValid } from './span-context-validity.js';
import type { SpanOptions } from './span-options.js';
import { parseStartActiveSpanArgs } from './start-active-span-args.js';
import type { Tracer } from './tracer.js';

/** The span every root-less no-op start returns (it carries the invalid context). */
const INVALID_SPAN = new NonRecordingSpan();

/**
 * The tracer used when no SDK serves one: spans are {@link NonRecordingSpan}s
 * that carry the parent's span context (so ids keep propagating), or the
 * invalid context when there is no valid parent or `options.root` is set.
 * @internal
 */
export class NoopTracer implements Tracer {
  startSpan(_name: string, options?: SpanOptions, ctx?: Context): Span {
    if (options?.root === true) return INVALID_SPAN;
    const parent = getSpanContext(ctx ?? contextApi.active());
    if (parent !== undefined && isSpanContextValid(parent)) return new NonRecordingSpan(parent);
    return INVALID_SPAN;
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    context: Context,
    fn: F
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, a2?: unknown, a3?: unknown, a4?: unknown): ReturnType<F> {
    const args = parseStartActiveSpanArgs<F>(a2, a3, a4);
    if (args.fn === undefined) {
      reportOnce('startActiveSpan:fn', 'error', 'tracer.startActiveSpan: no function was given; nothing was run');
      return undefined as ReturnType<F>;
    }
    const parentContext = args.context ?? contextApi.active();
    const span = this.startSpan(name, args.options, parentContext);
    const fn = args.fn as unknown as (s: Span) => ReturnType<F>;
    return contextApi.with(setSpan(parentContext, span), fn, undefined, span);
  }
}

/** @internal */
export const NOOP_TRACER: Tracer = new NoopTracer();
