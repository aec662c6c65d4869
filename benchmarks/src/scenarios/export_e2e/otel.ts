import { DiagLogLevel, SpanKind, SpanStatusCode, context, diag } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler } from '@opentelemetry/sdk-trace-base';
import { readChildConfig } from '../../harness/child-report.js';
import { runE2e, type E2eConfig } from '../../harness/e2e-child.js';
import { E2E_RESOURCE, ROUTES } from './workload.js';

const config = readChildConfig() as unknown as E2eConfig;

// OpenTelemetry JS has no drop counter to read; what it reports is its
// "Dropped N spans because maxQueueSize reached" warning, so we add those up.
let warnedDrops = 0;
const logDrops = (message: string): void => {
  const m = /Dropped (\d+) spans/.exec(message);
  if (m) warnedDrops += Number(m[1]);
};
diag.setLogger({ error: () => {}, warn: logDrops, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${config.port}` });
// Defaults on both sides: queue 2048, batch 512, 5 s delay, 30 s timeout.
const provider = new BasicTracerProvider({
  sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
  resource: resourceFromAttributes(E2E_RESOURCE),
  spanProcessors: [new BatchSpanProcessor(exporter)],
});
const tracer = provider.getTracer('bench-e2e', '1.0.0');

runE2e({
  impl: 'otel',
  makeSpan(i) {
    const route = ROUTES[i & 7]!;
    const span = tracer.startSpan(route.name, { kind: SpanKind.SERVER, attributes: route.attributes });
    span.setAttribute('http.response.status_code', 200);
    span.setStatus({ code: SpanStatusCode.OK });
    span.end();
  },
  flush: () => provider.forceFlush(),
  reportedDrops: () => ({ dropped: warnedDrops, failed: 0, exported: 0 }),
  shutdown: () => provider.shutdown(),
});
