import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@spool/api';

/**
 * A propagator that writes nothing, reads nothing and has no fields:
 * what `OTEL_PROPAGATORS=none` selects.
 */
export class NoopPropagator implements TextMapPropagator {
  /** Writes nothing. */
  inject(_context: Context, _carrier: unknown, _setter: TextMapSetter): void {}

  /** Returns `context` unchanged. */
  extract(context: Context, _carrier: unknown, _getter: TextMapGetter): Context {
    return context;
  }

  /** No fields. */
  fields(): string[] {
    return [];
  }
}
