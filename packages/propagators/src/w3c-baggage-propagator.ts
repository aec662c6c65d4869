import {
  baggageEntryMetadataFromString,
  isTracingSuppressed,
  propagation,
  type BaggageEntry,
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@spool/api';
import { BAGGAGE_OCTET, CHAR_CLASS, TOKEN, isOws, isToken } from './char-class.js';
import { listValue } from './header-value.js';
import { OnceReporter } from './once-reporter.js';
import { encodeBaggageValue, percentDecode } from './percent-codec.js';

const BAGGAGE = 'baggage';

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
/** Keys already found to be tokens; baggage keys repeat from request to request. Bounded. */
const knownKeys = new Set<string>();
const MAX_KNOWN_KEYS = 512;
/** Scanning of an incoming header stops at the first member starting beyond this offset. */
const MAX_SCAN = 65536;

/**
 * Propagates baggage in the W3C `baggage` header (W3C Baggage, §3).
 *
 * Inject writes `key=value;properties` members joined by `,`. Values are
 * percent-encoded (everything outside `baggage-octet`, and `%`); keys must be
 * RFC 9110 tokens and an entry whose key is not is dropped (reported once).
 * Metadata is written after `;` when it only holds property characters,
 * otherwise it is dropped and the entry kept. Members beyond 180, or that would
 * take the header past 8192 bytes, are dropped whole (never truncated); the
 * header is not written when nothing remains or tracing is suppressed.
 *
 * Extract combines repeated headers, trims optional whitespace around keys,
 * values and properties, percent-decodes values (invalid UTF-8 becomes U+FFFD),
 * keeps properties as the entry's metadata, and skips an invalid member without
 * dropping the others. The same limits apply: members after the 180th, or whose
 * bytes would exceed 8192 in total, are skipped. A header with no valid member
 * leaves the context unchanged; otherwise the extracted baggage replaces any
 * baggage in the context. Never throws.
 */
export class W3CBaggagePropagator implements TextMapPropagator {
  private readonly _report: OnceReporter;

  constructor() {
    this._report = new OnceReporter('W3CBaggagePropagator');
  }

  /** Writes the context's baggage as one `baggage` header; see the class for what is dropped. Never throws. */
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    try {
      const baggage = propagation.getBaggage(context);
      if (baggage === undefined || isTracingSuppressed(context)) return;
      const entries = baggage.getAllEntries();
      // Members are collected and joined once: one flat string, which the next
      // parser reads far faster than the rope that repeated `+` would build.
      const members: string[] = [];
      let bytes = -1; // no comma before the first member
      for (let i = 0; i < entries.length; i++) {
        const pair = entries[i]!;
        const key = pair[0];
        const entry = pair[1];
        if (typeof key !== 'string' || !isKnownToken(key) || entry === null || typeof entry !== 'object' || typeof entry.value !== 'string') {
          this._report.report('inject.invalid-entry', 'warn', 'baggage entry with a key that is not an RFC 9110 token, or a non-string value, not injected');
          continue;
        }
        let member = key + '=' + encodeBaggageValue(entry.value);
        if (entry.metadata !== undefined) {
          const props = metadataString(entry.metadata);
          if (props === undefined) {
            this._report.report('inject.invalid-metadata', 'warn', 'baggage metadata with characters outside the property grammar dropped; entry kept');
          } else if (props !== '') {
            member = member + ';' + props;
          }
        }
        if (members.length === BAGGAGE_MAX_MEMBERS || bytes + 1 + member.length > BAGGAGE_MAX_BYTES) {
          this._report.report('inject.limit', 'warn', `baggage beyond ${BAGGAGE_MAX_MEMBERS} members or ${BAGGAGE_MAX_BYTES} bytes dropped`);
          continue;
        }
        members.push(member);
        bytes += 1 + member.length;
      }
      if (members.length > 0) setter.set(carrier, BAGGAGE, members.length === 1 ? members[0]! : members.join(','));
    } catch (err) {
      this._report.report('inject.threw', 'warn', 'inject failed; baggage not propagated', err);
    }
  }

  /** The context with the baggage read from `baggage` headers, or `context` unchanged. Never throws. */
  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    try {
      const raw = getter.get(carrier, BAGGAGE);
      if (raw === undefined) return context;
      const header = listValue(raw);
      if (header === undefined) return context;
      const entries = parseBaggage(header, this._report);
      if (entries === undefined) return context;
      return propagation.setBaggage(context, propagation.createBaggage(entries));
    } catch (err) {
      this._report.report('extract.threw', 'warn', 'extract failed; context left unchanged', err);
      return context;
    }
  }

  /** `baggage`. */
  fields(): string[] {
    return [BAGGAGE];
  }
}

/** `isToken(key)`, remembering keys that passed. */
function isKnownToken(key: string): boolean {
  if (knownKeys.has(key)) return true;
  if (!isToken(key)) return false;
  if (knownKeys.size === MAX_KNOWN_KEYS) knownKeys.clear();
  knownKeys.add(key);
  return true;
}

/** `metadata.toString()` trimmed, if it is a valid property list; `undefined` if not. */
function metadataString(metadata: unknown): string | undefined {
  const s: unknown = (metadata as { toString(): unknown }).toString();
  if (typeof s !== 'string') return undefined;
  let a = 0;
  let b = s.length;
  while (a < b && isOws(s.charCodeAt(a))) a++;
  while (b > a && isOws(s.charCodeAt(b - 1))) b--;
  if (a === b) return '';
  return isValidProperties(s, a, b) ? s.slice(a, b) : undefined;
}

/**
 * `property *( OWS ";" OWS property )` in `s[start, end)` where
 * `property = key OWS "=" OWS value / key OWS` (W3C Baggage §3.3.1).
 */
function isValidProperties(s: string, start: number, end: number): boolean {
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

function isClass(c: number, flag: number): boolean {
  return c < 128 && (CHAR_CLASS[c]! & flag) !== 0;
}

/**
 * Parses a combined `baggage` value by offset into a record (a `__proto__`
 * key is an ordinary own entry), or `undefined` when no member is valid. See `W3CBaggagePropagator` for the rules.
 */
function parseBaggage(h: string, report: OnceReporter): Record<string, BaggageEntry> | undefined {
  const len = h.length;
  let entries: Record<string, BaggageEntry> | undefined;
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
      report.report('extract.limit', 'debug', `baggage beyond ${BAGGAGE_MAX_MEMBERS} members or ${BAGGAGE_MAX_BYTES} bytes dropped`);
      break;
    }
    const size = t - s + (count === 0 ? 0 : 1);
    if (bytes + size > BAGGAGE_MAX_BYTES) {
      report.report('extract.limit', 'debug', `baggage beyond ${BAGGAGE_MAX_MEMBERS} members or ${BAGGAGE_MAX_BYTES} bytes dropped`);
      continue;
    }
    // key
    let i = s;
    while (i < t && isClass(h.charCodeAt(i), TOKEN)) i++;
    const keyEnd = i;
    while (i < t && isOws(h.charCodeAt(i))) i++;
    if (keyEnd === s || i === t || h.charCodeAt(i) !== 0x3d) {
      report.report('extract.invalid-member', 'debug', 'malformed baggage member skipped');
      continue;
    }
    i++;
    while (i < t && isOws(h.charCodeAt(i))) i++;
    // value
    const valueStart = i;
    while (i < t && isClass(h.charCodeAt(i), BAGGAGE_OCTET)) i++;
    const valueEnd = i;
    while (i < t && isOws(h.charCodeAt(i))) i++;
    let metadata: string | undefined;
    if (i < t) {
      if (h.charCodeAt(i) !== 0x3b) {
        report.report('extract.invalid-member', 'debug', 'malformed baggage member skipped');
        continue;
      }
      let m = i + 1;
      while (m < t && isOws(h.charCodeAt(m))) m++;
      // A bare trailing ';' (which OpenTelemetry JS writes for empty metadata) is accepted as no metadata.
      if (m < t) {
        if (!isValidProperties(h, m, t)) {
          report.report('extract.invalid-member', 'debug', 'malformed baggage member skipped');
          continue;
        }
        metadata = h.slice(m, t);
      }
    }
    const key = h.slice(s, keyEnd);
    const value = percentDecode(h.slice(valueStart, valueEnd));
    const entry: BaggageEntry =
      metadata === undefined ? { value } : { value, metadata: baggageEntryMetadataFromString(metadata) };
    if (entries === undefined) entries = {};
    // A plain object stays in V8's fast mode (a null-prototype one does not);
    // the one key that assignment would turn into a prototype change is defined instead.
    if (key === '__proto__') Object.defineProperty(entries, key, { value: entry, enumerable: true, writable: true, configurable: true });
    else entries[key] = entry;
    count++;
    bytes += size;
  }
  return entries;
}
