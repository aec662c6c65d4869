import { diag, DiagLogLevel } from '@spool/api';
import type { AttributeValue, Attributes } from '@spool/api';

/**
 * Validates one attribute value and returns what should be stored, or `undefined`
 * when the value is not a valid attribute value (the caller drops it and warns).
 *
 * Valid (OpenTelemetry common spec, "Attribute"): a string, a number, a boolean, or
 * an array whose non-null entries all have the same one of those types (null and
 * undefined entries are kept, as OpenTelemetry JS does). Strings longer than
 * `lengthLimit`, alone or inside an array, are truncated. Arrays are always copied,
 * so a caller mutating its array later does not change the span.
 */
export function sanitizeAttributeValue(value: unknown, lengthLimit: number): AttributeValue | undefined {
  switch (typeof value) {
    case 'string':
      return value.length > lengthLimit ? truncate(value, lengthLimit) : value;
    case 'number':
    case 'boolean':
      return value;
    case 'object':
      return Array.isArray(value) ? sanitizeArray(value, lengthLimit) : undefined;
    default:
      return undefined;
  }
}

function sanitizeArray(value: unknown[], lengthLimit: number): AttributeValue | undefined {
  const n = value.length;
  const copy = new Array<unknown>(n);
  let type: string | undefined;
  for (let i = 0; i < n; i++) {
    let e = value[i];
    if (e === null || e === undefined) {
      copy[i] = e;
      continue;
    }
    const t = typeof e;
    if (t !== 'string' && t !== 'number' && t !== 'boolean') return undefined;
    if (type === undefined) type = t;
    else if (t !== type) return undefined;
    if (t === 'string' && (e as string).length > lengthLimit) e = truncate(e as string, lengthLimit);
    copy[i] = e;
  }
  return copy as AttributeValue;
}

/** Cuts to `limit` UTF-16 units without leaving half of a surrogate pair at the end. */
export function truncate(value: string, limit: number): string {
  let end = limit;
  if (end > 0) {
    const last = value.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end--;
  }
  return value.slice(0, end);
}

/**
 * Copies `source` into `target` with validation and limits; returns how many
 * attributes were dropped because of `countLimit` (spec: those are counted).
 * null/undefined values are skipped silently (OpenTelemetry JS behaviour: an
 * optional value that is absent); an invalid value or an empty key is dropped with
 * a diag warning naming the key and `where`, and is not counted. A non-object
 * `source` is ignored with a warning.
 */
export function copyAttributes(
  source: unknown,
  target: Attributes,
  countLimit: number,
  lengthLimit: number,
  where: string
): number {
  if (source === null || source === undefined) return 0;
  if (typeof source !== 'object' || Array.isArray(source)) {
    if (diag.isEnabled(DiagLogLevel.WARN)) diag.warn(`Spool: ${where}: attributes must be an object, got ${typeof source}; ignored`);
    return 0;
  }
  let count = 0;
  for (const _ in target) count++;
  let dropped = 0;
  const src = source as Record<string, unknown>;
  for (const key in src) {
    const raw = src[key];
    if (raw === null || raw === undefined) continue;
    if (key.length === 0) {
      if (diag.isEnabled(DiagLogLevel.WARN)) diag.warn(`Spool: ${where}: dropping an attribute with an empty key`);
      continue;
    }
    const value = sanitizeAttributeValue(raw, lengthLimit);
    if (value === undefined) {
      if (diag.isEnabled(DiagLogLevel.WARN)) warnInvalidValue(where, key, raw);
      continue;
    }
    const isNew = !Object.prototype.hasOwnProperty.call(target, key);
    if (isNew) {
      if (count >= countLimit) {
        dropped++;
        continue;
      }
      count++;
    }
    setOwn(target, key, value);
  }
  return dropped;
}

/** `target[key] = value`, also for the key `__proto__` (which must not change the prototype). */
export function setOwn(target: Attributes, key: string, value: AttributeValue): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/**
 * The one warning for an invalid attribute value: names the key, where it was set
 * and the type that was refused. Callers check `diag.isEnabled` first so nothing is
 * formatted when warnings are off.
 */
export function warnInvalidValue(where: string, key: string, value: unknown): void {
  const type = Array.isArray(value) ? 'an array of mixed or non-primitive values' : `a value of type ${typeof value}`;
  diag.warn(`Spool: ${where}: dropping attribute ${JSON.stringify(key)}: ${type} is not a valid attribute value`);
}

/**
 * The fast path for event and link attributes: a shallow clone (`{ ...source }`,
 * which V8 copies map and all for an object literal, far cheaper than adding keys
 * one by one) when every own value is already valid as is (a string within
 * `lengthLimit`, a number or a boolean), no key is empty, and there are at most
 * `countLimit` of them. Returns undefined otherwise; the caller then takes the
 * general path ({@link copyAttributes}), which validates, truncates and counts.
 */
export function cloneValidAttributes(source: unknown, countLimit: number, lengthLimit: number): Attributes | undefined {
  if (typeof source !== 'object' || source === null || Array.isArray(source)) return undefined;
  const clone: Attributes = { ...(source as Attributes) };
  let n = 0;
  for (const key in clone) {
    const v = clone[key];
    const t = typeof v;
    if (t === 'string') {
      if ((v as string).length > lengthLimit) return undefined;
    } else if (t !== 'number' && t !== 'boolean') {
      return undefined;
    }
    if (key.length === 0) return undefined;
    n++;
  }
  return n <= countLimit ? clone : undefined;
}
