/**
 * Opaque metadata of a baggage entry (the W3C Baggage `properties`). Make it
 * with `baggageEntryMetadataFromString`. Structurally like
 * `@opentelemetry/api`'s, except that the brand is any symbol.
 */
export type BaggageEntryMetadata = { toString(): string } & { __TYPE__: symbol };

/** One baggage entry: a value and optional metadata. */
export interface BaggageEntry {
  /** The entry value. */
  value: string;
  /** The entry metadata, if any. */
  metadata?: BaggageEntryMetadata;
}

/**
 * An immutable set of name/value pairs propagated with a request (W3C Baggage).
 * Every setter returns a new baggage. Same methods as `@opentelemetry/api`'s.
 */
export interface Baggage {
  /** The entry named `key`, or `undefined`. */
  getEntry(key: string): BaggageEntry | undefined;
  /** All entries as `[key, entry]` pairs, in insertion order. */
  getAllEntries(): [string, BaggageEntry][];
  /** A new baggage with `key` set to `entry`. */
  setEntry(key: string, entry: BaggageEntry): Baggage;
  /** A new baggage without `key`. */
  removeEntry(key: string): Baggage;
  /** A new baggage without any of `keys`. */
  removeEntries(...key: string[]): Baggage;
  /** An empty baggage. */
  clear(): Baggage;
}
