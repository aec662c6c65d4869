import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { runMicro } from '../../harness/micro-child.js';
import { checkEncoding } from '../../harness/encoding-check.js';
import { BATCH_SPANS, ENCODE_RESOURCE, makeRealisticSpans, type Kind } from './workload.js';

const KINDS: Record<Kind, SpanKind> = { server: SpanKind.SERVER, client: SpanKind.CLIENT, internal: SpanKind.INTERNAL, producer: SpanKind.PRODUCER };

const memory = new InMemorySpanExporter();
const provider = new BasicTracerProvider({
  sampler: new AlwaysOnSampler(),
  resource: resourceFromAttributes(ENCODE_RESOURCE),
  spanProcessors: [new SimpleSpanProcessor(memory)],
});
const tracer = provider.getTracer('checkout-instrumentation', '0.3.1');
makeRealisticSpans<Span>({
  start: (name, kind, attributes, parent) =>
    tracer.startSpan(name, { kind: KINDS[kind], attributes }, parent === undefined ? ROOT_CONTEXT : trace.setSpan(ROOT_CONTEXT, parent)),
  event: (span, name, attributes) => { span.addEvent(name, attributes); },
  status: (span, ok, message) => { span.setStatus(ok ? { code: SpanStatusCode.OK } : { code: SpanStatusCode.ERROR, message: message ?? '' }); },
  end: (span) => { span.end(); },
});
const spans = memory.getFinishedSpans();

let bytes = 0;
const encode = (): Uint8Array => ProtobufTraceSerializer.serializeRequest(spans) ?? new Uint8Array(0);

runMicro({
  impl: 'otel',
  batch: 2,
  op() {
    bytes = encode().length;
  },
  check: () => checkEncoding(encode(), spans),
  // Its OTLP exporters encode with this same call, so its exporter figure and
  // its plain figure are one number (Spool's side reports the two apart).
  extraMetrics: (opsPerSec) => ({ spansPerSec: opsPerSec * BATCH_SPANS, bytesPerSpan: bytes / BATCH_SPANS, plainSpansPerSec: opsPerSec * BATCH_SPANS }),
  finish: () => ({ spans: spans.length, requestBytes: bytes }),
});
