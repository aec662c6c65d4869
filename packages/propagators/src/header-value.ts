/**
 * Reading what a `TextMapGetter` returned. Getters may hand back a string, an
 * array of strings (repeated headers), or anything at all from a hostile carrier;
 * these helpers reduce that to one string or `undefined` without throwing.
 *
 * @internal
 */

/** Arrays longer than this are treated as garbage rather than joined. */
const MAX_HEADER_REPEATS = 64;

/**
 * The value of a header that must appear once: a string, or an array holding
 * exactly one string. Repeated values (an array of two or more) are `undefined`,
 * because a singleton field that was sent twice cannot be trusted (RFC 9110 §5.3).
 */
export function soleValue(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw) && raw.length === 1 && typeof raw[0] === 'string') return raw[0];
  return undefined;
}

/**
 * The first value of a header: a string, or the first element of an array when
 * it is a string ("the first value wins", B3 multi-header encoding).
 */
export function firstValue(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw) && raw.length > 0 && typeof raw[0] === 'string') return raw[0];
  return undefined;
}

/**
 * The combined value of a list header (`tracestate`, `baggage`): a string, or the
 * elements of an array joined with `,` as RFC 9110 §5.3 combines repeated fields.
 * `undefined` when an element is not a string or the array is absurdly long.
 */
export function listValue(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_HEADER_REPEATS) return undefined;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const v: unknown = raw[i];
    if (typeof v !== 'string') return undefined;
    out = i === 0 ? v : out + ',' + v;
  }
  return out;
}
