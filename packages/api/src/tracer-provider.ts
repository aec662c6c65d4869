import type { Tracer } from './tracer.js';
import type { TracerOptions } from './tracer-options.js';

/**
 * Hands out tracers by instrumentation scope. Same shape as `@opentelemetry/api`'s
 * `TracerProvider`.
 */
export interface TracerProvider {
  /** A tracer for the instrumentation scope `name`/`version`. */
  getTracer(name: string, version?: string, options?: TracerOptions): Tracer;
}
