import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@spool/api';
import { encodeTraceRequest } from '@spool/exporter-otlp';
import { AlwaysOnSampler } from '@spool/samplers';
import { InMemorySpanExporter, Resource, SimpleSpanProcessor, TracerProvider } from '@spool/sdk-trace';
import { expect } from '../../harness/child-report.js';
import { runMicro } from '../../harness/micro-child.js';
import { checkEncoding } from '../../harness/encoding-check.js';
import { BATCH_SPANS, ENCODE_RESOURCE, makeRealisticSpans, type Kind } from './workload.js';

const KINDS: Record<Kind, SpanKind> = { server: SpanKind.SERVER, client: SpanKind.CLIENT, internal: SpanKind.INTERNAL, producer: SpanKind.PRODUCER };

const memory = new InMemorySpanExporter();
const provider = new TracerProvider({
  sampler: new AlwaysOnSampler(),
  resource: new Resource(ENCODE_RESOURCE),
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
const encode = (): Uint8Array => encodeTraceRequest(spans);

runMicro({
  impl: 'spool',
  batch: 2,
  op() {
    bytes = encode().length;
  },
  check() {
    // The fast path (ids read from the pooled bytes) is what is being measured.
    expect(spans.every((s) => (s as { idBytes?: unknown }).idBytes !== undefined), 'Spool spans carry idBytes (the encoder fast path)');
    return checkEncoding(encode(), spans);
  },
  extraMetrics: (opsPerSec) => ({ spansPerSec: opsPerSec * BATCH_SPANS, bytesPerSpan: bytes / BATCH_SPANS }),
  finish: () => ({ spans: spans.length, requestBytes: bytes }),
});
