// Cross-check of @spool/exporter-otlp against OpenTelemetry JS: for the same
// spans, the bytes Spool encodes decode to the same ExportTraceServiceRequest as
// the bytes of @opentelemetry/otlp-transformer's ProtobufTraceSerializer, and
// Spool's OTLP/JSON matches its JsonTraceSerializer. The spans come from Spool's
// SDK (ids through the pooled-bytes fast path) and from OpenTelemetry JS's SDK
// (foreign spans, hex ids). Decoding is independent of both encoders: protobufjs
// reflection over a schema written here from opentelemetry-proto (trace v1),
// itself checked against OpenTelemetry JS's JSON output.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import protobuf from 'protobufjs';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { BasicTracerProvider, InMemorySpanExporter as OtelInMemorySpanExporter, SimpleSpanProcessor as OtelSimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { context as otelContext, trace as otelTrace, SpanKind as OtelSpanKind } from '@opentelemetry/api';
import { context, createTraceState, SpanKind, SpanStatusCode, trace } from '@spool/api';
import { InMemorySpanExporter, Resource, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@spool/sdk-trace';
import { encodeTraceRequest, encodeTraceRequestJson } from '@spool/exporter-otlp';

const f = (type: string, id: number) => ({ type, id });
const r = (type: string, id: number) => ({ rule: 'repeated', type, id });
const Request = protobuf.Root.fromJSON({
  nested: {
    ExportTraceServiceRequest: { fields: { resourceSpans: r('ResourceSpans', 1) } },
    ResourceSpans: { fields: { resource: f('Resource', 1), scopeSpans: r('ScopeSpans', 2), schemaUrl: f('string', 3) } },
    Resource: { fields: { attributes: r('KeyValue', 1), droppedAttributesCount: f('uint32', 2) } },
    ScopeSpans: { fields: { scope: f('InstrumentationScope', 1), spans: r('Span', 2), schemaUrl: f('string', 3) } },
    InstrumentationScope: { fields: { name: f('string', 1), version: f('string', 2), attributes: r('KeyValue', 3), droppedAttributesCount: f('uint32', 4) } },
    Span: {
      fields: {
        traceId: f('bytes', 1), spanId: f('bytes', 2), traceState: f('string', 3), parentSpanId: f('bytes', 4), flags: f('fixed32', 16),
        name: f('string', 5), kind: f('int32', 6), startTimeUnixNano: f('fixed64', 7), endTimeUnixNano: f('fixed64', 8),
        attributes: r('KeyValue', 9), droppedAttributesCount: f('uint32', 10), events: r('Event', 11), droppedEventsCount: f('uint32', 12),
        links: r('Link', 13), droppedLinksCount: f('uint32', 14), status: f('Status', 15),
      },
    },
    Event: { fields: { timeUnixNano: f('fixed64', 1), name: f('string', 2), attributes: r('KeyValue', 3), droppedAttributesCount: f('uint32', 4) } },
    Link: {
      fields: {
        traceId: f('bytes', 1), spanId: f('bytes', 2), traceState: f('string', 3), attributes: r('KeyValue', 4),
        droppedAttributesCount: f('uint32', 5), flags: f('fixed32', 6),
      },
    },
    Status: { fields: { message: f('string', 2), code: f('int32', 3) } },
    KeyValue: { fields: { key: f('string', 1), value: f('AnyValue', 2) } },
    AnyValue: {
      oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] } },
      fields: {
        stringValue: f('string', 1), boolValue: f('bool', 2), intValue: f('int64', 3), doubleValue: f('double', 4),
        arrayValue: f('ArrayValue', 5), kvlistValue: f('KeyValueList', 6), bytesValue: f('bytes', 7),
      },
    },
    ArrayValue: { fields: { values: r('AnyValue', 1) } },
    KeyValueList: { fields: { values: r('KeyValue', 1) } },
  },
}).lookupType('ExportTraceServiceRequest');

const ID_KEYS = new Set(['traceId', 'spanId', 'parentSpanId']);
const ANY_KEYS = new Set(['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue']);

/** Binary request -> OTLP/JSON-shaped object (hex ids, 64-bit integers as strings). */
function decode(bytes: Uint8Array): unknown {
  const obj = Request.toObject(Request.decode(bytes), { longs: String, bytes: String, arrays: true });
  const hexIds = (v: any): any => {
    if (Array.isArray(v)) return v.map(hexIds);
    if (v === null || typeof v !== 'object') return v;
    const out: any = {};
    for (const [k, x] of Object.entries(v)) out[k] = ID_KEYS.has(k) && typeof x === 'string' ? Buffer.from(x, 'base64').toString('hex') : hexIds(x);
    return out;
  };
  return hexIds(obj);
}

/**
 * Drops proto3 defaults (absent and default are the same request) and
 * normalises representation-only differences: int64 written as a JSON number
 * by OpenTelemetry JS's JSON, and the resource schema URL it also repeats
 * inside `resource` (no such field in resource.proto).
 */
function canonical(v: any): any {
  if (Array.isArray(v)) return v.map((x) => canonical(x) ?? {});
  if (v === null || typeof v !== 'object') return v;
  const out: any = {};
  for (const key of Object.keys(v).sort()) {
    let x = v[key];
    if (ANY_KEYS.has(key)) {
      out[key] = key === 'intValue' ? (typeof x === 'number' ? BigInt(x).toString() : String(x)) : canonical(x);
      continue;
    }
    if (x === undefined || x === null || x === 0 || x === '' || x === '0' || (Array.isArray(x) && x.length === 0)) continue;
    if (key === 'resource') {
      const { schemaUrl: _dropped, ...rest } = x;
      x = rest;
    }
    const c = canonical(x);
    if (c !== null && typeof c === 'object' && !Array.isArray(c) && Object.keys(c).length === 0) continue;
    out[key] = c;
  }
  return out;
}

const theirProtobuf = (spans: readonly unknown[]) => ProtobufTraceSerializer.serializeRequest(spans as never)!;
const theirJson = (spans: readonly unknown[]) => JSON.parse(Buffer.from(JsonTraceSerializer.serializeRequest(spans as never)!).toString('utf8'));

/** Spans recorded by Spool's SDK, with every feature the OTLP span carries. */
function spoolSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider(
    { resource: new Resource({ 'service.name': 'crosscheck', 'service.version': '1.0.0', 'host.cpu.count': 4 }), spanProcessors: [new SimpleSpanProcessor(exporter)] },
    {},
  );
  const tracer = provider.getTracer('crosscheck-scope', '0.9.0');
  const other = provider.getTracer('other-scope');
  const remoteParent = trace.setSpanContext(context.active(), {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: 1,
    isRemote: true,
    traceState: createTraceState('congo=t61rcWkgMzE,rojo=00f067aa0ba902b7'),
  });
  const server = tracer.startSpan('GET /cart', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200 } }, remoteParent);
  const child = tracer.startSpan(
    'SELECT cart',
    {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system.name': 'postgresql', rows: -1, ratio: 0.75, cached: false, ids: [1, 2, 3], names: ['a', 'é'] },
      links: [{ context: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 0, isRemote: true }, attributes: { reason: 'batch' } }],
    },
    trace.setSpan(context.active(), server),
  );
  child.addEvent('query.start', { 'db.query.text': 'SELECT * FROM cart WHERE id = $1' });
  child.recordException(new Error('connection reset'));
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'connection reset' });
  child.end();
  server.setStatus({ code: SpanStatusCode.OK });
  server.end();
  other.startSpan('background', { kind: SpanKind.CONSUMER }).end();
  tracer.startSpan('producer', { kind: SpanKind.PRODUCER }).end();
  const spans = exporter.getFinishedSpans();
  void provider.shutdown();
  return spans;
}

/** Spans recorded by OpenTelemetry JS's SDK: foreign to Spool's encoder. */
function otelSpans(): unknown[] {
  const exporter = new OtelInMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'otel-made' }),
    spanProcessors: [new OtelSimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('otel-scope', '2.0.0');
  const parent = tracer.startSpan('parent', { kind: OtelSpanKind.SERVER, attributes: { n: 42, d: 1.5, s: 'x', b: true } });
  const child = tracer.startSpan('child', { kind: OtelSpanKind.INTERNAL }, otelTrace.setSpan(otelContext.active(), parent));
  child.addEvent('e', { k: 'v' });
  child.end();
  parent.end();
  const spans = exporter.getFinishedSpans();
  void provider.shutdown();
  return spans;
}

describe('@spool/exporter-otlp cross-check with OpenTelemetry JS', () => {
  it('checks its decoder: OpenTelemetry JS protobuf decodes to OpenTelemetry JS JSON', () => {
    const spans = [...spoolSpans(), ...otelSpans()];
    assert.deepEqual(canonical(decode(theirProtobuf(spans))), canonical(theirJson(spans)));
  });

  it('encodes Spool SDK spans to the request OpenTelemetry JS encodes for them', () => {
    const spans = spoolSpans();
    assert.equal(spans.length, 4);
    assert.deepEqual(canonical(decode(encodeTraceRequest(spans))), canonical(decode(theirProtobuf(spans))));
  });

  it('encodes OpenTelemetry JS SDK spans (hex ids) to the request OpenTelemetry JS encodes for them', () => {
    const spans = otelSpans();
    assert.deepEqual(canonical(decode(encodeTraceRequest(spans as ReadableSpan[]))), canonical(decode(theirProtobuf(spans))));
  });

  it('encodes OTLP/JSON that matches OpenTelemetry JS JSON for the same spans', () => {
    const spans = [...spoolSpans(), ...(otelSpans() as ReadableSpan[])];
    assert.deepEqual(canonical(JSON.parse(encodeTraceRequestJson(spans))), canonical(theirJson(spans)));
  });

  it('uses no more bytes than OpenTelemetry JS for the same spans', () => {
    const spans = spoolSpans();
    assert.ok(encodeTraceRequest(spans).length <= theirProtobuf(spans).length);
  });
});
