import type { Context } from './context.js';

/**
 * Writes and reads cross-cutting values (trace context, baggage) to and from a
 * carrier such as HTTP headers. Same shape as `@opentelemetry/api`'s.
 * Implementations must not throw: a malformed carrier leaves the context unchanged.
 */
export interface TextMapPropagator<Carrier = any> {
  /** Writes the values of `context` into `carrier` through `setter`. */
  inject(context: Context, carrier: Carrier, setter: TextMapSetter<Carrier>): void;
  /** A new context with the values read from `carrier` through `getter`. */
  extract(context: Context, carrier: Carrier, getter: TextMapGetter<Carrier>): Context;
  /** The carrier keys this propagator writes (e.g. to pre-allow CORS headers). */
  fields(): string[];
}

/** Writes one key of a carrier. Same shape as `@opentelemetry/api`'s. */
export interface TextMapSetter<Carrier = any> {
  /** Sets `key` to `value` in `carrier`. */
  set(carrier: Carrier, key: string, value: string): void;
}

/** Reads keys of a carrier. Same shape as `@opentelemetry/api`'s. */
export interface TextMapGetter<Carrier = any> {
  /** The keys of `carrier`. */
  keys(carrier: Carrier): string[];
  /** The value of `key` in `carrier`; an array when the key was repeated. */
  get(carrier: Carrier, key: string): undefined | string | string[];
}
