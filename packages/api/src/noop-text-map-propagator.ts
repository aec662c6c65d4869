import type { Context } from './context.js';
import type { TextMapPropagator } from './text-map-propagator.js';

/**
 * The propagator used before one is registered: injects nothing, extracts
 * nothing, has no fields.
 * @internal
 */
export class NoopTextMapPropagator implements TextMapPropagator {
  inject(_context: Context, _carrier: unknown): void {}

  extract(context: Context, _carrier: unknown): Context {
    return context;
  }

  fields(): string[] {
    return [];
  }
}

/** @internal */
export const NOOP_TEXT_MAP_PROPAGATOR: TextMapPropagator = new NoopTextMapPropagator();
