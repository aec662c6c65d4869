import { randomBytes } from 'node:crypto';
import {
  TraceFlags,
  createContextKey,
  trace,
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@spool/api';
import { B3InjectEncoding } from './b3-inject-encoding.js';
import { isOws } from './char-class.js';
import { firstValue } from './header-value.js';
import { isLowerHexNonZero, normalizeHexId } from './hex-id.js';
import { injectableSpanContext } from './injectable-span-context.js';
import { OnceReporter } from './once-reporter.js';
import { extractFromCarrier, isHeaderValue, resolveIgnoringCase, writesDirectly, type PlainCarrier } from './plain-carrier.js';

const B3 = 'b3';
const X_B3_TRACE_ID = 'x-b3-traceid';
const X_B3_SPAN_ID = 'x-b3-spanid';
const X_B3_SAMPLED = 'x-b3-sampled';
const X_B3_FLAGS = 'x-b3-flags';
const X_B3_PARENT_SPAN_ID = 'x-b3-parentspanid';

/** `{trace-id}-{span-id}-{state}`, joined into one flat string (see W3CTraceContextPropagator). */
const SINGLE_PARTS = ['', '', ''];

/** Every header extract reads, in the order of `_extractDirect`'s values. */
const HEADER_NAMES: readonly string[] = [B3, X_B3_TRACE_ID, X_B3_SPAN_ID, X_B3_SAMPLED, X_B3_FLAGS];

/**
 * The context key holding B3's debug decision. Same key as
 * `@opentelemetry/propagator-b3`, so debug survives a hop through either
 * implementation: `'d'` after a single-header extract, `'1'` after a
 * multi-header one (the values that library stores and expects).
 */
const B3_DEBUG_FLAG_KEY = createContextKey('OpenTelemetry Context Key B3 Debug Flag');

/** Options of `B3Propagator`. */
export interface B3PropagatorConfig {
  /** The encoding written by `inject`; `SINGLE_HEADER` when omitted. */
  injectEncoding?: B3InjectEncoding;
}

/**
 * Propagates the span context in Zipkin's B3 headers
 * (github.com/openzipkin/b3-propagation).
 *
 * Inject writes the single `b3` header by default, or the `x-b3-*` headers with
 * `injectEncoding: B3InjectEncoding.MULTI_HEADER`. The debug decision kept in the
 * context by extract is written back (`-d`, or `x-b3-flags: 1` without
 * `x-b3-sampled`, as the spec says). The parent span id is never written: a
 * propagated span context does not know it. Nothing is written when tracing is
 * suppressed or the span context is invalid.
 *
 * Extract reads the single header first and falls back to the multi headers
 * when it is absent or malformed. 64-bit trace ids are left-padded to 128 bits;
 * ids in upper case are accepted and lowercased. Sampling state `1` sampled,
 * `0` not sampled, `d` (or `x-b3-flags: 1`) debug, which implies sampled and is
 * kept in the context; absent means defer and gives an unsampled context.
 * `x-b3-sampled` also accepts `true`/`false`. A deny decision sent alone (`b3: 0`
 * or `x-b3-sampled: 0` without ids) yields a remote, unsampled span context with
 * fresh random ids, so a parent-based sampler honours the deny and propagates it
 * downstream; accept or debug sent alone is ignored. Malformed headers leave the
 * context unchanged. Header names are looked up in lowercase: the getter is
 * responsible for case-insensitive lookup, as HTTP requires. Never throws.
 */
export class B3Propagator implements TextMapPropagator {
  private readonly _multi: boolean;
  private readonly _report: OnceReporter;

  constructor(config: B3PropagatorConfig = {}) {
    this._multi = config?.injectEncoding === B3InjectEncoding.MULTI_HEADER;
    this._report = new OnceReporter('B3Propagator');
  }

  /** Writes the context's span context in the configured B3 encoding; see the class. Never throws. */
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    try {
      const sc = injectableSpanContext(context, this._report);
      if (sc === undefined) return;
      const traceId = sc.traceId;
      const spanId = sc.spanId;
      const d = context.getValue(B3_DEBUG_FLAG_KEY);
      const debug = d === 'd' || d === '1' || d === true;
      const sampled = (sc.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
      const direct = writesDirectly(carrier, setter);
      if (!this._multi) {
        SINGLE_PARTS[0] = traceId;
        SINGLE_PARTS[1] = spanId;
        SINGLE_PARTS[2] = debug ? 'd' : sampled ? '1' : '0';
        const single = SINGLE_PARTS.join('-');
        if (direct) {
          try {
            carrier['b3'] = single;
            return;
          } catch {
            // frozen or exotic carrier: write through the setter
          }
        }
        setter.set(carrier, B3, single);
        return;
      }
      // "Debug implies an accept decision, so don't also send the X-B3-Sampled header."
      if (direct) {
        try {
          carrier['x-b3-traceid'] = traceId;
          carrier['x-b3-spanid'] = spanId;
          if (debug) carrier['x-b3-flags'] = '1';
          else carrier['x-b3-sampled'] = sampled ? '1' : '0';
          return;
        } catch {
          // frozen or exotic carrier: write through the setter, header by header
        }
      }
      setter.set(carrier, X_B3_TRACE_ID, traceId);
      setter.set(carrier, X_B3_SPAN_ID, spanId);
      if (debug) setter.set(carrier, X_B3_FLAGS, '1');
      else setter.set(carrier, X_B3_SAMPLED, sampled ? '1' : '0');
    } catch (err) {
      this._report.report('inject.threw', 'warn', 'inject failed; headers may be incomplete', err);
    }
  }

  /** The context with the remote parent read from `b3` or `x-b3-*` headers, or `context` unchanged. Never throws. */
  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    return extractFromCarrier(this, this._extract, context, carrier, getter, this._report) ?? context;
  }

  /** The headers of the encoding this instance writes. */
  fields(): string[] {
    return this._multi ? [X_B3_TRACE_ID, X_B3_SPAN_ID, X_B3_FLAGS, X_B3_SAMPLED, X_B3_PARENT_SPAN_ID] : [B3];
  }

  private _extract(context: Context, carrier: unknown, getter: TextMapGetter, direct: boolean): Context {
    if (direct) return this._extractDirect(context, carrier as PlainCarrier);
    const single = firstValue(getter.get(carrier, B3));
    if (single !== undefined) {
      const out = extractSingle(context, single);
      if (out !== undefined) return out;
      this._report.report('extract.invalid-single', 'debug', 'malformed b3 header ignored; trying x-b3-* headers');
    }
    return this._multiOrReport(
      context,
      getter.get(carrier, X_B3_TRACE_ID),
      getter.get(carrier, X_B3_SPAN_ID),
      getter.get(carrier, X_B3_SAMPLED),
      getter.get(carrier, X_B3_FLAGS),
    );
  }

  /**
   * `_extract` for a plain carrier read directly (see `plain-carrier.ts`): the
   * same decisions on the same values as through the default getter, but the
   * headers that are not under their lowercase name are looked for ignoring
   * case in one walk of the keys, not one per name.
   */
  private _extractDirect(context: Context, c: PlainCarrier): Context {
    const b3: unknown = c['b3'];
    if (isHeaderValue(b3)) {
      const out = this._single(context, b3);
      if (out !== undefined) return out;
    }
    const values: unknown[] = [b3, c['x-b3-traceid'], c['x-b3-spanid'], c['x-b3-sampled'], c['x-b3-flags']];
    resolveIgnoringCase(c, HEADER_NAMES, values);
    if (!isHeaderValue(b3) && values[0] !== undefined) {
      const out = this._single(context, values[0]);
      if (out !== undefined) return out;
    }
    return this._multiOrReport(context, values[1], values[2], values[3], values[4]);
  }

  /** The single header's context; `undefined` (reported) when it is malformed. */
  private _single(context: Context, raw: unknown): Context | undefined {
    const single = firstValue(raw);
    if (single === undefined) return undefined;
    const out = extractSingle(context, single);
    if (out === undefined) this._report.report('extract.invalid-single', 'debug', 'malformed b3 header ignored; trying x-b3-* headers');
    return out;
  }

  private _multiOrReport(context: Context, t: unknown, s: unknown, sm: unknown, f: unknown): Context {
    const out = extractMulti(context, t, s, sm, f);
    if (out === undefined) {
      this._report.report('extract.invalid-multi', 'debug', 'malformed x-b3-* headers ignored');
      return context;
    }
    return out;
  }
}

/**
 * `b3: {trace-id}-{span-id}[-{sampling}[-{parent-span-id}]]` or `b3: {sampling}`.
 * Returns the new context, the same context when the header carries nothing to
 * set, or `undefined` when it is malformed.
 */
function extractSingle(context: Context, h: string): Context | undefined {
  let s = 0;
  let e = h.length;
  while (s < e && isOws(h.charCodeAt(s))) s++;
  while (e > s && isOws(h.charCodeAt(e - 1))) e--;
  const n = e - s;
  if (n === 1) {
    const c = h.charCodeAt(s);
    if (c === 0x30) return withDenyOnly(context);
    return c === 0x31 || c === 0x64 ? context : undefined;
  }
  // The trace id is 16 or 32 characters, followed by '-'.
  const traceLen = h.charCodeAt(s + 16) === 0x2d ? 16 : h.charCodeAt(s + 32) === 0x2d ? 32 : 0;
  if (traceLen === 0) return undefined;
  const traceId = normalizeHexId(h, s, s + traceLen, 32);
  let i = s + traceLen + 1;
  const spanId = i + 16 <= e ? normalizeHexId(h, i, i + 16, 16) : undefined;
  if (traceId === undefined || spanId === undefined) return undefined;
  i += 16;
  let flags: number = TraceFlags.NONE;
  let debug = false;
  if (i < e) {
    if (h.charCodeAt(i) !== 0x2d) return undefined;
    i++;
    const rest = e - i;
    if (rest === 1 || (rest === 18 && h.charCodeAt(i + 1) === 0x2d)) {
      const c = h.charCodeAt(i);
      if (c === 0x31) flags = TraceFlags.SAMPLED;
      else if (c === 0x64) {
        flags = TraceFlags.SAMPLED;
        debug = true;
      } else if (c !== 0x30) return undefined;
      i += 2;
    }
    // What remains must be a 16-hex parent span id (validated, then unused).
    if (i < e && (e - i !== 16 || normalizeHexId(h, i, e, 16) === undefined)) return undefined;
  }
  const ctx = debug ? context.setValue(B3_DEBUG_FLAG_KEY, 'd') : context;
  return trace.setSpanContext(ctx, { traceId, spanId, isRemote: true, traceFlags: flags, traceState: undefined });
}

/** The `x-b3-*` headers, as the getter returned them; `undefined` when malformed. */
function extractMulti(context: Context, t: unknown, s: unknown, sm: unknown, f: unknown): Context | undefined {
  const rawTrace = firstValue(t);
  const rawSpan = firstValue(s);
  const rawSampled = firstValue(sm);
  // "Debug is encoded as X-B3-Flags: 1. Absent or any other value can be ignored."
  const debug = firstValue(f) === '1';
  let flags: number = debug ? TraceFlags.SAMPLED : TraceFlags.NONE;
  let deny = false;
  if (rawSampled !== undefined) {
    if (rawSampled === '1' || rawSampled === 'true' || rawSampled === 'True') flags = TraceFlags.SAMPLED;
    else if (rawSampled === '0' || rawSampled === 'false' || rawSampled === 'False') deny = !debug;
    else return undefined;
  }
  if (rawTrace === undefined && rawSpan === undefined) {
    if (deny) return withDenyOnly(context);
    return context; // nothing to extract, or accept/debug sent alone
  }
  if (rawTrace === undefined || rawSpan === undefined) return undefined;
  if (rawTrace.length !== 16 && rawTrace.length !== 32) return undefined;
  const traceId = normalizeHexId(rawTrace, 0, rawTrace.length, 32);
  const spanId = rawSpan.length === 16 ? normalizeHexId(rawSpan, 0, 16, 16) : undefined;
  if (traceId === undefined || spanId === undefined) return undefined;
  const ctx = debug ? context.setValue(B3_DEBUG_FLAG_KEY, '1') : context;
  return trace.setSpanContext(ctx, { traceId, spanId, isRemote: true, traceFlags: flags, traceState: undefined });
}

/**
 * A B3 deny decision sent without ids. The receiver should not trace
 * (b3-propagation, "Sampling State"); a remote unsampled parent with fresh ids
 * makes a parent-based sampler drop the request and inject `-0` downstream.
 */
function withDenyOnly(context: Context): Context {
  return trace.setSpanContext(context, {
    traceId: randomNonZeroHex(16),
    spanId: randomNonZeroHex(8),
    isRemote: true,
    traceFlags: TraceFlags.NONE,
    traceState: undefined,
  });
}

function randomNonZeroHex(bytes: number): string {
  for (;;) {
    const hex = randomBytes(bytes).toString('hex');
    if (isLowerHexNonZero(hex, 0, hex.length)) return hex;
  }
}
