import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@spool/api';
import { encodeTraceRequest, TraceRequestEncoder } from '@spool/exporter-otlp';
import { AlwaysOnSampler } from '@spool/samplers';
import { InMemorySpanExporter, Resource, SimpleSpanProcessor, TracerProvider } from '@spool/sdk-trace';
import { expect, readChildConfig } from '../../harness/child-report.js';
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
// What the bar is judged on: the encode step of Spool's OTLP exporter, a
// public API (`TraceRequestEncoder#encode`, a view valid until the next call),
// against the encode step of OpenTelemetry JS's OTLP exporters
// (`ProtobufTraceSerializer.serializeRequest`). `encodeTraceRequest`, which
// returns a copy the caller owns, is measured too and reported as
// `plainSpansPerSec` (see README.md).
const encoder = new TraceRequestEncoder();
const encode = (): Uint8Array => encoder.encode(spans);
const encodePlain = (): Uint8Array => encodeTraceRequest(spans);

const SLICES = 10;
const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Spans per second of `encodeTraceRequest`, timed after the main loop in this
 * child the way runMicro times its operation: ten slices of the configured
 * duration in all, two calls per turn of the event loop, the median slice.
 */
async function measurePlain(): Promise<number> {
  const { warmupMs, durationMs } = readChildConfig();
  const sliceNs = BigInt(Math.round((durationMs / SLICES) * 1e6));
  const loop = async (ns: bigint): Promise<number> => {
    const start = process.hrtime.bigint();
    let ops = 0;
    let now = start;
    do {
      bytes = encodePlain().length;
      bytes = encodePlain().length;
      ops += 2;
      await yieldTurn();
      now = process.hrtime.bigint();
    } while (now - start < ns);
    return (ops * 1e9) / Number(now - start);
  };
  await loop(BigInt(Math.round(warmupMs * 1e6)));
  const rates: number[] = [];
  for (let i = 0; i < SLICES; i++) rates.push(await loop(sliceNs));
  rates.sort((x, y) => x - y);
  return ((rates[(SLICES >> 1) - 1]! + rates[SLICES >> 1]!) / 2) * BATCH_SPANS;
}

let plainSpansPerSec = 0;

runMicro({
  impl: 'spool',
  batch: 2,
  op() {
    bytes = encode().length;
  },
  check() {
    // The fast path (ids read from the pooled bytes) is what is being measured.
    expect(spans.every((s) => (s as { idBytes?: unknown }).idBytes !== undefined), 'Spool spans carry idBytes (the encoder fast path)');
    const plain = encodePlain();
    const reused = encode();
    expect(Buffer.compare(plain, reused) === 0, 'encodeTraceRequest and TraceRequestEncoder#encode give the same bytes');
    checkEncoding(plain, spans);
    return checkEncoding(reused, spans);
  },
  extraMetrics: (opsPerSec) => ({ spansPerSec: opsPerSec * BATCH_SPANS, bytesPerSpan: bytes / BATCH_SPANS, plainSpansPerSec }),
  async finish() {
    plainSpansPerSec = await measurePlain();
    return { spans: spans.length, requestBytes: bytes, plainSpansPerSec: Math.round(plainSpansPerSec) };
  },
});
