import {
  TraceFlags,
  createContextKey,
  isTracingSuppressed,
  propagation,
  trace,
  type Baggage,
  type BaggageEntry,
  type Context,
  type SpanContext,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@spool/api';
import { ANY_HEX, CHAR_CLASS, isToken } from './char-class.js';
import { firstValue } from './header-value.js';
import { normalizeHexId } from './hex-id.js';
import { injectableSpanContext } from './injectable-span-context.js';
import { OnceReporter } from './once-reporter.js';
import { encodeBaggageValue, percentDecode } from './percent-codec.js';
import { extractFromCarrier, isHeaderValue, writesDirectly, type PlainCarrier } from './plain-carrier.js';
import { BAGGAGE_MAX_BYTES, BAGGAGE_MAX_MEMBERS } from './scan-baggage.js';

const UBER_TRACE_ID = 'uber-trace-id';
const UBER_BAGGAGE_PREFIX = 'uberctx';
/** Jaeger flags: bit 1 sampled, bit 2 debug (Jaeger client propagation format). */
const JAEGER_SAMPLED = 0x01;
const JAEGER_DEBUG = 0x02;
/** A URL-encoded `uber-trace-id` longer than this is not decoded. */
const MAX_ENCODED_HEADER = 512;

/** `{trace-id}:{span-id}:0:{flags}`, joined into one flat string (see W3CTraceContextPropagator). */
const TRACE_PARTS = ['', '', '0', ''];

/** Reported when extract throws even through the getter. */
const EXTRACT_FAILED = 'extract failed; context left as extracted so far';

/** Baggage header names remembered per propagator (keys repeat from request to request). */
const MAX_CACHED_NAMES = 256;

/** Jaeger's debug decision, kept in the context by extract so a re-inject keeps it. */
const JAEGER_DEBUG_KEY = createContextKey('Spool Context Key Jaeger Debug Flag');

/**
 * Options of `JaegerPropagator`, with the names of
 * `@opentelemetry/propagator-jaeger`. A string passed instead of an object is
 * the trace header name.
 */
export interface JaegerPropagatorConfig {
  /** The trace context header; `uber-trace-id` when omitted or invalid. */
  customTraceHeader?: string;
  /** The baggage header prefix (a `-` is appended); `uberctx` when omitted or invalid. */
  customBaggageHeaderPrefix?: string;
}

/**
 * Propagates the span context and baggage in Jaeger's headers
 * (Jaeger client propagation format).
 *
 * Inject writes `uber-trace-id: {trace-id}:{span-id}:0:{flags}` (the deprecated
 * parent field is `0`; flags are two hex digits holding only sampled and the
 * debug bit kept by extract) and one `uberctx-{key}` header per baggage entry,
 * URL-encoded. An entry whose key cannot be part of a header name is dropped;
 * entries beyond 180 or 8192 bytes are dropped (all reported once). Nothing is
 * written when tracing is suppressed.
 *
 * Extract accepts a URL-encoded header value, 64- or 128-bit trace ids and
 * shorter ids (left-padded with zeros), either case (lowercased), all-zero ids
 * rejected, and 1-2 hex digit flags: bit 1 sampled, bit 2 debug (which implies
 * sampled and is kept in the context). `uberctx-*` headers become baggage
 * entries merged into the context's baggage, values URL-decoded (invalid UTF-8
 * becomes U+FFFD). The `jaeger-debug-id` and `jaeger-baggage` headers are not
 * read. Malformed headers leave the context unchanged. Never throws.
 */
export class JaegerPropagator implements TextMapPropagator {
  private readonly _traceHeader: string;
  private readonly _baggagePrefix: string;
  private readonly _report: OnceReporter;
  /**
   * Baggage key to header name (`uberctx-{key}`) for keys already validated.
   * Saves the concatenation and, more, the hashing of a new property name on
   * every inject; bounded, cleared when full.
   */
  private readonly _names: Map<string, string>;

  constructor(config?: JaegerPropagatorConfig | string) {
    this._report = new OnceReporter('JaegerPropagator');
    this._names = new Map();
    const c: JaegerPropagatorConfig = typeof config === 'string' ? { customTraceHeader: config } : config ?? {};
    this._traceHeader = this._headerName(c.customTraceHeader, UBER_TRACE_ID, 'customTraceHeader');
    this._baggagePrefix = this._headerName(c.customBaggageHeaderPrefix, UBER_BAGGAGE_PREFIX, 'customBaggageHeaderPrefix') + '-';
  }

  /** Writes the trace header and one baggage header per entry; see the class. Never throws. */
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    try {
      const sc = injectableSpanContext(context, this._report);
      if (sc !== undefined) {
        const debug = context.getValue(JAEGER_DEBUG_KEY) === true;
        const sampled = (sc.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
        TRACE_PARTS[0] = sc.traceId;
        TRACE_PARTS[1] = sc.spanId;
        TRACE_PARTS[3] = debug ? '03' : sampled ? '01' : '00';
        const value = TRACE_PARTS.join(':');
        let written = false;
        if (writesDirectly(carrier, setter)) {
          try {
            carrier[this._traceHeader] = value;
            written = true;
          } catch {
            // frozen or exotic carrier: write through the setter
          }
        }
        if (!written) setter.set(carrier, this._traceHeader, value);
      }
      // Baggage is written with or without a span context, but not when tracing is suppressed.
      const baggage = propagation.getBaggage(context);
      if (baggage !== undefined && !isTracingSuppressed(context)) this._injectBaggage(baggage, carrier, setter);
    } catch (err) {
      this._report.report('inject.threw', 'warn', 'inject failed; headers may be incomplete', err);
    }
  }

  /** The context with the remote parent and baggage read from Jaeger headers; what is malformed is left out. Never throws. */
  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    return extractFromCarrier(this, this._extract, context, carrier, getter, this._report, EXTRACT_FAILED) ?? this._traceOnly(context, carrier, getter);
  }

  /** Only the trace header: baggage header names depend on the entries. */
  fields(): string[] {
    return [this._traceHeader];
  }

  private _extract(context: Context, carrier: unknown, getter: TextMapGetter, direct: boolean): Context {
    return this._extractBaggage(this._extractTrace(context, carrier, getter, direct), carrier, getter, direct);
  }

  /**
   * After an extract that threw (reported): the span context alone, so that
   * baggage headers that cannot be read do not cost it; `context` if the trace
   * header cannot be read either.
   */
  private _traceOnly(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    try {
      return this._extractTrace(context, carrier, getter, false);
    } catch {
      return context;
    }
  }

  /** The context with the span context of the trace header, or `context` when it is absent or malformed. */
  private _extractTrace(context: Context, carrier: unknown, getter: TextMapGetter, direct: boolean): Context {
    let raw: unknown = direct ? (carrier as PlainCarrier)[this._traceHeader] : undefined;
    if (!isHeaderValue(raw)) raw = getter.get(carrier, this._traceHeader);
    const header = firstValue(raw);
    if (header === undefined) return context;
    const sc = parseUberTraceId(header);
    if (sc === undefined) {
      this._report.report('extract.invalid', 'debug', 'malformed Jaeger trace header ignored');
      return context;
    }
    return trace.setSpanContext(parsedDebug ? context.setValue(JAEGER_DEBUG_KEY, true) : context, sc);
  }

  private _injectBaggage(baggage: Baggage, carrier: unknown, setter: TextMapSetter): void {
    const entries = baggage.getAllEntries();
    let count = 0;
    let bytes = 0;
    for (let i = 0; i < entries.length; i++) {
      const pair = entries[i]!;
      const key = pair[0];
      const entry = pair[1];
      if (typeof key !== 'string' || entry === null || typeof entry !== 'object' || typeof entry.value !== 'string') {
        this._report.report('inject.invalid-entry', 'warn', 'baggage entry whose key cannot be part of a header name, or with a non-string value, not injected');
        continue;
      }
      let name = this._names.get(key);
      if (name === undefined) {
        if (!isToken(key)) {
          this._report.report('inject.invalid-entry', 'warn', 'baggage entry whose key cannot be part of a header name, or with a non-string value, not injected');
          continue;
        }
        if (this._names.size === MAX_CACHED_NAMES) this._names.clear();
        name = this._baggagePrefix + key;
        this._names.set(key, name);
      }
      const value = encodeBaggageValue(entry.value);
      const size = key.length + value.length;
      if (count === BAGGAGE_MAX_MEMBERS || bytes + size > BAGGAGE_MAX_BYTES) {
        this._report.report('inject.limit', 'warn', `baggage beyond ${BAGGAGE_MAX_MEMBERS} entries or ${BAGGAGE_MAX_BYTES} bytes dropped`);
        continue;
      }
      setter.set(carrier, name, value);
      count++;
      bytes += size;
    }
  }

  private _extractBaggage(context: Context, carrier: unknown, getter: TextMapGetter, direct: boolean): Context {
    const names = direct ? prefixedOwnKeys(carrier as PlainCarrier, this._baggagePrefix) : getter.keys(carrier);
    if (!Array.isArray(names) || names.length === 0) return context;
    const prefix = this._baggagePrefix;
    const pn = prefix.length;
    let added: Record<string, BaggageEntry> | undefined;
    let count = 0;
    let bytes = 0;
    for (let i = 0; i < names.length; i++) {
      const name: unknown = names[i];
      if (typeof name !== 'string' || name.length <= pn || !startsWithIgnoreCase(name, prefix)) continue;
      const raw = firstValue(getter.get(carrier, name));
      if (raw === undefined) continue;
      const key = name.slice(pn);
      if (count === BAGGAGE_MAX_MEMBERS || bytes + key.length + raw.length > BAGGAGE_MAX_BYTES) {
        this._report.report('extract.limit', 'debug', `baggage beyond ${BAGGAGE_MAX_MEMBERS} entries or ${BAGGAGE_MAX_BYTES} bytes dropped`);
        continue;
      }
      if (added === undefined) added = Object.create(null) as Record<string, BaggageEntry>;
      added[key] = { value: percentDecode(raw) };
      count++;
      bytes += key.length + raw.length;
    }
    if (added === undefined) return context;
    let baggage = propagation.getBaggage(context);
    if (baggage === undefined) return propagation.setBaggage(context, propagation.createBaggage(added));
    for (const key of Object.keys(added)) baggage = baggage.setEntry(key, added[key]!);
    return propagation.setBaggage(context, baggage);
  }

  private _headerName(name: string | undefined, fallback: string, option: string): string {
    if (name === undefined || name === '') return fallback;
    if (typeof name === 'string' && isToken(name)) return name.toLowerCase();
    this._report.report('config.invalid-' + option, 'warn', `${option} is not a valid header name; using "${fallback}"`);
    return fallback;
  }
}

/** Whether the last span context returned by `parseUberTraceId` had the debug bit (saves a result object). */
let parsedDebug = false;

/**
 * Parses `{trace-id}:{span-id}:{parent-span-id}:{flags}`, URL-decoded first
 * when needed, into a remote span context; sets `parsedDebug`. `undefined`
 * when malformed.
 */
function parseUberTraceId(h: string): SpanContext | undefined {
  // The form this propagator and OpenTelemetry JS write, 128-bit trace id,
  // parent 0 and two flag digits, is read by fixed offsets.
  if (h.length !== 54 || h.charCodeAt(32) !== 0x3a || h.charCodeAt(49) !== 0x3a || h.charCodeAt(50) !== 0x30 || h.charCodeAt(51) !== 0x3a) {
    return parseGeneral(h);
  }
  const traceId = normalizeHexId(h, 0, 32, 32);
  const spanId = normalizeHexId(h, 33, 49, 16);
  const hi = hexValue(h.charCodeAt(52));
  const lo = hexValue(h.charCodeAt(53));
  if (traceId === undefined || spanId === undefined || hi < 0 || lo < 0) return parseGeneral(h);
  return spanContextOf(traceId, spanId, lo);
}

/** Any other form: short ids, a parent span id, one flag digit, URL-encoding. */
function parseGeneral(raw: string): SpanContext | undefined {
  let h = raw;
  if (h.indexOf('%') !== -1) {
    if (h.length > MAX_ENCODED_HEADER) return undefined;
    h = percentDecode(h);
  }
  const c1 = h.indexOf(':');
  const c2 = c1 === -1 ? -1 : h.indexOf(':', c1 + 1);
  const c3 = c2 === -1 ? -1 : h.indexOf(':', c2 + 1);
  if (c3 === -1 || h.indexOf(':', c3 + 1) !== -1) return undefined;
  const traceId = normalizeHexId(h, 0, c1, 32);
  const spanId = normalizeHexId(h, c1 + 1, c2, 16);
  if (traceId === undefined || spanId === undefined) return undefined;
  // The parent span id is deprecated (usually "0"), so it may be all zeros; it must still be hex.
  if (c3 - c2 - 1 < 1 || c3 - c2 - 1 > 16 || !isHexRun(h, c2 + 1, c3)) return undefined;
  const fn = h.length - c3 - 1;
  if (fn < 1 || fn > 2 || !isHexRun(h, c3 + 1, h.length)) return undefined;
  // Only the low digit holds the sampled and debug bits.
  return spanContextOf(traceId, spanId, hexValue(h.charCodeAt(h.length - 1)));
}

function spanContextOf(traceId: string, spanId: string, bits: number): SpanContext {
  parsedDebug = (bits & JAEGER_DEBUG) !== 0;
  const sampled = parsedDebug || (bits & JAEGER_SAMPLED) !== 0;
  return { traceId, spanId, isRemote: true, traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE, traceState: undefined };
}

/** The value of a hex digit's char code (either case), or -1. */
function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/**
 * The own keys of `carrier` that start with `prefix` ignoring ASCII case, in
 * `Object.keys` order; walks the keys without building the full list, which
 * usually holds none of them. `undefined` when there are none.
 */
function prefixedOwnKeys(carrier: PlainCarrier, prefix: string): string[] | undefined {
  let out: string[] | undefined;
  const pn = prefix.length;
  for (const k in carrier) {
    if (k.length > pn && startsWithIgnoreCase(k, prefix) && Object.prototype.hasOwnProperty.call(carrier, k)) {
      (out ??= []).push(k);
    }
  }
  return out;
}

function isHexRun(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || (CHAR_CLASS[c]! & ANY_HEX) === 0) return false;
  }
  return true;
}

/** `s` starts with the lowercase ASCII `prefix`, ignoring ASCII case. */
function startsWithIgnoreCase(s: string, prefix: string): boolean {
  for (let i = 0; i < prefix.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== prefix.charCodeAt(i)) return false;
  }
  return true;
}
