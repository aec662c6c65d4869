import type { Baggage, BaggageEntry, BaggageEntryMetadata } from './baggage.js';

/** Past this many entries, duplicate keys are found with a Map instead of `indexOf`. */
const LINEAR_LOOKUP = 16;

/**
 * The {@link Baggage} implementation: keys, values and metadata in three
 * parallel arrays that are never changed after construction (every setter
 * copies them). Entries are handed out as new objects built from these
 * primitives, so a caller that changes an entry it was given changes only its
 * own copy; building `{ value }` from two fields costs a fraction of the
 * spread copy of a stored entry object it replaces.
 * @internal
 */
export class ImmutableBaggage implements Baggage {
  readonly #keys: readonly string[];
  readonly #values: readonly string[];
  readonly #metadata: readonly (BaggageEntryMetadata | undefined)[];

  /** Takes ownership of the three arrays (same length, keys unique); nothing else may keep them. */
  constructor(keys: string[], values: string[], metadata: (BaggageEntryMetadata | undefined)[]) {
    this.#keys = keys;
    this.#values = values;
    this.#metadata = metadata;
  }

  /** A copy of the entry named `key`, or `undefined`. */
  getEntry(key: string): BaggageEntry | undefined {
    const i = this.#keys.indexOf(key);
    return i === -1 ? undefined : entryOf(this.#values[i]!, this.#metadata[i]);
  }

  /** Copies of all entries as `[key, entry]` pairs, in insertion order. */
  getAllEntries(): [string, BaggageEntry][] {
    const keys = this.#keys;
    const values = this.#values;
    const metadata = this.#metadata;
    const out: [string, BaggageEntry][] = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) out[i] = [keys[i]!, entryOf(values[i]!, metadata[i])];
    return out;
  }

  /**
   * A new baggage with `key` set to a copy of `entry` (in place when the key is
   * there, last otherwise). An entry without a string `value` is not set: this
   * baggage is returned.
   */
  setEntry(key: string, entry: BaggageEntry): Baggage {
    if (typeof entry !== 'object' || entry === null || typeof entry.value !== 'string') return this;
    const k = String(key);
    const keys = this.#keys.slice();
    const values = this.#values.slice();
    const metadata = this.#metadata.slice();
    const i = keys.indexOf(k);
    if (i === -1) {
      keys.push(k);
      values.push(entry.value);
      metadata.push(entry.metadata);
    } else {
      values[i] = entry.value;
      metadata[i] = entry.metadata;
    }
    return new ImmutableBaggage(keys, values, metadata);
  }

  /** A new baggage without `key`; this one when it has no such entry. */
  removeEntry(key: string): Baggage {
    const i = this.#keys.indexOf(key);
    if (i === -1) return this;
    const keys = this.#keys.slice();
    const values = this.#values.slice();
    const metadata = this.#metadata.slice();
    keys.splice(i, 1);
    values.splice(i, 1);
    metadata.splice(i, 1);
    return new ImmutableBaggage(keys, values, metadata);
  }

  /** A new baggage without any of `keys`. */
  removeEntries(...keys: string[]): Baggage {
    const out = new BaggageBuilder();
    for (let i = 0; i < this.#keys.length; i++) {
      const k = this.#keys[i]!;
      if (!keys.includes(k)) out.append(k, this.#values[i]!, this.#metadata[i]);
    }
    return out.build();
  }

  /** An empty baggage. */
  clear(): Baggage {
    return new ImmutableBaggage([], [], []);
  }
}

/** A fresh entry object; `metadata` is present only when there is some (as entries are usually written). */
function entryOf(value: string, metadata: BaggageEntryMetadata | undefined): BaggageEntry {
  return metadata === undefined ? { value } : { value, metadata };
}

/**
 * Collects entries for a new {@link ImmutableBaggage}: a later entry with the
 * same key replaces the value of the earlier one and keeps its position (as
 * `Map.set` does).
 * @internal
 */
export class BaggageBuilder {
  readonly keys: string[] = [];
  readonly values: string[] = [];
  readonly metadata: (BaggageEntryMetadata | undefined)[] = [];
  #index: Map<string, number> | undefined = undefined;

  /** Adds (or replaces) an entry. */
  set(key: string, value: string, metadata: BaggageEntryMetadata | undefined): void {
    const i = this.#find(key);
    if (i === -1) this.append(key, value, metadata);
    else {
      this.values[i] = value;
      this.metadata[i] = metadata;
    }
  }

  /** Adds an entry whose key the caller knows is not there yet. */
  append(key: string, value: string, metadata: BaggageEntryMetadata | undefined): void {
    if (this.#index !== undefined) this.#index.set(key, this.keys.length);
    this.keys.push(key);
    this.values.push(value);
    this.metadata.push(metadata);
  }

  /** The baggage; the builder must not be used afterwards. */
  build(): ImmutableBaggage {
    return new ImmutableBaggage(this.keys, this.values, this.metadata);
  }

  #find(key: string): number {
    if (this.#index !== undefined) return this.#index.get(key) ?? -1;
    if (this.keys.length < LINEAR_LOOKUP) return this.keys.indexOf(key);
    this.#index = new Map();
    for (let i = 0; i < this.keys.length; i++) this.#index.set(this.keys[i]!, i);
    return this.#index.get(key) ?? -1;
  }
}
