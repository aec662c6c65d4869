import { diag } from './diag-api.js';
import { NOOP_TRACER_PROVIDER } from './noop-tracer-provider.js';
import { ProxyTracer } from './proxy-tracer.js';
import type { Tracer } from './tracer.js';
import type { TracerOptions } from './tracer-options.js';
import type { TracerProvider } from './tracer-provider.js';

/**
 * The provider `trace.getTracerProvider()` returns: it forwards to the
 * registered SDK provider, and before registration hands out
 * {@link ProxyTracer}s that switch to the SDK once it is registered. One proxy
 * is shared by every compatible copy of `@spool/api` in the process.
 */
export class ProxyTracerProvider implements TracerProvider {
  private _delegate: TracerProvider | undefined = undefined;

  /** The registered provider's tracer, or a {@link ProxyTracer} before registration. */
  getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    return this.getDelegateTracer(name, version, options) ?? new ProxyTracer(this, name, version, options);
  }

  /** The registered provider, or a no-op provider. */
  getDelegate(): TracerProvider {
    return this._delegate ?? NOOP_TRACER_PROVIDER;
  }

  /** Sets the provider to forward to (done by `trace.setGlobalTracerProvider`). */
  setDelegate(delegate: TracerProvider): void {
    this._delegate = delegate;
  }

  /**
   * The registered provider's tracer, or `undefined` before registration. A
   * provider that throws is reported through diag and treated as absent.
   */
  getDelegateTracer(name: string, version?: string, options?: TracerOptions): Tracer | undefined {
    const delegate = this._delegate;
    if (delegate === undefined) return undefined;
    try {
      return delegate.getTracer(name, version, options);
    } catch (err) {
      diag.error(`ProxyTracerProvider: the registered provider threw in getTracer(${String(name)})`, err);
      return undefined;
    }
  }
}
