import type { ReadableSpan } from '@spool/sdk-trace';
import { groupSpans, type SpanResource, type SpanScope } from './group-spans.js';

type AttributeBag = Readonly<Record<string, unknown>>;
type HrTimeLike = readonly [number, number];

const INT64_MIN = -(2 ** 63);
const INT64_END = 2 ** 63;
const MAX_VALUE_DEPTH = 8;
const FLAGS_HAS_IS_REMOTE = 0x100;
const FLAGS_IS_REMOTE = 0x200;

/**
 * Encodes spans as an OTLP/JSON `ExportTraceServiceRequest`, as the OTLP
 * specification defines it ("JSON Protobuf Encoding"): lowerCamelCase keys,
 * trace and span ids as lowercase hex (not base64), enums as integers, 64-bit
 * integers (times, `intValue`) as decimal strings, `bytesValue` as base64, and
 * non-finite doubles as `"NaN"`, `"Infinity"`, `"-Infinity"`.
 *
 * Grouping, value mapping and what is dropped are the same as
 * {@link encodeTraceRequest}: `undefined`/`null`/function/symbol attribute
 * values, values nested deeper than 8 levels, and fields equal to their
 * default are left out. Never throws on span content.
 *
 * @param spans - finished spans
 * @returns the request as a JSON string
 */
export function encodeTraceRequestJson(spans: readonly ReadableSpan[]): string {
  const groups = groupSpans(spans);
  let out = '{"resourceSpans":[';
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    if (g > 0) out += ',';
    out += '{"resource":' + resourceJson(group.resource) + ',"scopeSpans":[';
    for (let s = 0; s < group.scopes.length; s++) {
      const scopeGroup = group.scopes[s]!;
      if (s > 0) out += ',';
      out += '{"scope":' + scopeJson(scopeGroup.scope) + ',"spans":[';
      const list = scopeGroup.spans;
      for (let i = 0; i < list.length; i++) {
        if (i > 0) out += ',';
        out += spanJson(list[i]!);
      }
      out += ']';
      const schemaUrl = scopeGroup.scope?.schemaUrl;
      if (typeof schemaUrl === 'string' && schemaUrl.length > 0) out += ',"schemaUrl":' + JSON.stringify(schemaUrl);
      out += '}';
    }
    out += ']';
    const schemaUrl = group.resource?.schemaUrl;
    if (typeof schemaUrl === 'string' && schemaUrl.length > 0) out += ',"schemaUrl":' + JSON.stringify(schemaUrl);
    out += '}';
  }
  return out + ']}';
}

function resourceJson(resource: SpanResource | undefined): string {
  const attrs = resource?.attributes as AttributeBag | undefined;
  return '{"attributes":' + attributesJson(attrs, 0) + '}';
}

function scopeJson(scope: SpanScope | undefined): string {
  if (scope === undefined || scope === null) return '{}';
  let out = '{"name":' + JSON.stringify(typeof scope.name === 'string' ? scope.name : '');
  if (typeof scope.version === 'string' && scope.version.length > 0) out += ',"version":' + JSON.stringify(scope.version);
  const attrs = scope.attributes as AttributeBag | undefined;
  if (attrs !== undefined && attrs !== null) out += ',"attributes":' + attributesJson(attrs, 0);
  return out + '}';
}

function spanJson(span: ReadableSpan): string {
  const ctx = span.spanContext();
  let out = '{"traceId":' + JSON.stringify(ctx.traceId) + ',"spanId":' + JSON.stringify(ctx.spanId);
  const traceState = ctx.traceState?.serialize();
  if (traceState !== undefined && traceState.length > 0) out += ',"traceState":' + JSON.stringify(traceState);
  const parent = span.parentSpanContext;
  if (parent !== undefined && parent !== null && typeof parent.spanId === 'string' && parent.spanId.length > 0) {
    out += ',"parentSpanId":' + JSON.stringify(parent.spanId);
  }
  out += ',"flags":' + (((ctx.traceFlags & 0xff) | FLAGS_HAS_IS_REMOTE | (parent?.isRemote === true ? FLAGS_IS_REMOTE : 0)) >>> 0);
  out += ',"name":' + JSON.stringify(typeof span.name === 'string' ? span.name : '');
  const kind = span.kind;
  if (typeof kind === 'number' && kind >= 0 && kind <= 4 && (kind | 0) === kind) out += ',"kind":' + (kind + 1);
  out += ',"startTimeUnixNano":"' + hrTimeToNanosString(span.startTime) + '"';
  out += ',"endTimeUnixNano":"' + hrTimeToNanosString(span.endTime) + '"';
  out += ',"attributes":' + attributesJson(span.attributes as AttributeBag | undefined, 0);
  if (span.droppedAttributesCount > 0) out += ',"droppedAttributesCount":' + span.droppedAttributesCount;
  out += ',"events":[';
  const events = span.events;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (i > 0) out += ',';
    out += '{"timeUnixNano":"' + hrTimeToNanosString(e.time) + '","name":' + JSON.stringify(typeof e.name === 'string' ? e.name : '');
    out += ',"attributes":' + attributesJson(e.attributes as AttributeBag | undefined, 0);
    if (typeof e.droppedAttributesCount === 'number' && e.droppedAttributesCount > 0) {
      out += ',"droppedAttributesCount":' + e.droppedAttributesCount;
    }
    out += '}';
  }
  out += ']';
  if (span.droppedEventsCount > 0) out += ',"droppedEventsCount":' + span.droppedEventsCount;
  out += ',"links":[';
  const links = span.links;
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!;
    const lc = l.context;
    if (i > 0) out += ',';
    out += '{"traceId":' + JSON.stringify(lc.traceId) + ',"spanId":' + JSON.stringify(lc.spanId);
    const lts = lc.traceState?.serialize();
    if (lts !== undefined && lts.length > 0) out += ',"traceState":' + JSON.stringify(lts);
    out += ',"attributes":' + attributesJson(l.attributes as AttributeBag | undefined, 0);
    if (typeof l.droppedAttributesCount === 'number' && l.droppedAttributesCount > 0) {
      out += ',"droppedAttributesCount":' + l.droppedAttributesCount;
    }
    out += ',"flags":' + (((lc.traceFlags & 0xff) | FLAGS_HAS_IS_REMOTE | (lc.isRemote === true ? FLAGS_IS_REMOTE : 0)) >>> 0);
    out += '}';
  }
  out += ']';
  if (span.droppedLinksCount > 0) out += ',"droppedLinksCount":' + span.droppedLinksCount;
  const status = span.status;
  if (status !== undefined && status !== null) {
    const hasCode = typeof status.code === 'number' && status.code > 0 && status.code <= 2;
    const hasMessage = typeof status.message === 'string' && status.message.length > 0;
    if (hasCode || hasMessage) {
      out += ',"status":{';
      if (hasMessage) out += '"message":' + JSON.stringify(status.message) + (hasCode ? ',' : '');
      if (hasCode) out += '"code":' + status.code;
      out += '}';
    }
  }
  return out + '}';
}

/**
 * Unix nanoseconds of an HrTime as a decimal string, exactly: the seconds and
 * the zero-padded nanoseconds are concatenated rather than multiplied, which
 * would lose precision past 2^53. Negative or non-finite input gives "0".
 */
function hrTimeToNanosString(t: HrTimeLike): string {
  let s = t[0];
  let ns = t[1];
  if (!(s >= 0) || !(ns >= 0) || !Number.isFinite(s) || !Number.isFinite(ns)) return '0';
  s = Math.trunc(s);
  ns = Math.trunc(ns);
  if (ns >= 1e9) {
    s += Math.floor(ns / 1e9);
    ns %= 1e9;
  }
  if (s === 0) return String(ns);
  const nsStr = String(ns);
  return String(s) + '000000000'.slice(nsStr.length) + nsStr;
}

function attributesJson(attrs: AttributeBag | undefined, depth: number): string {
  if (attrs === undefined || attrs === null) return '[]';
  let out = '[';
  let first = true;
  for (const key in attrs) {
    if (!Object.prototype.hasOwnProperty.call(attrs, key)) continue;
    const value = attrs[key];
    if (value === undefined || value === null || typeof value === 'function' || typeof value === 'symbol') continue;
    if (!first) out += ',';
    first = false;
    out += '{"key":' + JSON.stringify(key) + ',"value":' + anyValueJson(value, depth) + '}';
  }
  return out + ']';
}

function anyValueJson(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return '{"stringValue":' + JSON.stringify(value) + '}';
    case 'boolean':
      return value ? '{"boolValue":true}' : '{"boolValue":false}';
    case 'number':
      if (Number.isInteger(value) && value >= INT64_MIN && value < INT64_END) {
        // Beyond 2^53 String() may print an exponent; BigInt prints every digit.
        const digits = Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
        return '{"intValue":"' + digits + '"}';
      }
      if (Number.isNaN(value)) return '{"doubleValue":"NaN"}';
      if (value === Infinity) return '{"doubleValue":"Infinity"}';
      if (value === -Infinity) return '{"doubleValue":"-Infinity"}';
      return '{"doubleValue":' + String(value) + '}';
    case 'bigint':
      if (value >= -(2n ** 63n) && value < 2n ** 63n) return '{"intValue":"' + value.toString() + '"}';
      return '{"stringValue":"' + value.toString() + '"}';
    case 'object': {
      if (value === null || depth >= MAX_VALUE_DEPTH) return '{}';
      if (value instanceof Uint8Array) {
        return '{"bytesValue":"' + Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') + '"}';
      }
      if (Array.isArray(value)) {
        let out = '{"arrayValue":{"values":[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          const item: unknown = value[i];
          out += item === undefined || item === null ? '{}' : anyValueJson(item, depth + 1);
        }
        return out + ']}}';
      }
      return '{"kvlistValue":{"values":' + attributesJson(value as AttributeBag, depth + 1) + '}}';
    }
    default:
      return '{}';
  }
}
