import { deleteSpan, getActiveSpan, getSpan, getSpanContext, setSpan, setSpanContext } from './active-span.js';
import { diag } from './diag-api.js';
import { getSlot, registerGlobal, unregisterGlobal, type SharedProxyTracerProvider } from './global-registry.js';
import { ProxyTracerProvider } from './proxy-tracer-provider.js';
import type { RegisterOptions } from './register-options.js';
import { isSpanContextValid } from './span-context-validity.js';
import type { Tracer } from './tracer.js';
import type { TracerOptions } from './tracer-options.js';
import type { TracerProvider } from './tracer-provider.js';
import { wrapSpanContext } from './wrap-span-context.js';

/**
 * The `trace` singleton: the global tracer provider and the span helpers.
 * Same surface as `@opentelemetry/api`'s `TraceAPI`; `getTracer` also takes
 * tracer options.
 */
export class TraceAPI {
  private static _instance: TraceAPI | undefined;

  /** The singleton. */
  static getInstance(): TraceAPI {
    return (TraceAPI._instance ??= new TraceAPI());
  }

  private constructor() {}

  /**
   * Registers the global tracer provider; tracers taken earlier (from any
   * compatible copy of `@spool/api`) start forwarding to it. Returns false,
   * with a diag error, when one is already registered (unless
   * `options.allowOverride`), when `provider` has no `getTracer`, or when this
   * copy cannot use the global slot.
   */
  setGlobalTracerProvider(provider: TracerProvider, options?: RegisterOptions): boolean {
    if (typeof provider !== 'object' || provider === null || typeof provider.getTracer !== 'function') {
      diag.error('trace.setGlobalTracerProvider: the argument is not a TracerProvider; ignored');
      return false;
    }
    const registered = registerGlobal('trace', provider, options?.allowOverride === true);
    if (registered) this._proxy().setDelegate(provider);
    return registered;
  }

  /**
   * The global provider: a {@link ProxyTracerProvider} that forwards to the
   * registered provider (or serves non-recording spans before registration).
   */
  getTracerProvider(): TracerProvider {
    return this._proxy();
  }

  /** A tracer of the global provider (see {@link TraceAPI.getTracerProvider}). */
  getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    return this._proxy().getTracer(name, version, options);
  }

  /** Unregisters the global tracer provider; tracers taken afterwards are no-op. */
  disable(): void {
    unregisterGlobal('trace');
  }

  /** See {@link wrapSpanContext}. */
  wrapSpanContext = wrapSpanContext;
  /** See {@link isSpanContextValid}. */
  isSpanContextValid = isSpanContextValid;
  /** The span in a context (see `getSpan`). */
  getSpan = getSpan;
  /** The span of the active context. */
  getActiveSpan = getActiveSpan;
  /** The span context of the span in a context. */
  getSpanContext = getSpanContext;
  /** A context with a span. */
  setSpan = setSpan;
  /** A context without a span. */
  deleteSpan = deleteSpan;
  /** A context with a non-recording span carrying a span context. */
  setSpanContext = setSpanContext;

  private _proxy(): SharedProxyTracerProvider {
    const slot = getSlot();
    let proxy = slot.traceProxy;
    if (proxy === undefined) {
      proxy = new ProxyTracerProvider();
      if (slot.trace !== undefined) proxy.setDelegate(slot.trace);
      slot.traceProxy = proxy;
    }
    return proxy;
  }
}

/** The trace API singleton. */
export const trace: TraceAPI = TraceAPI.getInstance();
