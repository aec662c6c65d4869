import {
  isTracingSuppressed,
  propagation,
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@spool/api';
import { isOws, isToken } from './char-class.js';
import { HeaderBaggage } from './header-baggage.js';
import { listValue } from './header-value.js';
import { OnceReporter } from './once-reporter.js';
import { BAGGAGE_MAX_BYTES, BAGGAGE_MAX_MEMBERS, baggageEntries, isValidProperties, scanBaggage } from './scan-baggage.js';
import { encodeBaggageValue } from './percent-codec.js';
import { extractFromCarrier, isHeaderValue, writesDirectly, type PlainCarrier } from './plain-carrier.js';

const BAGGAGE = 'baggage';

/** Keys already found to be tokens; baggage keys repeat from request to request. Bounded. */
const knownKeys = new Set<string>();
const MAX_KNOWN_KEYS = 512;
/**
 * Headers up to this length are kept in a `HeaderBaggage` and parsed on first
 * use; a longer one (mostly junk: at most 8192 bytes of it can be accepted) is
 * parsed at once, so the context does not hold on to it.
 */
const MAX_LAZY_HEADER = 16384;

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
 * baggage in the context. The header is validated during extract (what is
 * accepted, dropped and reported is decided there) and its entries are built
 * when the baggage is first read, so passing baggage on unread costs no
 * decoding. Never throws.
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
      if (members.length === 0) return;
      const header = members.length === 1 ? members[0]! : members.join(',');
      if (writesDirectly(carrier, setter)) {
        try {
          carrier['baggage'] = header;
          return;
        } catch {
          // frozen or exotic carrier: write through the setter
        }
      }
      setter.set(carrier, BAGGAGE, header);
    } catch (err) {
      this._report.report('inject.threw', 'warn', 'inject failed; baggage not propagated', err);
    }
  }

  /** The context with the baggage read from `baggage` headers, or `context` unchanged. Never throws. */
  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    return extractFromCarrier(this, this._extract, context, carrier, getter, this._report) ?? context;
  }

  /** `baggage`. */
  fields(): string[] {
    return [BAGGAGE];
  }

  private _extract(context: Context, carrier: unknown, getter: TextMapGetter, direct: boolean): Context {
    let raw: unknown = direct ? (carrier as PlainCarrier)['baggage'] : undefined;
    if (!isHeaderValue(raw)) raw = getter.get(carrier, BAGGAGE);
    if (raw === undefined) return context;
    const header = listValue(raw);
    if (header === undefined) return context;
    // Validated now: what is accepted, skipped and reported is decided here.
    const offsets = scanBaggage(header, this._report);
    if (offsets === undefined) return context;
    // The entries are built when first read (see HeaderBaggage), except
    // from a long header, which the context should not hold on to.
    const baggage =
      header.length > MAX_LAZY_HEADER
        ? propagation.createBaggage(baggageEntries(header, offsets))
        : new HeaderBaggage(header, offsets);
    return propagation.setBaggage(context, baggage);
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
