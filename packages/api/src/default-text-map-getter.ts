import type { TextMapGetter } from './text-map-propagator.js';

const hasOwn = Object.prototype.hasOwnProperty;

/** Only strings and arrays are header values; anything else (e.g. `constructor` from the prototype) is not. */
function isHeaderValue(value: unknown): value is string | string[] {
  return typeof value === 'string' || Array.isArray(value);
}

/**
 * `key` lowercased, or `key` itself when it has no ASCII upper-case letter and
 * no non-ASCII character (the usual case: propagators ask for lowercase names),
 * which skips `toLowerCase`.
 */
function lowerCased(key: string): string {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || c >= 0x80) return key.toLowerCase();
  }
  return key;
}

/** `k.toLowerCase() === lower` for a `k` as long as `lower`, without allocating for ASCII keys. */
function equalsLowered(k: string, lower: string): boolean {
  for (let i = 0; i < k.length; i++) {
    let c = k.charCodeAt(i);
    if (c >= 0x80) return k.toLowerCase() === lower;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * The value of the own key of `carrier` equal to `key` ignoring case, after the
 * exact key missed. Miss path cost: `for...in` walks the object's cached key
 * list without allocating (`Object.keys` built an array each time: measured
 * ~34 ns for a 3-key carrier before, ~15 ns now), and most keys are rejected
 * on length alone.
 *
 * Nothing is cached between calls (a per-carrier WeakMap of lowercased keys was
 * considered): a carrier may gain keys between two reads, and a stale index
 * would then hide a header.
 */
function findIgnoringCase(carrier: Record<string, unknown>, key: string): string | string[] | undefined {
  const lower = lowerCased(key);
  if (lower !== key) {
    const lowered = carrier[lower];
    if (isHeaderValue(lowered)) return lowered;
  }
  const n = key.length;
  for (const k in carrier) {
    if (k.length === n && k !== key && k !== lower && equalsLowered(k, lower) && hasOwn.call(carrier, k)) {
      const found = carrier[k];
      if (isHeaderValue(found)) return found;
    }
  }
  return undefined;
}

/**
 * The getter used when `propagation.extract` is called without one. Reads a
 * plain object (e.g. Node's `IncomingHttpHeaders`) case-insensitively: the exact
 * key first, then the lower-cased key, then any own key equal ignoring case.
 * Arrays (repeated headers) are returned as they are; propagators join or pick.
 * Values that are neither strings nor arrays read as `undefined`. Never throws:
 * a non-object carrier, or one whose property access throws, reads as empty.
 *
 * `@spool/propagators` recognises this object and reads plain carriers the same
 * way without calling it; both must keep this behaviour.
 */
export const defaultTextMapGetter: TextMapGetter = {
  get(carrier: unknown, key: string): string | string[] | undefined {
    if (typeof carrier !== 'object' || carrier === null || typeof key !== 'string') return undefined;
    try {
      const exact = (carrier as Record<string, unknown>)[key];
      if (isHeaderValue(exact)) return exact;
      return findIgnoringCase(carrier as Record<string, unknown>, key);
    } catch {
      return undefined;
    }
  },

  keys(carrier: unknown): string[] {
    if (typeof carrier !== 'object' || carrier === null) return [];
    try {
      return Object.keys(carrier);
    } catch {
      return [];
    }
  },
};
