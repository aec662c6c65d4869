import { SpanKind, SpanStatusCode, context } from '@spool/api';
import { AsyncLocalStorageContextManager } from '@spool/context-async';
import { OTLPTraceExporter } from '@spool/exporter-otlp';
import { AlwaysOnSampler, ParentBasedSampler } from '@spool/samplers';
import { BatchSpanProcessor, Resource, TracerProvider } from '@spool/sdk-trace';
import { readChildConfig } from '../../harness/child-report.js';
import { runE2e, type E2eConfig } from '../../harness/e2e-child.js';
import { E2E_RESOURCE, ROUTES } from './workload.js';

const config = readChildConfig() as unknown as E2eConfig;

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${config.port}`, protocol: 'grpc' });
// Defaults on both sides: queue 2048, batch 512, 5 s delay, 30 s timeout.
const processor = new BatchSpanProcessor(exporter);
const provider = new TracerProvider({
  sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
  resource: new Resource(E2E_RESOURCE),
  spanProcessors: [processor],
});
const tracer = provider.getTracer('bench-e2e', '1.0.0');

runE2e({
  impl: 'spool',
  makeSpan(i) {
    const route = ROUTES[i & 7]!;
    const span = tracer.startSpan(route.name, { kind: SpanKind.SERVER, attributes: route.attributes });
    span.setAttribute('http.response.status_code', 200);
    span.setStatus({ code: SpanStatusCode.OK });
    span.end();
  },
  flush: () => provider.forceFlush(),
  reportedDrops: () => {
    const s = processor.getStats();
    return { dropped: s.dropped, failed: s.failed, exported: s.exported };
  },
  shutdown: () => provider.shutdown(),
});
