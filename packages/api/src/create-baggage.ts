import type { Baggage, BaggageEntry } from './baggage.js';
import { ImmutableBaggage } from './immutable-baggage.js';

/**
 * Makes a baggage from a record of entries. Entries that are not objects with
 * a string `value` are dropped. A non-object argument gives an empty baggage.
 */
export function createBaggage(entries: Record<string, BaggageEntry> = {}): Baggage {
  const map = new Map<string, BaggageEntry>();
  if (typeof entries === 'object' && entries !== null) {
    for (const key of Object.keys(entries)) {
      const entry = entries[key];
      if (typeof entry === 'object' && entry !== null && typeof entry.value === 'string') map.set(key, { ...entry });
    }
  }
  return new ImmutableBaggage(map);
}
