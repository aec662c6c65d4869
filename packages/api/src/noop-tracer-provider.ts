import { NOOP_TRACER } from './noop-tracer.js';
import type { Tracer } from './tracer.js';
import type { TracerOptions } from './tracer-options.js';
import type { TracerProvider } from './tracer-provider.js';

/**
 * A provider whose tracers create only non-recording spans.
 * @internal
 */
export class NoopTracerProvider implements TracerProvider {
  getTracer(_name: string, _version?: string, _options?: TracerOptions): Tracer {
    return NOOP_TRACER;
  }
}

/** @internal */
export const NOOP_TRACER_PROVIDER: TracerProvider = new NoopTracerProvider();
