import type { Baggage, BaggageEntry } from './baggage.js';

/**
 * The {@link Baggage} implementation over a Map that is copied on change.
 * @internal
 */
export class ImmutableBaggage implements Baggage {
  private readonly _entries: Map<string, BaggageEntry>;

  constructor(entries?: Map<string, BaggageEntry>) {
    this._entries = entries ?? new Map();
  }

  getEntry(key: string): BaggageEntry | undefined {
    const entry = this._entries.get(key);
    return entry === undefined ? undefined : { ...entry };
  }

  getAllEntries(): [string, BaggageEntry][] {
    const out: [string, BaggageEntry][] = [];
    for (const [k, v] of this._entries) out.push([k, { ...v }]);
    return out;
  }

  setEntry(key: string, entry: BaggageEntry): Baggage {
    const copy = new Map(this._entries);
    copy.set(String(key), { ...entry });
    return new ImmutableBaggage(copy);
  }

  removeEntry(key: string): Baggage {
    if (!this._entries.has(key)) return this;
    const copy = new Map(this._entries);
    copy.delete(key);
    return new ImmutableBaggage(copy);
  }

  removeEntries(...keys: string[]): Baggage {
    const copy = new Map(this._entries);
    for (const k of keys) copy.delete(k);
    return new ImmutableBaggage(copy);
  }

  clear(): Baggage {
    return new ImmutableBaggage();
  }
}
