import type { SpanContext } from './span-context.js';

/** True for exactly `length` hex characters (either case) that are not all zero. */
function isHexId(id: unknown, length: number): boolean {
  if (typeof id !== 'string' || id.length !== length) return false;
  let nonZero = false;
  for (let i = 0; i < length; i++) {
    const c = id.charCodeAt(i);
    // '0'-'9', 'a'-'f', 'A'-'F'; checked by char code rather than a regex (hot path).
    if (c >= 48 && c <= 57) {
      if (c !== 48) nonZero = true;
    } else if ((c >= 97 && c <= 102) || (c >= 65 && c <= 70)) {
      nonZero = true;
    } else {
      return false;
    }
  }
  return nonZero;
}

/**
 * True when `traceId` is 32 hex characters, not all zero (W3C Trace Context
 * §3.2.2.3). Like `@opentelemetry/api`, upper-case hex is accepted. Never throws;
 * non-strings are invalid.
 */
export function isValidTraceId(traceId: string): boolean {
  return isHexId(traceId, 32);
}

/**
 * True when `spanId` is 16 hex characters, not all zero (W3C Trace Context
 * §3.2.2.4). Upper-case hex is accepted. Never throws; non-strings are invalid.
 */
export function isValidSpanId(spanId: string): boolean {
  return isHexId(spanId, 16);
}

/**
 * True when `spanContext` has a valid trace id and span id. Never throws:
 * `null`, `undefined` and non-objects are invalid.
 */
export function isSpanContextValid(spanContext: SpanContext): boolean {
  if (typeof spanContext !== 'object' || spanContext === null) return false;
  return isHexId(spanContext.traceId, 32) && isHexId(spanContext.spanId, 16);
}
