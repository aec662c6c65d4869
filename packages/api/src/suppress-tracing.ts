import type { Context } from './context.js';
import { createContextKey } from './create-context-key.js';

/**
 * The suppress-tracing context key; the same symbol as `@opentelemetry/core`'s,
 * so OpenTelemetry instrumentations and exporters honour Spool's suppression
 * and the reverse.
 * @internal
 */
export const SUPPRESS_TRACING_KEY: symbol = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/**
 * A new context in which tracing is suppressed: SDK tracers return
 * non-recording spans (used by exporters so their own requests are not traced).
 */
export function suppressTracing(ctx: Context): Context {
  return ctx.setValue(SUPPRESS_TRACING_KEY, true);
}

/** A new context in which tracing is no longer suppressed. */
export function unsuppressTracing(ctx: Context): Context {
  return ctx.deleteValue(SUPPRESS_TRACING_KEY);
}

/**
 * True when tracing is suppressed in `ctx` (the key holds `true`, as
 * `@opentelemetry/core` sets it). A non-context gives false.
 */
export function isTracingSuppressed(ctx: Context): boolean {
  if (typeof ctx !== 'object' || ctx === null || typeof ctx.getValue !== 'function') return false;
  return ctx.getValue(SUPPRESS_TRACING_KEY) === true;
}
