import type { ReadableSpan, SpanIdBytes } from '@spool/sdk-trace';
import { ProtoWriter, SHORT_STRING, varintSize } from './proto-writer.js';
import { groupSpans, type SpanResource, type SpanScope } from './group-spans.js';
import { AttributeCache, isCacheable, type CachedRun } from './attribute-cache.js';

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
/** A buffer that grew larger than this (a huge batch) is let go before the next encode. */
const MAX_RETAINED_BYTES = 8 * 1024 * 1024;
/** The buffer an encoder starts with before it has seen a batch. */
const INITIAL_BYTES = 64 * 1024;

type AttributeBag = Readonly<Record<string, unknown>>;

/**
 * Encoded attribute keys, values and runs of attributes, shared by every
 * encoder: a cache of a pure function, so sharing it is safe, and one
 * process-wide bound is simpler than one per encoder.
 */
const attributeCache = new AttributeCache();

/**
 * The last parent span id decoded, as hex and as bytes. Siblings share their
 * parent, so most spans of a batch find it here (7 of 8 on the benchmark
 * batch) instead of decoding 16 hex digits again. Shared like
 * {@link attributeCache}, for the same reason.
 */
let lastParentHex = '';
const lastParentBytes = new Uint8Array(8);

/**
 * A DataView of the last pooled id buffer seen. Spool's ids come from chunks
 * of 4,096, so consecutive spans nearly always share one.
 */
let lastIdBytes: Uint8Array | undefined;
let lastIdView: DataView | undefined;

function idView(bytes: Uint8Array): DataView {
  if (bytes !== lastIdBytes || lastIdView === undefined) {
    lastIdView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    lastIdBytes = bytes;
  }
  return lastIdView;
}

/**
 * Encodes batches of spans as OTLP `ExportTraceServiceRequest`s (binary
 * protobuf, opentelemetry-proto trace v1) into one buffer that it keeps and
 * reuses from call to call. This is what `OTLPTraceExporter` encodes with.
 *
 * **The result of {@link encode} is a view of that buffer: it is valid only
 * until the next `encode` on the same encoder, which overwrites it.** Send or
 * copy it before encoding again (`result.slice()` copies). When a result must
 * outlive the next call, use `encodeTraceRequest`, which returns a copy the
 * caller owns.
 *
 * Why reuse: a request for 512 spans is about 125 KB, and memory fresh from
 * the allocator costs more to touch the first time than the encoding itself
 * in some environments (see the package README, "Performance"); a reused
 * buffer is already in place. One encoder serves one encode at a time; keep
 * one per request in flight.
 *
 * The encoding is that of `encodeTraceRequest` (same bytes). Never throws on
 * span content; an exception thrown by a span's own getter propagates, and
 * the encoder stays usable. A buffer that grew past 8 MiB for a huge batch
 * is let go at the next `encode`.
 *
 * Attribute keys, values that repeat and runs of attributes that repeat
 * together are cached in encoded form, process-wide, within fixed bounds
 * (at most about 2 MiB); see the package README, "Performance".
 */
export class TraceRequestEncoder {
  private writer: ProtoWriter;
  /** True while `encode` runs, so a re-entrant call (a span getter that encodes) does not write over it. */
  private busy: boolean;
  /**
   * Bytes per span of the last batch, so that a new buffer is sized once up
   * front instead of doubling its way up. Starts at 512 B (about twice a
   * realistic HTTP span); kept within [64, 2048].
   */
  private bytesPerSpan: number;

  constructor() {
    this.writer = new ProtoWriter(INITIAL_BYTES);
    this.busy = false;
    this.bytesPerSpan = 512;
  }

  /**
   * Encodes `spans` as one request and returns its bytes: a view of this
   * encoder's buffer, valid until the next call to `encode` on this encoder.
   * An empty batch gives an empty array.
   *
   * @param spans - finished spans, in any mix of resources and scopes
   * @returns the request; do not keep it past the next `encode` call
   */
  encode(spans: readonly ReadableSpan[]): Uint8Array {
    if (this.busy) {
      // Re-entered from inside a span getter: this call gets a writer of its
      // own, and its result is then the caller's alone.
      const w = new ProtoWriter(INITIAL_BYTES);
      writeRequest(w, spans, 512);
      return view(w);
    }
    let w = this.writer;
    if (w.buf.length > MAX_RETAINED_BYTES) w = this.writer = new ProtoWriter(INITIAL_BYTES);
    w.reset();
    this.busy = true;
    try {
      this.bytesPerSpan = writeRequest(w, spans, this.bytesPerSpan);
    } finally {
      this.busy = false;
    }
    return view(w);
  }
}

/**
 * What was written, as a plain `Uint8Array` view (not a `Buffer`, whose
 * `slice` would be a view too where callers expect a copy).
 */
function view(w: ProtoWriter): Uint8Array {
  return new Uint8Array(w.buf.buffer, w.buf.byteOffset, w.pos);
}

/**
 * Writes the request for `spans` into `w` (empty for no spans) and returns
 * the bytes per span it took, the estimate for the next batch.
 */
function writeRequest(w: ProtoWriter, spans: readonly ReadableSpan[], bytesPerSpan: number): number {
  const n = spans.length;
  if (n === 0) return bytesPerSpan;
  // Pre-size from the last batch (an eighth of slack), up to the size a
  // buffer is kept at: at pos 0 a growth copies nothing, while growing
  // mid-batch copies what was written, once per doubling.
  const estimate = n * bytesPerSpan;
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
  return perSpan < 64 ? 64 : perSpan > 2048 ? 2048 : perSpan;
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
  // Room for everything up to the attributes: tag, length, ids (2 + 16,
  // 2 + 8), parent (2 + 8), kind (2), times (2 x 9). Strings ensure their own.
  w.ensure(1 + reserve + 64);
  const buf = w.buf;
  buf[w.pos++] = SS_SPANS;
  const start = w.begin(reserve);

  const idBytes = (span as Partial<SpanIdBytes>).idBytes;
  if (idBytes !== undefined) {
    // Spool's own spans keep their ids as bytes in a pooled buffer
    // (SpanIdBytes): trace id then span id, 24 bytes, copied as six words.
    const off = (span as unknown as SpanIdBytes).idOffset;
    const ids = idView(idBytes);
    const out = w.view;
    const pos = w.pos;
    buf[pos] = SPAN_TRACE_ID;
    buf[pos + 1] = 16;
    out.setUint32(pos + 2, ids.getUint32(off, true), true);
    out.setUint32(pos + 6, ids.getUint32(off + 4, true), true);
    out.setUint32(pos + 10, ids.getUint32(off + 8, true), true);
    out.setUint32(pos + 14, ids.getUint32(off + 12, true), true);
    buf[pos + 18] = SPAN_SPAN_ID;
    buf[pos + 19] = 8;
    out.setUint32(pos + 20, ids.getUint32(off + 16, true), true);
    out.setUint32(pos + 24, ids.getUint32(off + 20, true), true);
    w.pos = pos + 28;
  } else {
    buf[w.pos++] = SPAN_TRACE_ID;
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
  if (parent !== undefined && parent !== null) {
    const parentId = parent.spanId;
    if (typeof parentId === 'string' && parentId.length > 0) writeParentSpanId(w, parentId);
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

/** `Span.parent_span_id`, from the last-decoded cache when it is the same id as last time. */
function writeParentSpanId(w: ProtoWriter, hex: string): void {
  w.ensure(1 + 5 + (hex.length >>> 1));
  w.buf[w.pos++] = SPAN_PARENT_SPAN_ID;
  if (hex === lastParentHex) {
    const buf = w.buf;
    let pos = w.pos;
    buf[pos++] = 8;
    for (let i = 0; i < 8; i++) buf[pos++] = lastParentBytes[i]!;
    w.pos = pos;
    return;
  }
  w.hexBytes(hex);
  if (hex.length === 16) {
    const buf = w.buf;
    const from = w.pos - 8;
    for (let i = 0; i < 8; i++) lastParentBytes[i] = buf[from + i]!;
    lastParentHex = hex;
  }
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

/**
 * Writes each own attribute as a repeated `KeyValue` field `tag`. Attributes
 * that repeat are copied from the cache, a run of consecutive ones at once;
 * the rest are written and offered to the cache.
 */
function writeAttributes(w: ProtoWriter, tag: number, attrs: AttributeBag): void {
  // `pending`: the cached run the latest attributes matched, not yet written.
  // `previous`: the cached run that ends with the latest attribute (pending or
  // written), which the next attribute extends for the next span like this one.
  let pending: CachedRun | undefined;
  let previous: CachedRun | undefined;
  for (const key in attrs) {
    if (!Object.prototype.hasOwnProperty.call(attrs, key)) continue;
    const value = attrs[key];
    if (isForbidden(value)) continue;
    if (pending !== undefined) {
      const longer = pending.follower(tag, key, value);
      if (longer !== undefined) {
        pending = previous = longer;
        continue;
      }
      writeRun(w, tag, pending);
      pending = undefined;
    }
    const entry = attributeCache.entry(key);
    if (entry === undefined || !entry.caching || !isCacheable(value)) {
      w.ensure(1);
      w.buf[w.pos++] = tag;
      writeKeyValueWithLength(w, entry?.keyField, key, value, 0);
      previous = undefined;
      continue;
    }
    let run = entry.find(value);
    if (run !== undefined) {
      pending = run;
    } else {
      w.ensure(1);
      w.buf[w.pos++] = tag;
      const start = w.pos;
      writeKeyValueWithLength(w, entry.keyField, key, value, 0);
      run = entry.remember(value, w.buf, start, w.pos);
    }
    if (previous !== undefined && run !== undefined) previous.learn(tag, run);
    previous = run;
  }
  if (pending !== undefined) writeRun(w, tag, pending);
}

/** Values the API forbids as attributes: written as nothing. */
function isForbidden(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  const t = typeof value;
  return t === 'function' || t === 'symbol';
}

/** A cached run of attributes in fields `tag`. */
function writeRun(w: ProtoWriter, tag: number, run: CachedRun): void {
  w.ensure(1);
  w.buf[w.pos++] = tag;
  w.copy(run.bytes);
}

/** Writes one `KeyValue` field `tag` (no run cache); nothing for values the API forbids. */
function writeKeyValue(w: ProtoWriter, tag: number, key: string, value: unknown, depth: number): void {
  if (isForbidden(value)) return;
  w.ensure(1);
  w.buf[w.pos++] = tag;
  writeKeyValueWithLength(w, attributeCache.entry(key)?.keyField, key, value, depth);
}

/**
 * Writes a `KeyValue`'s length and body (the tag is the caller's): in one
 * pass for the usual ASCII string and small integer values when the key's
 * encoded field is at hand, else with the lengths patched afterwards.
 */
function writeKeyValueWithLength(w: ProtoWriter, keyField: Uint8Array | undefined, key: string, value: unknown, depth: number): void {
  if (keyField !== undefined) {
    if (typeof value === 'string') {
      if (writeAsciiStringKeyValue(w, keyField, value)) return;
    } else if (typeof value === 'number' && value >= 0 && value <= 0x7fffffff && (value | 0) === value) {
      writeSmallIntKeyValue(w, keyField, value);
      return;
    }
  }
  writeKeyValueBody(w, keyField, key, value, depth);
}

/**
 * Writes a `KeyValue` (length and body; the tag is the caller's) with an
 * ASCII string value in one pass, every length known up front. Returns false,
 * with `w.pos` back where it was, when the value is not ASCII.
 */
function writeAsciiStringKeyValue(w: ProtoWriter, keyField: Uint8Array, value: string): boolean {
  const n = value.length;
  const anyLen = 1 + varintSize(n) + n; // AnyValue{string_value}
  const bodyLen = keyField.length + 1 + varintSize(anyLen) + anyLen;
  // Room for the UTF-8 of a non-ASCII value too (3 bytes per unit at most),
  // which Buffer#write produces before the check below can tell.
  w.ensure(5 + bodyLen + 2 * n);
  const start = w.pos;
  w.uint32(bodyLen);
  w.copy(keyField);
  const buf = w.buf;
  buf[w.pos++] = KV_VALUE;
  w.uint32(anyLen);
  buf[w.pos++] = ANY_STRING;
  w.uint32(n);
  let pos = w.pos;
  if (n < SHORT_STRING) {
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c >= 128) {
        w.pos = start;
        return false;
      }
      buf[pos++] = c;
    }
  } else {
    // UTF-8 gives one byte per UTF-16 unit exactly when every unit is ASCII.
    if (buf.write(value, pos) !== n) {
      w.pos = start;
      return false;
    }
    pos += n;
  }
  w.pos = pos;
  return true;
}

/** Writes a `KeyValue` (length and body) with an integer value in [0, 2^31) in one pass. */
function writeSmallIntKeyValue(w: ProtoWriter, keyField: Uint8Array, value: number): void {
  const anyLen = 1 + varintSize(value); // AnyValue{int_value}
  const bodyLen = keyField.length + 2 + anyLen;
  w.ensure(5 + bodyLen);
  w.uint32(bodyLen);
  w.copy(keyField);
  const buf = w.buf;
  buf[w.pos++] = KV_VALUE;
  buf[w.pos++] = anyLen;
  buf[w.pos++] = ANY_INT;
  w.uint32(value);
}

/**
 * Writes a `KeyValue` (length and body; the tag is the caller's) of any
 * value: the key from `keyField` when given, the value's length patched after
 * it is written.
 */
function writeKeyValueBody(w: ProtoWriter, keyField: Uint8Array | undefined, key: string, value: unknown, depth: number): void {
  const kvStart = w.begin(1);
  if (keyField !== undefined) {
    w.copy(keyField);
  } else {
    w.ensure(1);
    w.buf[w.pos++] = KV_KEY;
    w.string(key);
  }
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
