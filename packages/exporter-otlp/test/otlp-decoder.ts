// An OTLP decoder for the tests, independent of the package's encoder: protobufjs's
// reflection decoder driven by a schema written here from the published
// opentelemetry-proto files (@opentelemetry/otlp-transformer ships no .proto).
// The schema itself is checked in encode-trace-request.test.ts: OpenTelemetry JS's
// own protobuf bytes must decode, through it, to what OpenTelemetry JS's JSON
// serializer produces.
import protobuf from 'protobufjs';

const repeated = (type: string, id: number) => ({ rule: 'repeated', type, id });
const field = (type: string, id: number) => ({ type, id });

const root = protobuf.Root.fromJSON({
  nested: {
    otlp: {
      nested: {
        ExportTraceServiceRequest: { fields: { resourceSpans: repeated('ResourceSpans', 1) } },
        ExportTraceServiceResponse: { fields: { partialSuccess: field('ExportTracePartialSuccess', 1) } },
        ExportTracePartialSuccess: { fields: { rejectedSpans: field('int64', 1), errorMessage: field('string', 2) } },
        ResourceSpans: {
          fields: { resource: field('Resource', 1), scopeSpans: repeated('ScopeSpans', 2), schemaUrl: field('string', 3) },
        },
        Resource: { fields: { attributes: repeated('KeyValue', 1), droppedAttributesCount: field('uint32', 2) } },
        ScopeSpans: {
          fields: { scope: field('InstrumentationScope', 1), spans: repeated('Span', 2), schemaUrl: field('string', 3) },
        },
        InstrumentationScope: {
          fields: {
            name: field('string', 1),
            version: field('string', 2),
            attributes: repeated('KeyValue', 3),
            droppedAttributesCount: field('uint32', 4),
          },
        },
        Span: {
          fields: {
            traceId: field('bytes', 1),
            spanId: field('bytes', 2),
            traceState: field('string', 3),
            parentSpanId: field('bytes', 4),
            flags: field('fixed32', 16),
            name: field('string', 5),
            kind: field('int32', 6),
            startTimeUnixNano: field('fixed64', 7),
            endTimeUnixNano: field('fixed64', 8),
            attributes: repeated('KeyValue', 9),
            droppedAttributesCount: field('uint32', 10),
            events: repeated('Event', 11),
            droppedEventsCount: field('uint32', 12),
            links: repeated('Link', 13),
            droppedLinksCount: field('uint32', 14),
            status: field('Status', 15),
          },
        },
        Event: {
          fields: {
            timeUnixNano: field('fixed64', 1),
            name: field('string', 2),
            attributes: repeated('KeyValue', 3),
            droppedAttributesCount: field('uint32', 4),
          },
        },
        Link: {
          fields: {
            traceId: field('bytes', 1),
            spanId: field('bytes', 2),
            traceState: field('string', 3),
            attributes: repeated('KeyValue', 4),
            droppedAttributesCount: field('uint32', 5),
            flags: field('fixed32', 6),
          },
        },
        Status: { fields: { message: field('string', 2), code: field('int32', 3) } },
        KeyValue: { fields: { key: field('string', 1), value: field('AnyValue', 2) } },
        AnyValue: {
          oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] } },
          fields: {
            stringValue: field('string', 1),
            boolValue: field('bool', 2),
            intValue: field('int64', 3),
            doubleValue: field('double', 4),
            arrayValue: field('ArrayValue', 5),
            kvlistValue: field('KeyValueList', 6),
            bytesValue: field('bytes', 7),
          },
        },
        ArrayValue: { fields: { values: repeated('AnyValue', 1) } },
        KeyValueList: { fields: { values: repeated('KeyValue', 1) } },
        // google/rpc/status.proto, google/rpc/error_details.proto, google/protobuf/{any,duration}.proto
        RpcStatus: { fields: { code: field('int32', 1), message: field('string', 2), details: repeated('Any', 3) } },
        Any: { fields: { typeUrl: field('string', 1), value: field('bytes', 2) } },
        RetryInfo: { fields: { retryDelay: field('Duration', 1) } },
        Duration: { fields: { seconds: field('int64', 1), nanos: field('int32', 2) } },
      },
    },
  },
});

const t = (name: string) => root.lookupType(`otlp.${name}`);
const RequestType = t('ExportTraceServiceRequest');
const ResponseType = t('ExportTraceServiceResponse');
const RpcStatusType = t('RpcStatus');
const RetryInfoType = t('RetryInfo');

const ID_KEYS = new Set(['traceId', 'spanId', 'parentSpanId']);

/** Decodes a binary ExportTraceServiceRequest into OTLP/JSON form (hex ids, int64 as strings). */
export function decodeTraceRequest(bytes: Uint8Array): any {
  const message = RequestType.decode(bytes);
  const obj = RequestType.toObject(message, { longs: String, bytes: String, arrays: true, defaults: false, oneofs: false });
  return idsToHex(obj);
}

function idsToHex(v: any): any {
  if (Array.isArray(v)) return v.map(idsToHex);
  if (v !== null && typeof v === 'object') {
    const out: any = {};
    for (const [k, x] of Object.entries(v)) {
      out[k] = ID_KEYS.has(k) && typeof x === 'string' ? Buffer.from(x, 'base64').toString('hex') : idsToHex(x);
    }
    return out;
  }
  return v;
}

const ANY_VALUE_KEYS = new Set(['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue']);

/**
 * A canonical form for comparing OTLP requests from different encoders:
 * proto3 default values (0, '', '0', empty lists, empty messages) are dropped,
 * because a field set to its default and an absent field are the same on the
 * wire's semantics; AnyValue members are always kept; `intValue` becomes a
 * string (OTLP/JSON writes int64 as strings; some encoders write numbers).
 */
export function canonical(v: any): any {
  if (Array.isArray(v)) return v.map((x) => canonical(x) ?? {});
  if (v === null || typeof v !== 'object') return v;
  const out: any = {};
  for (const key of Object.keys(v).sort()) {
    let x = v[key];
    if (ANY_VALUE_KEYS.has(key)) {
      if (key === 'intValue') x = typeof x === 'number' && Number.isInteger(x) ? BigInt(x).toString() : String(x);
      out[key] = canonical(x);
      continue;
    }
    if (x === undefined || x === null || x === 0 || x === '' || x === '0') continue;
    // OpenTelemetry JS's JSON also writes the resource's schema URL inside
    // `resource`, which has no such field in resource.proto.
    if (key === 'resource' && typeof x === 'object') {
      const { schemaUrl: _ignored, ...rest } = x;
      x = rest;
    }
    if (Array.isArray(x) && x.length === 0) continue;
    const c = canonical(x);
    if (c !== null && typeof c === 'object' && !Array.isArray(c) && Object.keys(c).length === 0) continue;
    out[key] = c;
  }
  return out;
}

/** Encodes an ExportTraceServiceResponse with a partial success. */
export function encodePartialSuccessResponse(rejectedSpans: number, errorMessage: string): Uint8Array {
  return ResponseType.encode(ResponseType.fromObject({ partialSuccess: { rejectedSpans, errorMessage } })).finish();
}

/** Encodes a google.rpc.Status, with a RetryInfo detail when `retryDelayMillis` is given. */
export function encodeRpcStatus(code: number, message: string, retryDelayMillis?: number): Uint8Array {
  const details = [];
  if (retryDelayMillis !== undefined) {
    const seconds = Math.floor(retryDelayMillis / 1000);
    const nanos = Math.round((retryDelayMillis - seconds * 1000) * 1e6);
    details.push({
      typeUrl: 'type.googleapis.com/google.rpc.RetryInfo',
      value: RetryInfoType.encode(RetryInfoType.fromObject({ retryDelay: { seconds, nanos } })).finish(),
    });
  }
  return RpcStatusType.encode(RpcStatusType.fromObject({ code, message, details })).finish();
}

/** All spans of a decoded request, flattened, in order. */
export function allSpans(request: any): any[] {
  const out: any[] = [];
  for (const rs of request.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) out.push(s);
  return out;
}
