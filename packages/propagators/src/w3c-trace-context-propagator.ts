import {
  createTraceState,
  trace,
  type Context,
  type SpanContext,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  type TraceState,
} from '@spool/api';
import { CHAR_CLASS, LOWER_HEX, isOws } from './char-class.js';
import { isLowerHexNonZero } from './hex-id.js';
import { listValue, soleValue } from './header-value.js';
import { injectableSpanContext } from './injectable-span-context.js';
import { OnceReporter } from './once-reporter.js';
import { extractFromCarrier, isHeaderValue, writesDirectly } from './plain-carrier.js';

const TRACEPARENT = 'traceparent';
const TRACESTATE = 'tracestate';
/** `version "-" trace-id "-" parent-id "-" trace-flags` for version 00 (§3.2.2). */
const TRACEPARENT_LENGTH = 55;
/**
 * The flag bits this implementation knows: sampled (§3.2.2.5.1) and Level 2's
 * random trace id (§3.2.2.5.2). Other bits MUST be set to zero (§3.2.2.5.3).
 */
const KNOWN_FLAGS = 0x03;
/** `{flags}` for each value of `traceFlags & KNOWN_FLAGS`: always two hex digits. */
const FLAGS_HEX = ['00', '01', '02', '03'];
/**
 * The four fields of the header, joined with `-`. `join` builds one flat string
 * in a single pass; `+` would build a rope whose characters cost about three
 * times more to read for the next parser (measured on Node 20). Reused: `join`
 * of strings calls no user code, so nothing can re-enter between fill and join.
 */
const TRACEPARENT_PARTS = ['00', '', '', ''];

/**
 * The prototype of `@spool/api`'s TraceState. A list of that class (made by
 * `createTraceState`, by this propagator's extract, or by `set`/`unset` on
 * one) validates itself against the same W3C grammar, keeps its string in
 * ECMAScript private fields and serializes to a canonical value, so inject
 * writes it without checking it again. Another copy of `@spool/api` has
 * another prototype and takes the foreign path, which is correct, only slower.
 */
const API_TRACE_STATE: unknown = Object.getPrototypeOf(createTraceState());

/*
 * The last foreign tracestate found valid (object and string) and its canonical
 * form: a request's outgoing calls carry the same tracestate, so it is
 * validated once, not per call.
 */
let lastForeignState: TraceState | undefined;
let lastForeignIn = '';
let lastForeignOut = '';

/**
 * Propagates the span context in the W3C Trace Context headers `traceparent`
 * and `tracestate` (W3C Recommendation, with Level 2's random flag).
 *
 * Inject writes `00-{trace-id}-{span-id}-{flags}` when the context holds a valid
 * span context and tracing is not suppressed; flags keep only the sampled and
 * random bits and are always two hex digits. `tracestate` is written only when
 * it is valid and not empty; an invalid one is dropped (reported once) and the
 * `traceparent` still written.
 *
 * Extract accepts version `00` exactly as specified and higher versions (not
 * `ff`) as §3.2.4 says: the first 55 characters parsed as version 00, followed by
 * the end or a `-`. Lowercase hex only; all-zero ids, repeated `traceparent`
 * headers and anything malformed are ignored, leaving the context unchanged.
 * Surrounding spaces and tabs are ignored. The extracted span context is remote.
 * Several `tracestate` values are combined in order into a list made by
 * `createTraceState` of `@spool/api` (one grammar for both packages), which is
 * validated when first used (read, changed or injected): an invalid one then
 * behaves as an empty list, dropped without dropping the `traceparent`
 * (reported once by `@spool/api` through `diag.debug`). Never throws.
 */
export class W3CTraceContextPropagator implements TextMapPropagator {
  private readonly _report: OnceReporter;

  constructor() {
    this._report = new OnceReporter('W3CTraceContextPropagator');
  }

  /** Writes `traceparent` (and a non-empty `tracestate`) for the context's span context; see the class. Never throws. */
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    try {
      const sc = injectableSpanContext(context, this._report);
      if (sc === undefined) return;
      TRACEPARENT_PARTS[1] = sc.traceId;
      TRACEPARENT_PARTS[2] = sc.spanId;
      TRACEPARENT_PARTS[3] = FLAGS_HEX[sc.traceFlags & KNOWN_FLAGS]!;
      const traceparent = TRACEPARENT_PARTS.join('-');
      const ts = sc.traceState;
      const tracestate = ts === undefined || ts === null ? '' : this._serializeTraceState(ts);
      if (writesDirectly(carrier, setter)) {
        try {
          carrier['traceparent'] = traceparent;
          if (tracestate !== '') carrier['tracestate'] = tracestate;
          return;
        } catch {
          // frozen or exotic carrier: write through the setter, header by header
        }
      }
      setter.set(carrier, TRACEPARENT, traceparent);
      if (tracestate !== '') setter.set(carrier, TRACESTATE, tracestate);
    } catch (err) {
      this._report.report('inject.threw', 'warn', 'inject failed; headers may be incomplete', err);
    }
  }

  /** The context with the remote parent read from `traceparent`/`tracestate`, or `context` unchanged. Never throws. */
  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    return extractFromCarrier(this, this._extract, context, carrier, getter, this._report) ?? context;
  }

  /** `traceparent` and `tracestate`. */
  fields(): string[] {
    return [TRACEPARENT, TRACESTATE];
  }

  private _extract(context: Context, carrier: unknown, getter: TextMapGetter, direct: boolean): Context {
    let raw: unknown = direct ? (carrier as Record<string, unknown>)['traceparent'] : undefined;
    if (!isHeaderValue(raw)) raw = getter.get(carrier, TRACEPARENT);
    if (raw === undefined) return context;
    const header = soleValue(raw);
    const sc = header === undefined ? undefined : parseTraceparent(header);
    if (sc === undefined) {
      this._report.report('extract.invalid-traceparent', 'debug', 'malformed traceparent ignored');
      return context;
    }
    // §3.3: tracestate is read only after a valid traceparent. It is kept as
    // received and validated on first use (see createTraceState).
    let rawState: unknown = direct ? (carrier as Record<string, unknown>)['tracestate'] : undefined;
    if (!isHeaderValue(rawState)) rawState = getter.get(carrier, TRACESTATE);
    if (rawState !== undefined) {
      const combined = listValue(rawState);
      if (combined === undefined) {
        this._report.report('extract.invalid-tracestate', 'debug', 'malformed tracestate dropped, traceparent kept');
      } else if (combined.length !== 0) {
        sc.traceState = createTraceState(combined);
      }
    }
    return trace.setSpanContext(context, sc);
  }

  /** The value to write for `ts`: canonical, or `''` (reported) when it is invalid or its `serialize` throws. */
  private _serializeTraceState(ts: TraceState): string {
    try {
      if (Object.getPrototypeOf(ts) === API_TRACE_STATE) return ts.serialize();
      return this._serializeForeign(ts);
    } catch (err) {
      this._report.report('inject.invalid-tracestate', 'warn', 'invalid tracestate not injected', err);
      return '';
    }
  }

  /**
   * A foreign TraceState (another SDK's, or built by the application): its
   * output is validated like an incoming header before it goes on the wire.
   * TraceState is immutable by contract (set/unset return new lists), so the
   * same object serializes to the same string.
   */
  private _serializeForeign(ts: TraceState): string {
    if (ts === lastForeignState) return lastForeignOut;
    const value: unknown = ts.serialize();
    if (typeof value === 'string' && value === lastForeignIn) {
      lastForeignState = ts;
      return lastForeignOut;
    }
    const canonical = typeof value === 'string' ? createTraceState(value).serialize() : '';
    if (canonical === '') {
      if (typeof value !== 'string' || !isBlankList(value)) {
        this._report.report('inject.invalid-tracestate', 'warn', 'invalid tracestate not injected');
      }
      return '';
    }
    lastForeignState = ts;
    lastForeignIn = value as string;
    lastForeignOut = canonical;
    return canonical;
  }
}

/** True for a list with no members: only commas, spaces and tabs. */
function isBlankList(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x2c && !isOws(c)) return false;
  }
  return true;
}

/**
 * Parses a `traceparent` value by offset (§3.2.2, §3.2.4). Returns a remote
 * span context, or `undefined` when the value is not valid.
 */
function parseTraceparent(h: string): SpanContext | undefined {
  let s = 0;
  let e = h.length;
  while (s < e && isOws(h.charCodeAt(s))) s++;
  while (e > s && isOws(h.charCodeAt(e - 1))) e--;
  const n = e - s;
  if (n < TRACEPARENT_LENGTH) return undefined;
  const v0 = h.charCodeAt(s);
  const v1 = h.charCodeAt(s + 1);
  if (v0 >= 128 || v1 >= 128 || (CHAR_CLASS[v0]! & CHAR_CLASS[v1]! & LOWER_HEX) === 0) return undefined;
  if (v0 === 0x30 && v1 === 0x30) {
    if (n !== TRACEPARENT_LENGTH) return undefined; // version 00 has exactly four fields
  } else if (v0 === 0x66 && v1 === 0x66) {
    return undefined; // version ff is forbidden (§3.2.2.1)
  } else if (n > TRACEPARENT_LENGTH && h.charCodeAt(s + TRACEPARENT_LENGTH) !== 0x2d) {
    return undefined; // a future version's flags must be followed by the end or '-' (§3.2.4)
  }
  if (
    h.charCodeAt(s + 2) !== 0x2d ||
    h.charCodeAt(s + 35) !== 0x2d ||
    h.charCodeAt(s + 52) !== 0x2d ||
    !isLowerHexNonZero(h, s + 3, s + 35) ||
    !isLowerHexNonZero(h, s + 36, s + 52)
  ) {
    return undefined;
  }
  const f0 = h.charCodeAt(s + 53);
  const f1 = h.charCodeAt(s + 54);
  if (f0 >= 128 || f1 >= 128 || (CHAR_CLASS[f0]! & CHAR_CLASS[f1]! & LOWER_HEX) === 0) return undefined;
  // Only the low nibble holds known bits; the high nibble is checked as hex above.
  const low = f1 <= 0x39 ? f1 - 0x30 : f1 - 0x57;
  return {
    traceId: h.slice(s + 3, s + 35),
    spanId: h.slice(s + 36, s + 52),
    isRemote: true,
    traceFlags: low & KNOWN_FLAGS,
    traceState: undefined,
  };
}
