import {
  TraceFlags,
  trace,
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@spool/api';
import { isOws } from './char-class.js';
import { firstValue } from './header-value.js';
import { lowerHexState, normalizeHexId } from './hex-id.js';
import { injectableSpanContext } from './injectable-span-context.js';
import { OnceReporter } from './once-reporter.js';
import { extractFromCarrier, isHeaderValue, writesDirectly, type PlainCarrier } from './plain-carrier.js';

const XRAY_HEADER = 'x-amzn-trace-id';
/** The spelling used by AWS documentation and some carriers that keep case (e.g. Lambda events). */
const XRAY_HEADER_CANONICAL = 'X-Amzn-Trace-Id';
/** `Root=1-{8}-{24};Parent={16};Sampled={0|1}`, joined into one flat string (see W3CTraceContextPropagator). */
const HEADER_PARTS = ['Root=1-', '', '-', '', ';Parent=', '', ''];
/** The two halves of a Root trace id, joined into the 32-hex trace id. */
const ROOT_PARTS = ['', ''];
const ZERO_EPOCH = '00000000';
const ZERO_RANDOM = '000000000000000000000000';
/** A header longer than this is not parsed (real ones are about 80 characters, a few hundred with extra fields). */
const MAX_HEADER_LENGTH = 2048;

/**
 * Propagates the span context in the AWS X-Ray header `X-Amzn-Trace-Id`.
 *
 * Inject writes `Root=1-{8 hex}-{24 hex};Parent={span-id};Sampled={0|1}`: the
 * 32-hex trace id split after its 8th character (X-Ray's epoch seconds and
 * random part). Nothing is written when tracing is suppressed or the span
 * context is invalid.
 *
 * Extract reads `Root`, `Parent` and `Sampled` in any order, separated by `;`
 * with optional whitespace around fields and `=`; other fields (`Self`,
 * `Lineage`, vendor data) are ignored, and the first occurrence of a field wins.
 * `Root` must be version `1` with 8 and 24 hex digits, `Parent` 16 hex digits
 * (either case is accepted and lowercased; all-zero ids are rejected).
 * `Sampled=1` is sampled; `0`, `?` (decision requested), an unknown value or no
 * `Sampled` field give an unsampled context. A header without `Root` or `Parent`
 * leaves the context unchanged. A `tracestate` already extracted for the same
 * trace id (by an earlier propagator of a composite) is kept. Looks up `x-amzn-trace-id`, then
 * `X-Amzn-Trace-Id`. Never throws.
 */
export class AwsXRayPropagator implements TextMapPropagator {
  private readonly _report: OnceReporter;

  constructor() {
    this._report = new OnceReporter('AwsXRayPropagator');
  }

  /** Writes `X-Amzn-Trace-Id` for the context's span context; see the class. Never throws. */
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    try {
      const sc = injectableSpanContext(context, this._report);
      if (sc === undefined) return;
      const traceId = sc.traceId;
      const sampled = (sc.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
      HEADER_PARTS[1] = traceId.slice(0, 8);
      HEADER_PARTS[3] = traceId.slice(8);
      HEADER_PARTS[5] = sc.spanId;
      HEADER_PARTS[6] = sampled ? ';Sampled=1' : ';Sampled=0';
      const value = HEADER_PARTS.join('');
      if (writesDirectly(carrier, setter)) {
        try {
          carrier['x-amzn-trace-id'] = value;
          return;
        } catch {
          // frozen or exotic carrier: write through the setter
        }
      }
      setter.set(carrier, XRAY_HEADER, value);
    } catch (err) {
      this._report.report('inject.threw', 'warn', 'inject failed; header not written', err);
    }
  }

  /** The context with the remote parent read from `X-Amzn-Trace-Id`, or `context` unchanged. Never throws. */
  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    return extractFromCarrier(this, this._extract, context, carrier, getter, this._report) ?? context;
  }

  /** `x-amzn-trace-id`. */
  fields(): string[] {
    return [XRAY_HEADER];
  }

  private _extract(context: Context, carrier: unknown, getter: TextMapGetter, direct: boolean): Context {
    let raw: unknown = direct ? (carrier as PlainCarrier)['x-amzn-trace-id'] : undefined;
    if (!isHeaderValue(raw)) raw = getter.get(carrier, XRAY_HEADER);
    if (raw === undefined) raw = getter.get(carrier, XRAY_HEADER_CANONICAL);
    if (raw === undefined) return context;
    const header = firstValue(raw);
    const out = header === undefined || header.length > MAX_HEADER_LENGTH ? undefined : extractHeader(context, header);
    if (out === undefined) {
      this._report.report('extract.invalid', 'debug', 'malformed X-Amzn-Trace-Id ignored');
      return context;
    }
    return out;
  }
}

/**
 * The canonical layout, `Root=1-{8}-{24};Parent={16};Sampled={c}` (74
 * characters), which AWS services and this propagator write: parsed by fixed
 * offsets. Anything else (other order, whitespace, extra fields) takes the
 * general field-by-field path.
 */
const CANONICAL_LENGTH = 74;

function extractHeader(context: Context, h: string): Context | undefined {
  const len = h.length;
  if (
    len === CANONICAL_LENGTH &&
    h.startsWith('Root=1-') &&
    h.charCodeAt(15) === 0x2d &&
    h.charCodeAt(40) === 0x3b &&
    h.startsWith('Parent=', 41) &&
    h.charCodeAt(64) === 0x3b &&
    h.startsWith('Sampled=', 65)
  ) {
    return withRemoteParent(context, h, 7, 16, 48, h.charCodeAt(73) === 0x31 ? TraceFlags.SAMPLED : TraceFlags.NONE);
  }
  let root = -1;
  let parent = -1;
  let sampled: number = -1;
  let pos = 0;
  while (pos < len) {
    let end = h.indexOf(';', pos);
    if (end === -1) end = len;
    let s = pos;
    let e = end;
    pos = end + 1;
    while (s < e && isOws(h.charCodeAt(s))) s++;
    while (e > s && isOws(h.charCodeAt(e - 1))) e--;
    const eq = h.indexOf('=', s);
    if (eq === -1 || eq >= e) continue;
    let ke = eq;
    while (ke > s && isOws(h.charCodeAt(ke - 1))) ke--;
    let v = eq + 1;
    while (v < e && isOws(h.charCodeAt(v))) v++;
    const kn = ke - s;
    if (kn === 4 && root === -1 && h.startsWith('Root', s)) {
      // 1-{8 hex}-{24 hex}
      if (e - v !== 35 || h.charCodeAt(v) !== 0x31 || h.charCodeAt(v + 1) !== 0x2d || h.charCodeAt(v + 10) !== 0x2d) return undefined;
      root = v + 2;
    } else if (kn === 6 && parent === -1 && h.startsWith('Parent', s)) {
      if (e - v !== 16) return undefined;
      parent = v;
    } else if (kn === 7 && sampled === -1 && h.startsWith('Sampled', s)) {
      sampled = e - v === 1 && h.charCodeAt(v) === 0x31 ? TraceFlags.SAMPLED : TraceFlags.NONE;
    }
  }
  if (root === -1 || parent === -1) return undefined;
  return withRemoteParent(context, h, root, root + 9, parent, sampled === -1 ? TraceFlags.NONE : sampled);
}

/**
 * The context with the remote parent whose 8-hex epoch starts at `epoch`, whose
 * 24-hex random part starts at `random` and whose 16-hex parent id starts at
 * `parent` in `h`; `undefined` when an id is not hex or all zero.
 */
function withRemoteParent(context: Context, h: string, epoch: number, random: number, parent: number, traceFlags: number): Context | undefined {
  // Both halves are checked in place, then joined into one flat string.
  const epochState = lowerHexState(h, epoch, epoch + 8);
  const randomState = lowerHexState(h, random, random + 24);
  let spanId: string | undefined;
  if (epochState >= 0 && randomState >= 0 && lowerHexState(h, parent, parent + 16) === 1) {
    // Lowercase, as AWS and this propagator write it: no normalization needed.
    if (epochState + randomState === 0) return undefined;
    ROOT_PARTS[0] = h.slice(epoch, epoch + 8);
    ROOT_PARTS[1] = h.slice(random, random + 24);
    spanId = h.slice(parent, parent + 16);
  } else {
    const e = normalizeHexId(h, epoch, epoch + 8, 8) ?? zerosOrUndefined(h, epoch, epoch + 8);
    const r = normalizeHexId(h, random, random + 24, 24) ?? zerosOrUndefined(h, random, random + 24);
    if (e === undefined || r === undefined || (e === ZERO_EPOCH && r === ZERO_RANDOM)) return undefined;
    spanId = normalizeHexId(h, parent, parent + 16, 16);
    if (spanId === undefined) return undefined;
    ROOT_PARTS[0] = e;
    ROOT_PARTS[1] = r;
  }
  const traceId = ROOT_PARTS.join('');
  // X-Ray has no tracestate; keep one that a propagator before this one
  // extracted for the same trace (e.g. tracecontext then xray in a composite).
  const previous = trace.getSpanContext(context);
  return trace.setSpanContext(context, {
    traceId,
    spanId,
    isRemote: true,
    traceFlags,
    traceState: previous !== undefined && previous.traceId === traceId ? previous.traceState : undefined,
  });
}

/** An all-zero half of a trace id is valid on its own (the other half decides). */
function zerosOrUndefined(s: string, start: number, end: number): string | undefined {
  for (let i = start; i < end; i++) if (s.charCodeAt(i) !== 0x30) return undefined;
  return end - start === 8 ? ZERO_EPOCH : ZERO_RANDOM;
}
