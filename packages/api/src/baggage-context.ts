import type { Baggage } from './baggage.js';
import type { Context } from './context.js';
import { context } from './context-api.js';
import { createContextKey } from './create-context-key.js';

/**
 * The context key of baggage; the same symbol as `@opentelemetry/api`'s.
 * @internal
 */
export const BAGGAGE_KEY: symbol = createContextKey('OpenTelemetry Baggage Key');

/** The baggage in `ctx`, or `undefined` (also for a non-context). */
export function getBaggage(ctx: Context): Baggage | undefined {
  if (typeof ctx !== 'object' || ctx === null || typeof ctx.getValue !== 'function') return undefined;
  return (ctx.getValue(BAGGAGE_KEY) as Baggage | undefined) ?? undefined;
}

/** The baggage of the active context, or `undefined`. */
export function getActiveBaggage(): Baggage | undefined {
  return getBaggage(context.active());
}

/** A new context with `baggage`. */
export function setBaggage(ctx: Context, baggage: Baggage): Context {
  return ctx.setValue(BAGGAGE_KEY, baggage);
}

/** A new context without baggage. */
export function deleteBaggage(ctx: Context): Context {
  return ctx.deleteValue(BAGGAGE_KEY);
}
