import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { runMicro } from '../../harness/micro-child.js';
import { spanBenchmark } from '../../harness/span-benchmark.js';
import { otelPipeline } from '../../sides/otel-pipeline.js';
import { CACHE_EVENT, DB_EVENT, ITEMS, START_ATTRIBUTES, USER_AGENT } from './workload.js';

const pipeline = otelPipeline({ sampled: true });
const tracer = pipeline.tracer;

runMicro(spanBenchmark({
  impl: 'otel', pipeline, sampled: true, spansPerOp: 1,
  // Keep in step with spool.ts: same calls, same values.
  op() {
    const span = tracer.startSpan('GET /api/orders/:id', { kind: SpanKind.SERVER, attributes: START_ATTRIBUTES });
    span.setAttribute('http.response.status_code', 200);
    span.setAttribute('server.port', 443);
    span.setAttribute('user_agent.original', USER_AGENT);
    span.setAttribute('app.cache.hit', false);
    span.setAttribute('app.order.total', 129.95);
    span.setAttribute('app.order.items', ITEMS);
    span.addEvent('cache.miss', CACHE_EVENT);
    span.addEvent('db.query.done', DB_EVENT);
    span.setStatus({ code: SpanStatusCode.OK });
    span.end();
  },
}));
