import type { Baggage, BaggageEntry } from './baggage.js';
import { BaggageBuilder } from './immutable-baggage.js';

function isEntry(entry: unknown): entry is BaggageEntry {
  return typeof entry === 'object' && entry !== null && typeof (entry as BaggageEntry).value === 'string';
}

/**
 * Makes an immutable baggage from a record of entries (as `@opentelemetry/api`
 * does) or, a Spool addition, from `[key, entry]` pairs such as another
 * baggage's `getAllEntries()`, where a repeated key keeps its first position
 * and its last entry. Entries are copied (their `value` and `metadata`); those
 * that are not objects with a string `value` are dropped, and so are pairs that
 * are not arrays or whose key is not a string. A non-object argument gives an
 * empty baggage. Never throws on such input.
 */
export function createBaggage(entries: Record<string, BaggageEntry> | readonly (readonly [string, BaggageEntry])[] = {}): Baggage {
  const out = new BaggageBuilder();
  if (Array.isArray(entries)) {
    for (let i = 0; i < entries.length; i++) {
      const pair: unknown = entries[i];
      if (!Array.isArray(pair)) continue;
      const entry: unknown = pair[1];
      const key: unknown = pair[0];
      if (typeof key === 'string' && isEntry(entry)) out.set(key, entry.value, entry.metadata);
    }
  } else if (typeof entries === 'object' && entries !== null) {
    const record = entries as Record<string, BaggageEntry>;
    const keys = Object.keys(record);
    for (let i = 0; i < keys.length; i++) {
      const entry: unknown = record[keys[i]!];
      // Keys of a record are unique: no duplicate check.
      if (isEntry(entry)) out.append(keys[i]!, entry.value, entry.metadata);
    }
  }
  return out.build();
}
