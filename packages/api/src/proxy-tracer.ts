import type { Context } from './context.js';
import { NOOP_TRACER } from './noop-tracer.js';
import type { Span } from './span.js';
import type { SpanOptions } from './span-options.js';
import type { Tracer } from './tracer.js';
import type { TracerOptions } from './tracer-options.js';
import { noteUnservedSpan } from './unserved-tracer-report.js';

/**
 * What a {@link ProxyTracer} asks for its real tracer (a `ProxyTracerProvider`).
 */
export interface TracerDelegator {
  /** The real tracer for this scope, or `undefined` while no provider is registered. */
  getDelegateTracer(name: string, version?: string, options?: TracerOptions): Tracer | undefined;
}

/**
 * A tracer handed out before an SDK is registered. Until then it starts
 * non-recording spans (carrying the parent's span context); from the first call
 * after registration on, it forwards to the registered provider's tracer.
 */
export class ProxyTracer implements Tracer {
  private _delegate: Tracer | undefined;
  private readonly _provider: TracerDelegator;
  /** The instrumentation scope name. */
  readonly name: string;
  /** The instrumentation scope version. */
  readonly version: string | undefined;
  /** The tracer options. */
  readonly options: TracerOptions | undefined;

  /** Made by `ProxyTracerProvider.getTracer`; rarely constructed directly. */
  constructor(provider: TracerDelegator, name: string, version?: string, options?: TracerOptions) {
    this._delegate = undefined;
    this._provider = provider;
    this.name = name;
    this.version = version;
    this.options = options;
  }

  /** Starts a span with the real tracer, or a non-recording one before registration. */
  startSpan(name: string, options?: SpanOptions, context?: Context): Span {
    return this._getTracer().startSpan(name, options, context);
  }

  /** Runs `fn` in a new active span of the real tracer (or a non-recording one). */
  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    context: Context,
    fn: F
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, a2?: unknown, a3?: unknown, a4?: unknown): ReturnType<F> {
    const tracer = this._getTracer() as unknown as { startActiveSpan: (...args: unknown[]) => ReturnType<F> };
    // Forward exactly the arguments given so the delegate sees the same overload.
    if (a3 === undefined && a4 === undefined) return tracer.startActiveSpan(name, a2);
    if (a4 === undefined) return tracer.startActiveSpan(name, a2, a3);
    return tracer.startActiveSpan(name, a2, a3, a4);
  }

  private _getTracer(): Tracer {
    if (this._delegate !== undefined) return this._delegate;
    let tracer: Tracer | undefined;
    try {
      tracer = this._provider.getDelegateTracer(this.name, this.version, this.options);
    } catch {
      tracer = undefined;
    }
    if (tracer === undefined) {
      noteUnservedSpan();
      return NOOP_TRACER;
    }
    this._delegate = tracer;
    return tracer;
  }
}
