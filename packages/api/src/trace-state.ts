/**
 * The W3C `tracestate` list: vendor-specific key/value pairs carried with a
 * span context. Immutable: `set` and `unset` return a new list.
 * Same shape as `@opentelemetry/api`'s `TraceState`.
 */
export interface TraceState {
  /** A new list with `key` set to `value` and moved to the front (W3C Trace Context §3.5). */
  set(key: string, value: string): TraceState;
  /** A new list without `key`. */
  unset(key: string): TraceState;
  /** The value of `key`, or `undefined`. */
  get(key: string): string | undefined;
  /** The list as a `tracestate` header value (`k1=v1,k2=v2`). */
  serialize(): string;
}
