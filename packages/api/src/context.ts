/**
 * An immutable bag of values keyed by symbols, carried through a request.
 * Every setter returns a new context and leaves the receiver unchanged.
 * Same shape as `@opentelemetry/api`'s `Context`, so contexts made by either API
 * are accepted by the other.
 */
export interface Context {
  /** The value stored under `key`, or `undefined`. */
  getValue(key: symbol): unknown;
  /** A new context that has `value` under `key` and everything else of this one. */
  setValue(key: symbol, value: unknown): Context;
  /** A new context without `key`. */
  deleteValue(key: symbol): Context;
}
