import { baggageEntryMetadataFromString, type BaggageEntry } from '@spool/api';
import { BAGGAGE_OCTET, CHAR_CLASS, TOKEN, isOws } from './char-class.js';
import type { OnceReporter } from './once-reporter.js';
import { percentDecode } from './percent-codec.js';

/**
 * The W3C Baggage header grammar (W3C Baggage §3.3.1) and limits (§3.3.3),
 * shared by the propagator's inject and extract and by `HeaderBaggage`.
 *
 * @internal
 */

/**
 * Most list members propagated or accepted. W3C Baggage §3.3.3 requires at least
 * 64; this is the limit of the ABNF (`0*179`) and of OpenTelemetry JS.
 */
export const BAGGAGE_MAX_MEMBERS = 180;
/**
 * Most bytes of the combined `baggage` value, commas included (W3C Baggage
 * §3.3.3 requires at least 8192). A single member may use all of it: unlike
 * OpenTelemetry JS there is no separate per-member cap, which would violate the
 * spec's "MUST propagate" for a large member in a small header.
 */
export const BAGGAGE_MAX_BYTES = 8192;
/** Scanning of an incoming header stops at the first member starting beyond this offset. */
const MAX_SCAN = 65536;

function isClass(c: number, flag: number): boolean {
  return c < 128 && (CHAR_CLASS[c]! & flag) !== 0;
}

/**
 * `property *( OWS ";" OWS property )` in `s[start, end)` where
 * `property = key OWS "=" OWS value / key OWS` (W3C Baggage §3.3.1).
 */
export function isValidProperties(s: string, start: number, end: number): boolean {
  let i = start;
  for (;;) {
    while (i < end && isOws(s.charCodeAt(i))) i++;
    const k = i;
    while (i < end && isClass(s.charCodeAt(i), TOKEN)) i++;
    if (i === k) return false;
    while (i < end && isOws(s.charCodeAt(i))) i++;
    if (i < end && s.charCodeAt(i) === 0x3d) {
      i++;
      while (i < end && isOws(s.charCodeAt(i))) i++;
      while (i < end && isClass(s.charCodeAt(i), BAGGAGE_OCTET)) i++;
      while (i < end && isOws(s.charCodeAt(i))) i++;
    }
    if (i === end) return true;
    if (s.charCodeAt(i) !== 0x3b) return false;
    i++;
  }
}

/**
 * Validates a combined `baggage` value by offset and returns where its
 * accepted members are: six offsets per member, `[keyStart, keyEnd,
 * valueStart, valueEnd, propertiesStart, propertiesEnd]` (the properties range
 * is empty when there are none), in header order; `undefined` when no member
 * is accepted. Nothing else is built: `baggageEntries` slices and decodes the
 * members from these offsets, on first read of the baggage (see
 * `HeaderBaggage`). Problems go to `report` when it is given.
 *
 * Rules (W3C Baggage §3.3.1): `key OWS "=" OWS value *( OWS ";" OWS property )`
 * with optional whitespace around each member; an invalid member is skipped;
 * empty members are skipped; a bare trailing `;` means no properties. Limits
 * (§3.3.3): members after the 180th, or whose bytes would take the total past
 * 8192, are skipped; scanning stops 64 KiB into the value.
 */
export function scanBaggage(h: string, report: OnceReporter | undefined): number[] | undefined {
  const len = h.length;
  let offsets: number[] | undefined;
  let count = 0;
  let bytes = 0;
  let pos = 0;
  while (pos < len && pos <= MAX_SCAN) {
    let e = h.indexOf(',', pos);
    if (e === -1) e = len;
    let s = pos;
    let t = e;
    pos = e + 1;
    while (s < t && isOws(h.charCodeAt(s))) s++;
    while (t > s && isOws(h.charCodeAt(t - 1))) t--;
    if (s === t) continue; // empty member
    if (count === BAGGAGE_MAX_MEMBERS) {
      report?.report('extract.limit', 'debug', `baggage beyond ${BAGGAGE_MAX_MEMBERS} members or ${BAGGAGE_MAX_BYTES} bytes dropped`);
      break;
    }
    const size = t - s + (count === 0 ? 0 : 1);
    if (bytes + size > BAGGAGE_MAX_BYTES) {
      report?.report('extract.limit', 'debug', `baggage beyond ${BAGGAGE_MAX_MEMBERS} members or ${BAGGAGE_MAX_BYTES} bytes dropped`);
      continue;
    }
    // key
    let i = s;
    while (i < t && isClass(h.charCodeAt(i), TOKEN)) i++;
    const keyEnd = i;
    while (i < t && isOws(h.charCodeAt(i))) i++;
    if (keyEnd === s || i === t || h.charCodeAt(i) !== 0x3d) {
      report?.report('extract.invalid-member', 'debug', 'malformed baggage member skipped');
      continue;
    }
    i++;
    while (i < t && isOws(h.charCodeAt(i))) i++;
    // value
    const valueStart = i;
    while (i < t && isClass(h.charCodeAt(i), BAGGAGE_OCTET)) i++;
    const valueEnd = i;
    while (i < t && isOws(h.charCodeAt(i))) i++;
    let m = t; // start of the properties; t when there are none
    if (i < t) {
      if (h.charCodeAt(i) !== 0x3b) {
        report?.report('extract.invalid-member', 'debug', 'malformed baggage member skipped');
        continue;
      }
      m = i + 1;
      while (m < t && isOws(h.charCodeAt(m))) m++;
      // A bare trailing ';' (which OpenTelemetry JS writes for empty metadata) is accepted as no metadata.
      if (m < t && !isValidProperties(h, m, t)) {
        report?.report('extract.invalid-member', 'debug', 'malformed baggage member skipped');
        continue;
      }
    }
    count++;
    bytes += size;
    if (offsets === undefined) offsets = [s, keyEnd, valueStart, valueEnd, m, t];
    else offsets.push(s, keyEnd, valueStart, valueEnd, m, t);
  }
  return offsets;
}

/**
 * The `[key, entry]` pairs of the members `scanBaggage` found in `h` (its
 * `offsets`), in order: values percent-decoded (invalid UTF-8 becomes U+FFFD),
 * properties kept as metadata. `createBaggage` takes them as they are (a
 * repeated key keeps its first position and its last entry).
 */
export function baggageEntries(h: string, offsets: readonly number[]): [string, BaggageEntry][] {
  const out: [string, BaggageEntry][] = [];
  for (let j = 0; j < offsets.length; j += 6) {
    const value = percentDecode(h.slice(offsets[j + 2]!, offsets[j + 3]!));
    const m = offsets[j + 4]!;
    const t = offsets[j + 5]!;
    out.push([
      h.slice(offsets[j]!, offsets[j + 1]!),
      m === t ? { value } : { value, metadata: baggageEntryMetadataFromString(h.slice(m, t)) },
    ]);
  }
  return out;
}
