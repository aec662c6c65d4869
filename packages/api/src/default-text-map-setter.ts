import type { TextMapSetter } from './text-map-propagator.js';

/**
 * The setter used when `propagation.inject` is called without one: assigns
 * `carrier[key] = value` on a plain object. Never throws: a non-object carrier
 * is ignored, and so is a frozen one or a throwing property setter.
 */
export const defaultTextMapSetter: TextMapSetter = {
  set(carrier: unknown, key: string, value: string): void {
    if (typeof carrier !== 'object' || carrier === null) return;
    try {
      (carrier as Record<string, unknown>)[key] = value;
    } catch {
      // frozen or exotic carrier: the value is dropped
    }
  },
};
