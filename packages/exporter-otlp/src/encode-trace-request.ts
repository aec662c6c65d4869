import type { ReadableSpan, SpanIdBytes } from '@spool/sdk-trace';
import { ProtoWriter } from './proto-writer.js';
import { groupSpans, type SpanResource, type SpanScope } from './group-spans.js';

// Tags (field number << 3 | wire type) of the OTLP trace v1 messages, from
// opentelemetry-proto: collector/trace/v1/trace_service.proto, trace/v1/trace.proto,
// common/v1/common.proto and resource/v1/resource.proto. Wire types: 0 varint,
// 1 fixed64, 2 length-delimited, 5 fixed32.

/** ExportTraceServiceRequest.resource_spans = 1 */
const REQUEST_RESOURCE_SPANS = (1 << 3) | 2;
/** ResourceSpans.resource = 1, scope_spans = 2, schema_url = 3 */
const RS_RESOURCE = (1 << 3) | 2;
const RS_SCOPE_SPANS = (2 << 3) | 2;
const RS_SCHEMA_URL = (3 << 3) | 2;
/** Resource.attributes = 1 */
const RESOURCE_ATTRIBUTES = (1 << 3) | 2;
/** ScopeSpans.scope = 1, spans = 2, schema_url = 3 */
const SS_SCOPE = (1 << 3) | 2;
const SS_SPANS = (2 << 3) | 2;
const SS_SCHEMA_URL = (3 << 3) | 2;
/** InstrumentationScope.name = 1, version = 2, attributes = 3 */
const SCOPE_NAME = (1 << 3) | 2;
const SCOPE_VERSION = (2 << 3) | 2;
const SCOPE_ATTRIBUTES = (3 << 3) | 2;
/** Span fields 1..16 */
const SPAN_TRACE_ID = (1 << 3) | 2;
const SPAN_SPAN_ID = (2 << 3) | 2;
const SPAN_TRACE_STATE = (3 << 3) | 2;
const SPAN_PARENT_SPAN_ID = (4 << 3) | 2;
const SPAN_NAME = (5 << 3) | 2;
const SPAN_KIND = (6 << 3) | 0;
const SPAN_START_TIME = (7 << 3) | 1;
const SPAN_END_TIME = (8 << 3) | 1;
const SPAN_ATTRIBUTES = (9 << 3) | 2;
const SPAN_DROPPED_ATTRIBUTES = (10 << 3) | 0;
const SPAN_EVENTS = (11 << 3) | 2;
const SPAN_DROPPED_EVENTS = (12 << 3) | 0;
const SPAN_LINKS = (13 << 3) | 2;
const SPAN_DROPPED_LINKS = (14 << 3) | 0;
const SPAN_STATUS = (15 << 3) | 2;
/** Span.flags = 16, fixed32: the tag (133) is the two-byte varint 0x85 0x01. */
const SPAN_FLAGS_TAG_0 = 0x85;
const SPAN_FLAGS_TAG_1 = 0x01;
/** Span.Event.time_unix_nano = 1, name = 2, attributes = 3, dropped_attributes_count = 4 */
const EVENT_TIME = (1 << 3) | 1;
const EVENT_NAME = (2 << 3) | 2;
const EVENT_ATTRIBUTES = (3 << 3) | 2;
const EVENT_DROPPED_ATTRIBUTES = (4 << 3) | 0;
/** Span.Link.trace_id = 1, span_id = 2, trace_state = 3, attributes = 4, dropped = 5, flags = 6 */
const LINK_TRACE_ID = (1 << 3) | 2;
const LINK_SPAN_ID = (2 << 3) | 2;
const LINK_TRACE_STATE = (3 << 3) | 2;
const LINK_ATTRIBUTES = (4 << 3) | 2;
const LINK_DROPPED_ATTRIBUTES = (5 << 3) | 0;
const LINK_FLAGS = (6 << 3) | 5;
/** Status.message = 2, code = 3 (field 1 is reserved) */
const STATUS_MESSAGE = (2 << 3) | 2;
const STATUS_CODE = (3 << 3) | 0;
/** KeyValue.key = 1, value = 2 */
const KV_KEY = (1 << 3) | 2;
const KV_VALUE = (2 << 3) | 2;
/** AnyValue oneof: string 1, bool 2, int 3, double 4, array 5, kvlist 6, bytes 7 */
const ANY_STRING = (1 << 3) | 2;
const ANY_BOOL = (2 << 3) | 0;
const ANY_INT = (3 << 3) | 0;
const ANY_DOUBLE = (4 << 3) | 1;
const ANY_ARRAY = (5 << 3) | 2;
const ANY_KVLIST = (6 << 3) | 2;
const ANY_BYTES = (7 << 3) | 2;
/** ArrayValue.values = 1, KeyValueList.values = 1 */
const LIST_VALUES = (1 << 3) | 2;

/**
 * SpanFlags of trace.proto: the low 8 bits are the W3C trace flags; bit 8 says
 * whether the is-remote bit is known, bit 9 is the is-remote bit (of the parent
 * for a span, of the linked context for a link).
 */
const FLAGS_HAS_IS_REMOTE = 0x100;
const FLAGS_IS_REMOTE = 0x200;

/** Largest int64 magnitude bounds; both are exact doubles. */
const INT64_MIN = -(2 ** 63);
const INT64_END = 2 ** 63;
/** Nesting limit of kvlist/array values, so a cyclic object cannot hang the encoder. */
const MAX_VALUE_DEPTH = 8;
/** A scratch buffer larger than this is not kept between calls. */
const MAX_RETAINED_BYTES = 8 * 1024 * 1024;

type AttributeBag = Readonly<Record<string, unknown>>;

/**
 * The writer `encodeTraceRequest` encodes into, reused from call to call:
 * encoding is synchronous and a call is only re-entered if a span's getter
 * itself encodes (then that inner call gets a writer of its own). Reuse means
 * the encode writes into warm pages and never grows during a call once it
 * has seen a batch of that size; the result is an exact-size copy.
 */
let scratch: ProtoWriter | undefined;
let scratchBusy = false;
/**
 * Bytes per span of the last batch encoded, so a fresh writer (the first call,
 * after a huge batch was let go, or a new exporter writer) is sized once up
 * front instead of doubling and copying its way up. Starts at 512 B, about
 * twice a realistic HTTP span (244 B on the benchmark batch); kept within
 * [64, 2048].
 */
let bytesPerSpanEstimate = 512;

/**
 * Encodes spans as one OTLP `ExportTraceServiceRequest` (opentelemetry-proto
 * trace v1, binary protobuf), written straight from the spans into one reused
 * buffer: no intermediate objects.
 *
 * Spans are grouped by resource (object identity), then by instrumentation
 * scope (name, version, schema URL, attributes). Ids are copied from Spool's
 * pooled id bytes (`idBytes`/`idOffset`) when the span has them, else decoded
 * from the hex strings of `spanContext()`. Times are exact unix nanoseconds.
 * Integral numbers become `int_value` (int64, negatives included), other numbers
 * `double_value`; arrays `array_value`; `Uint8Array` `bytes_value`; plain objects
 * `kvlist_value`.
 *
 * Dropped on purpose: attributes whose value is `undefined`, `null`, a function
 * or a symbol (the API forbids them); values nested deeper than 8 levels; fields
 * equal to their proto3 default (zero counts, empty strings, an unset status),
 * which a decoder restores. Never throws on span content.
 *
 * Cost: the encode runs in a module-level writer reused across calls (no
 * growth once warm), then the bytes are copied once into an exact-size array.
 * That copy lands on fresh pages, which is most of the difference to the
 * exporter's internal path (see the README, "Performance").
 *
 * @param spans - finished spans, in any mix of resources and scopes
 * @returns the encoded request: a fresh `Uint8Array` over an `ArrayBuffer` of
 *   its own, exactly its length (never a slice of a shared pool); the caller owns it
 */
export function encodeTraceRequest(spans: readonly ReadableSpan[]): Uint8Array {
  let w: ProtoWriter;
  const reuse = !scratchBusy;
  if (reuse) {
    w = scratch ??= new ProtoWriter(256 * 1024);
    w.reset();
    scratchBusy = true;
  } else {
    w = new ProtoWriter(64 * 1024);
  }
  try {
    writeRequest(w, spans);
    return w.finish();
  } finally {
    if (reuse) {
      scratchBusy = false;
      if (w.buf.length > MAX_RETAINED_BYTES) scratch = undefined;
    }
  }
}

/**
 * Encodes into `w` (reset first) and returns a view of its buffer, valid until
 * `w` is written again: the exporter's path, which keeps one writer per export
 * in flight and so reuses warm memory instead of a fresh array per batch.
 * @internal
 */
export function encodeTraceRequestInto(w: ProtoWriter, spans: readonly ReadableSpan[]): Uint8Array {
  w.reset();
  writeRequest(w, spans);
  return w.buf.subarray(0, w.pos);
}

function writeRequest(w: ProtoWriter, spans: readonly ReadableSpan[]): void {
  const n = spans.length;
  if (n === 0) return;
  // Pre-size from the last batch (an eighth of slack), up to the size a
  // writer is kept at: at pos 0 a growth copies nothing, while growing
  // mid-batch copies what was written, once per doubling.
  const estimate = n * bytesPerSpanEstimate;
  w.ensure(Math.min(MAX_RETAINED_BYTES, estimate + (estimate >>> 3)));
  const groups = groupSpans(spans);
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    w.ensure(1);
    w.buf[w.pos++] = REQUEST_RESOURCE_SPANS;
    const rsStart = w.begin(4);
    writeResource(w, group.resource);
    const scopes = group.scopes;
    for (let s = 0; s < scopes.length; s++) {
      const scopeGroup = scopes[s]!;
      w.ensure(1);
      w.buf[w.pos++] = RS_SCOPE_SPANS;
      const ssStart = w.begin(4);
      writeScope(w, scopeGroup.scope);
      const list = scopeGroup.spans;
      for (let i = 0; i < list.length; i++) writeSpan(w, list[i]!);
      const schemaUrl = scopeGroup.scope?.schemaUrl;
      if (typeof schemaUrl === 'string' && schemaUrl.length > 0) {
        w.ensure(1);
        w.buf[w.pos++] = SS_SCHEMA_URL;
        w.string(schemaUrl);
      }
      w.end(ssStart, 4);
    }
    const resourceSchemaUrl = group.resource?.schemaUrl;
    if (typeof resourceSchemaUrl === 'string' && resourceSchemaUrl.length > 0) {
      w.ensure(1);
      w.buf[w.pos++] = RS_SCHEMA_URL;
      w.string(resourceSchemaUrl);
    }
    w.end(rsStart, 4);
  }
  // Clamped, so one span with a megabyte attribute does not make the next
  // ordinary batch reserve megabytes.
  const perSpan = Math.ceil(w.pos / n);
  bytesPerSpanEstimate = perSpan < 64 ? 64 : perSpan > 2048 ? 2048 : perSpan;
}

/** The resource block, written once per resource in the batch. */
function writeResource(w: ProtoWriter, resource: SpanResource | undefined): void {
  w.ensure(1);
  w.buf[w.pos++] = RS_RESOURCE;
  const start = w.begin(2);
  const attrs = resource?.attributes as AttributeBag | undefined;
  if (attrs !== undefined && attrs !== null) writeAttributes(w, RESOURCE_ATTRIBUTES, attrs);
  w.end(start, 2);
}

/** The scope block, written once per scope in the batch. */
function writeScope(w: ProtoWriter, scope: SpanScope | undefined): void {
  w.ensure(1);
  w.buf[w.pos++] = SS_SCOPE;
  const start = w.begin(1);
  if (scope !== undefined && scope !== null) {
    if (typeof scope.name === 'string' && scope.name.length > 0) {
      w.ensure(1);
      w.buf[w.pos++] = SCOPE_NAME;
      w.string(scope.name);
    }
    if (typeof scope.version === 'string' && scope.version.length > 0) {
      w.ensure(1);
      w.buf[w.pos++] = SCOPE_VERSION;
      w.string(scope.version);
    }
    const attrs = scope.attributes as AttributeBag | undefined;
    if (attrs !== undefined && attrs !== null) writeAttributes(w, SCOPE_ATTRIBUTES, attrs);
  }
  w.end(start, 1);
}

function writeSpan(w: ProtoWriter, span: ReadableSpan): void {
  const ctx = span.spanContext();
  const attrs = span.attributes as AttributeBag | undefined;
  const events = span.events;
  const links = span.links;
  // Bodies of spans with attributes, events or links nearly always need a
  // two-byte length; bare spans fit in one. A wrong guess costs one move.
  const reserve = events.length > 0 || links.length > 0 || (attrs !== undefined && hasAny(attrs)) ? 2 : 1;
  w.ensure(1 + reserve + 64);
  w.buf[w.pos++] = SS_SPANS;
  const start = w.begin(reserve);

  const fast = (span as Partial<SpanIdBytes>).idBytes;
  if (fast !== undefined) {
    // Spool's own spans keep their ids as bytes in a pooled buffer (CONTRACTS.md).
    const off = (span as unknown as SpanIdBytes).idOffset;
    w.buf[w.pos++] = SPAN_TRACE_ID;
    w.rawBytes(fast, off, 16);
    w.buf[w.pos++] = SPAN_SPAN_ID;
    w.rawBytes(fast, off + 16, 8);
  } else {
    w.buf[w.pos++] = SPAN_TRACE_ID;
    w.hexBytes(ctx.traceId);
    w.ensure(1);
    w.buf[w.pos++] = SPAN_SPAN_ID;
    w.hexBytes(ctx.spanId);
  }

  const traceState = ctx.traceState?.serialize();
  if (traceState !== undefined && traceState.length > 0) {
    w.ensure(1);
    w.buf[w.pos++] = SPAN_TRACE_STATE;
    w.string(traceState);
  }

  const parent = span.parentSpanContext;
  if (parent !== undefined && parent !== null && typeof parent.spanId === 'string' && parent.spanId.length > 0) {
    w.ensure(1);
    w.buf[w.pos++] = SPAN_PARENT_SPAN_ID;
    w.hexBytes(parent.spanId);
  }

  const name = span.name;
  if (typeof name === 'string' && name.length > 0) {
    w.ensure(1);
    w.buf[w.pos++] = SPAN_NAME;
    w.string(name);
  }

  w.ensure(2 + 9 + 9);
  const kind = span.kind;
  // The API's SpanKind starts at INTERNAL = 0; the proto's at UNSPECIFIED = 0.
  if (typeof kind === 'number' && kind >= 0 && kind <= 4 && (kind | 0) === kind) {
    w.buf[w.pos++] = SPAN_KIND;
    w.buf[w.pos++] = kind + 1;
  }
  const startTime = span.startTime;
  w.buf[w.pos++] = SPAN_START_TIME;
  w.hrTime(startTime[0], startTime[1]);
  const endTime = span.endTime;
  w.buf[w.pos++] = SPAN_END_TIME;
  w.hrTime(endTime[0], endTime[1]);

  if (attrs !== undefined && attrs !== null) writeAttributes(w, SPAN_ATTRIBUTES, attrs);
  writeCount(w, SPAN_DROPPED_ATTRIBUTES, span.droppedAttributesCount);

  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    w.ensure(1 + 2 + 9);
    w.buf[w.pos++] = SPAN_EVENTS;
    const evStart = w.begin(1);
    w.buf[w.pos++] = EVENT_TIME;
    const t = event.time;
    w.hrTime(t[0], t[1]);
    if (typeof event.name === 'string' && event.name.length > 0) {
      w.ensure(1);
      w.buf[w.pos++] = EVENT_NAME;
      w.string(event.name);
    }
    const evAttrs = event.attributes as AttributeBag | undefined;
    if (evAttrs !== undefined && evAttrs !== null) writeAttributes(w, EVENT_ATTRIBUTES, evAttrs);
    writeCount(w, EVENT_DROPPED_ATTRIBUTES, event.droppedAttributesCount);
    w.end(evStart, 1);
  }
  writeCount(w, SPAN_DROPPED_EVENTS, span.droppedEventsCount);

  for (let i = 0; i < links.length; i++) {
    const link = links[i]!;
    const lc = link.context;
    w.ensure(1 + 2 + 1);
    w.buf[w.pos++] = SPAN_LINKS;
    const lnStart = w.begin(1);
    w.buf[w.pos++] = LINK_TRACE_ID;
    w.hexBytes(lc.traceId);
    w.ensure(1);
    w.buf[w.pos++] = LINK_SPAN_ID;
    w.hexBytes(lc.spanId);
    const lts = lc.traceState?.serialize();
    if (lts !== undefined && lts.length > 0) {
      w.ensure(1);
      w.buf[w.pos++] = LINK_TRACE_STATE;
      w.string(lts);
    }
    const lAttrs = link.attributes as AttributeBag | undefined;
    if (lAttrs !== undefined && lAttrs !== null) writeAttributes(w, LINK_ATTRIBUTES, lAttrs);
    writeCount(w, LINK_DROPPED_ATTRIBUTES, link.droppedAttributesCount);
    w.ensure(5);
    w.buf[w.pos++] = LINK_FLAGS;
    w.fixed32(((lc.traceFlags & 0xff) | FLAGS_HAS_IS_REMOTE | (lc.isRemote === true ? FLAGS_IS_REMOTE : 0)) >>> 0);
    w.end(lnStart, 1);
  }
  writeCount(w, SPAN_DROPPED_LINKS, span.droppedLinksCount);

  const status = span.status;
  if (status !== undefined && status !== null) {
    const code = status.code;
    const message = status.message;
    const hasCode = typeof code === 'number' && code > 0 && code <= 2;
    const hasMessage = typeof message === 'string' && message.length > 0;
    if (hasCode || hasMessage) {
      w.ensure(1 + 1);
      w.buf[w.pos++] = SPAN_STATUS;
      const stStart = w.begin(1);
      if (hasMessage) {
        w.ensure(1);
        w.buf[w.pos++] = STATUS_MESSAGE;
        w.string(message);
      }
      if (hasCode) {
        w.ensure(2);
        w.buf[w.pos++] = STATUS_CODE;
        w.buf[w.pos++] = code;
      }
      w.end(stStart, 1);
    }
  }

  w.ensure(6);
  w.buf[w.pos++] = SPAN_FLAGS_TAG_0;
  w.buf[w.pos++] = SPAN_FLAGS_TAG_1;
  w.fixed32(((ctx.traceFlags & 0xff) | FLAGS_HAS_IS_REMOTE | (parent?.isRemote === true ? FLAGS_IS_REMOTE : 0)) >>> 0);

  w.end(start, reserve);
}

function hasAny(attrs: AttributeBag): boolean {
  for (const _ in attrs) return true;
  return false;
}

/** Writes a uint32 count field when it is a positive integer (0 is the default). */
function writeCount(w: ProtoWriter, tag: number, n: number | undefined): void {
  if (typeof n === 'number' && n > 0) {
    w.ensure(6);
    w.buf[w.pos++] = tag;
    w.uint32(n > 0xffffffff ? 0xffffffff : n >>> 0);
  }
}

/** Writes each own attribute as a repeated KeyValue field `tag`. */
function writeAttributes(w: ProtoWriter, tag: number, attrs: AttributeBag): void {
  for (const key in attrs) {
    if (!Object.prototype.hasOwnProperty.call(attrs, key)) continue;
    writeKeyValue(w, tag, key, attrs[key], 0);
  }
}

function writeKeyValue(w: ProtoWriter, tag: number, key: string, value: unknown, depth: number): void {
  if (value === undefined || value === null) return;
  const t = typeof value;
  // One-pass forms for the two most common attributes; they write nothing and
  // return false for anything unusual, which then takes the general path.
  if (t === 'string') {
    if (w.asciiStringKeyValue(tag, key, value as string)) return;
  } else if (t === 'number' && Number.isInteger(value)) {
    if (w.asciiSmallIntKeyValue(tag, key, value as number)) return;
  }
  if (t === 'function' || t === 'symbol') return;
  w.ensure(1 + 1 + 1);
  w.buf[w.pos++] = tag;
  const kvStart = w.begin(1);
  w.buf[w.pos++] = KV_KEY;
  w.string(key);
  w.ensure(2);
  w.buf[w.pos++] = KV_VALUE;
  const vStart = w.begin(1);
  writeAnyValueBody(w, value, depth);
  w.end(vStart, 1);
  w.end(kvStart, 1);
}

/** Writes the body of an AnyValue (the oneof member); nothing for null-like values. */
function writeAnyValueBody(w: ProtoWriter, value: unknown, depth: number): void {
  switch (typeof value) {
    case 'string':
      w.ensure(1);
      w.buf[w.pos++] = ANY_STRING;
      w.string(value);
      return;
    case 'boolean':
      w.ensure(2);
      w.buf[w.pos++] = ANY_BOOL;
      w.buf[w.pos++] = value ? 1 : 0;
      return;
    case 'number':
      if (Number.isInteger(value) && value >= INT64_MIN && value < INT64_END) {
        w.ensure(1);
        w.buf[w.pos++] = ANY_INT;
        w.int64(value);
      } else {
        w.ensure(9);
        w.buf[w.pos++] = ANY_DOUBLE;
        w.double(value);
      }
      return;
    case 'bigint': {
      // Not an API attribute type, but lossless as int64 when it fits.
      if (value >= -(2n ** 63n) && value < 2n ** 63n) {
        const u = BigInt.asUintN(64, value);
        w.ensure(1);
        w.buf[w.pos++] = ANY_INT;
        w.varint64(Number(u & 0xffffffffn), Number(u >> 32n));
      } else {
        w.ensure(1);
        w.buf[w.pos++] = ANY_STRING;
        w.string(value.toString());
      }
      return;
    }
    case 'object': {
      if (value === null || depth >= MAX_VALUE_DEPTH) return;
      if (value instanceof Uint8Array) {
        w.ensure(1);
        w.buf[w.pos++] = ANY_BYTES;
        w.bytes(value);
        return;
      }
      if (Array.isArray(value)) {
        w.ensure(1);
        w.buf[w.pos++] = ANY_ARRAY;
        const start = w.begin(2);
        for (let i = 0; i < value.length; i++) {
          w.ensure(1);
          w.buf[w.pos++] = LIST_VALUES;
          const itemStart = w.begin(1);
          // A null or undefined element stays as an empty AnyValue, so the
          // positions of the other elements are kept.
          writeAnyValueBody(w, value[i], depth + 1);
          w.end(itemStart, 1);
        }
        w.end(start, 2);
        return;
      }
      w.ensure(1);
      w.buf[w.pos++] = ANY_KVLIST;
      const start = w.begin(2);
      writeKvListBody(w, value as AttributeBag, depth + 1);
      w.end(start, 2);
      return;
    }
    default:
      return;
  }
}

/** Writes the KeyValue entries of a KeyValueList body. */
function writeKvListBody(w: ProtoWriter, attrs: AttributeBag, depth: number): void {
  for (const key in attrs) {
    if (!Object.prototype.hasOwnProperty.call(attrs, key)) continue;
    writeKeyValue(w, LIST_VALUES, key, attrs[key], depth);
  }
}
