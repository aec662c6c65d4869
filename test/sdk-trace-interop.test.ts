// Interop: OpenTelemetry JS consumers accept spans recorded by @spool/sdk-trace.
// Spool spans go through @opentelemetry/sdk-trace-base's SimpleSpanProcessor into its
// InMemorySpanExporter, and through @opentelemetry/otlp-transformer's protobuf and
// JSON serializers; the output is decoded and checked field by field.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import protobuf from 'protobufjs';
import { createTraceState, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags } from '@spool/api';
import type { Span } from '@spool/api';
import { InMemorySpanExporter as SpoolInMemoryExporter, Resource, SimpleSpanProcessor as SpoolSimpleProcessor, TracerProvider } from '@spool/sdk-trace';
import type { ReadableSpan as SpoolReadableSpan } from '@spool/sdk-trace';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan as OtelReadableSpan } from '@opentelemetry/sdk-trace-base';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';

// The OTLP trace request schema (opentelemetry-proto, trace/v1 and common/v1), the
// fields this test reads.
const OTLP_PROTO = `
syntax = "proto3";
package otlp;
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; fixed32 flags = 16;
  string name = 5; int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; uint32 dropped_attributes_count = 10;
  repeated Event events = 11; uint32 dropped_events_count = 12;
  repeated Link links = 13; uint32 dropped_links_count = 14; Status status = 15;
  message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
  message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; uint32 dropped_attributes_count = 5; fixed32 flags = 6; }
}
message Status { string message = 2; int32 code = 3; }
message KeyValue { string key = 1; AnyValue value = 2; }
message AnyValue {
  oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
`;

const REMOTE_LINK = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
  traceState: createTraceState('vendor=abc'),
};

/** Records a small trace with Spool: a SERVER root with everything set and an INTERNAL child. */
function recordTrace(): SpoolReadableSpan[] {
  const exporter = new SpoolInMemoryExporter();
  const provider = new TracerProvider(
    { resource: new Resource({ 'service.name': 'interop-svc' }), spanProcessors: [new SpoolSimpleProcessor(exporter)] },
    {}
  );
  const tracer = provider.getTracer('interop-lib', '1.2.3', { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' });
  const root = tracer.startSpan('GET /users/:id', {
    kind: SpanKind.SERVER,
    startTime: [1_700_000_000, 123_456_789],
    attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200, ratio: 0.5, ok: true, tags: ['a', 'b'] },
    links: [{ context: REMOTE_LINK, attributes: { 'link.kind': 'follows' } }],
  });
  root.addEvent('cache.miss', { key: 'user:1' }, [1_700_000_000, 223_456_789]);
  root.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream failed' });
  const child = tracer.startSpan('db.query', { startTime: [1_700_000_000, 200_000_000] }, trace.setSpan(ROOT_CONTEXT, root));
  child.end([1_700_000_000, 300_000_000]);
  root.end([1_700_000_001, 23_456_789]);
  return exporter.getFinishedSpans().slice();
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function attr(kvs: { key: string; value: Record<string, unknown> }[], key: string): unknown {
  const kv = kvs.find((k) => k.key === key);
  if (kv === undefined) return undefined;
  const v = kv.value;
  if ('arrayValue' in v) return (v['arrayValue'] as { values: Record<string, unknown>[] }).values.map((x) => Object.values(x)[0]);
  if ('intValue' in v) return Number(v['intValue']); // int64 decoded as a string (longs: String)
  return Object.values(v)[0];
}

describe('Spool spans in OpenTelemetry JS consumers', () => {
  it('are accepted by sdk-trace-base SimpleSpanProcessor and InMemorySpanExporter', async () => {
    const otelExporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor(otelExporter)] }, {});
    const tracer = provider.getTracer('interop');
    const parent: Span = tracer.startSpan('parent', { attributes: { a: 1 } });
    const child = tracer.startSpan('child', { kind: SpanKind.CLIENT }, trace.setSpan(ROOT_CONTEXT, parent));
    child.addEvent('e', { k: 'v' });
    child.end();
    parent.end();
    await provider.forceFlush();
    const spans: OtelReadableSpan[] = otelExporter.getFinishedSpans();
    assert.deepEqual(
      spans.map((s) => s.name),
      ['child', 'parent']
    );
    const [c, p] = spans;
    assert.equal(c!.kind, SpanKind.CLIENT);
    assert.equal(c!.parentSpanContext?.spanId, p!.spanContext().spanId);
    assert.equal(c!.spanContext().traceId, p!.spanContext().traceId);
    assert.deepEqual(p!.attributes, { a: 1 });
    assert.equal(c!.events[0]!.name, 'e');
    assert.equal(c!.ended, true);
    assert.equal(p!.resource.attributes['telemetry.sdk.name'], 'spool');
    assert.equal(p!.instrumentationScope.name, 'interop');
    await provider.shutdown();
  });

  it('serialize with otlp-transformer ProtobufTraceSerializer to a request that decodes with the right fields', () => {
    const spans = recordTrace();
    const otelSpans: OtelReadableSpan[] = spans;
    const bytes = ProtobufTraceSerializer.serializeRequest(otelSpans);
    assert.ok(bytes instanceof Uint8Array && bytes.length > 0);
    const Request = protobuf.parse(OTLP_PROTO).root.lookupType('otlp.ExportTraceServiceRequest');
    const decoded = Request.toObject(Request.decode(bytes), { longs: String, defaults: true }) as {
      resourceSpans: {
        resource: { attributes: { key: string; value: Record<string, unknown> }[] };
        scopeSpans: {
          scope: { name: string; version: string };
          schemaUrl: string;
          spans: Record<string, unknown>[];
        }[];
      }[];
    };
    assert.equal(decoded.resourceSpans.length, 1);
    const rs = decoded.resourceSpans[0]!;
    assert.equal(attr(rs.resource.attributes, 'service.name'), 'interop-svc');
    assert.equal(attr(rs.resource.attributes, 'telemetry.sdk.name'), 'spool');
    const ss = rs.scopeSpans[0]!;
    assert.equal(ss.scope.name, 'interop-lib');
    assert.equal(ss.scope.version, '1.2.3');
    assert.equal(ss.schemaUrl, 'https://opentelemetry.io/schemas/1.26.0');
    const [childOut, rootOut] = ss.spans as Record<string, any>[];
    const [childIn, rootIn] = spans;

    assert.equal(hex(rootOut!['traceId']), rootIn!.spanContext().traceId);
    assert.equal(hex(rootOut!['spanId']), rootIn!.spanContext().spanId);
    assert.equal(rootOut!['parentSpanId'].length, 0);
    assert.equal(rootOut!['name'], 'GET /users/:id');
    assert.equal(rootOut!['kind'], 2, 'SPAN_KIND_SERVER (API kind + 1)');
    assert.equal(rootOut!['startTimeUnixNano'], '1700000000123456789');
    assert.equal(rootOut!['endTimeUnixNano'], '1700000001023456789');
    assert.equal(rootOut!['flags'], 0x100 | TraceFlags.SAMPLED | TraceFlags.RANDOM);
    assert.equal(attr(rootOut!['attributes'], 'http.request.method'), 'GET');
    assert.equal(attr(rootOut!['attributes'], 'http.response.status_code'), 200);
    assert.equal(attr(rootOut!['attributes'], 'ratio'), 0.5);
    assert.equal(attr(rootOut!['attributes'], 'ok'), true);
    assert.deepEqual(attr(rootOut!['attributes'], 'tags'), ['a', 'b']);
    assert.deepEqual(rootOut!['status'], { code: SpanStatusCode.ERROR, message: 'upstream failed' });
    assert.equal(rootOut!['events'][0].name, 'cache.miss');
    assert.equal(rootOut!['events'][0].timeUnixNano, '1700000000223456789');
    assert.equal(attr(rootOut!['events'][0].attributes, 'key'), 'user:1');
    const link = rootOut!['links'][0];
    assert.equal(hex(link.traceId), REMOTE_LINK.traceId);
    assert.equal(hex(link.spanId), REMOTE_LINK.spanId);
    assert.equal(link.traceState, 'vendor=abc');
    assert.equal(attr(link.attributes, 'link.kind'), 'follows');

    assert.equal(hex(childOut!['traceId']), rootIn!.spanContext().traceId);
    assert.equal(hex(childOut!['parentSpanId']), rootIn!.spanContext().spanId);
    assert.equal(hex(childOut!['spanId']), childIn!.spanContext().spanId);
    assert.equal(childOut!['kind'], 1, 'SPAN_KIND_INTERNAL');
    assert.equal(childOut!['startTimeUnixNano'], '1700000000200000000');
    assert.equal(childOut!['endTimeUnixNano'], '1700000000300000000');
  });

  it('serialize with otlp-transformer JsonTraceSerializer to OTLP/JSON with the right fields', () => {
    const spans = recordTrace();
    const otelSpans: OtelReadableSpan[] = spans;
    const json = JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(otelSpans)));
    const scopeSpans = json.resourceSpans[0].scopeSpans[0];
    const root = scopeSpans.spans.find((s: { name: string }) => s.name === 'GET /users/:id');
    const child = scopeSpans.spans.find((s: { name: string }) => s.name === 'db.query');
    assert.equal(root.traceId, spans[1]!.spanContext().traceId);
    assert.equal(root.spanId, spans[1]!.spanContext().spanId);
    assert.equal(child.parentSpanId, spans[1]!.spanContext().spanId);
    assert.equal(root.startTimeUnixNano, '1700000000123456789');
    assert.equal(root.endTimeUnixNano, '1700000001023456789');
    assert.equal(root.kind, 2);
    assert.deepEqual(root.status, { code: 2, message: 'upstream failed' });
    assert.deepEqual(
      root.attributes.find((a: { key: string }) => a.key === 'http.request.method'),
      { key: 'http.request.method', value: { stringValue: 'GET' } }
    );
    assert.equal(root.links[0].traceId, REMOTE_LINK.traceId);
    assert.equal(root.events[0].name, 'cache.miss');
    assert.equal(scopeSpans.scope.name, 'interop-lib');
    const service = json.resourceSpans[0].resource.attributes.find((a: { key: string }) => a.key === 'service.name');
    assert.deepEqual(service.value, { stringValue: 'interop-svc' });
  });
});
