import type { TextMapGetter } from './text-map-propagator.js';

function readValue(carrier: Record<string, unknown>, key: string): string | string[] | undefined {
  const value = carrier[key];
  // Only strings and arrays are header values; anything else (including
  // functions found on the prototype, e.g. `constructor`) is not.
  if (typeof value === 'string' || Array.isArray(value)) return value as string | string[];
  return undefined;
}

function isCarrier(carrier: unknown): carrier is Record<string, unknown> {
  return typeof carrier === 'object' && carrier !== null;
}

/**
 * The getter used when `propagation.extract` is called without one. Reads a
 * plain object (e.g. Node's `IncomingHttpHeaders`) case-insensitively: the exact
 * key first, then the lower-cased key, then any own key equal ignoring case.
 * Arrays (repeated headers) are returned as they are; propagators join or pick.
 * Values that are neither strings nor arrays read as `undefined`. Never throws:
 * a non-object carrier, or one whose property access throws, reads as empty.
 */
export const defaultTextMapGetter: TextMapGetter = {
  get(carrier: unknown, key: string): string | string[] | undefined {
    if (!isCarrier(carrier) || typeof key !== 'string') return undefined;
    try {
      const exact = readValue(carrier, key);
      if (exact !== undefined) return exact;
      const lower = key.toLowerCase();
      if (lower !== key) {
        const lowered = readValue(carrier, lower);
        if (lowered !== undefined) return lowered;
      }
      // Last resort, e.g. `Traceparent` in a message-queue carrier. The length
      // test keeps the scan cheap: most keys differ in length.
      for (const k of Object.keys(carrier)) {
        if (k.length === key.length && k !== key && k !== lower && k.toLowerCase() === lower) {
          const found = readValue(carrier, k);
          if (found !== undefined) return found;
        }
      }
      return undefined;
    } catch {
      return undefined;
    }
  },

  keys(carrier: unknown): string[] {
    if (!isCarrier(carrier)) return [];
    try {
      return Object.keys(carrier);
    } catch {
      return [];
    }
  },
};
