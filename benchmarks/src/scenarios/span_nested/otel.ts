import type { Span } from '@opentelemetry/api';
import { runMicro } from '../../harness/micro-child.js';
import { spanBenchmark } from '../../harness/span-benchmark.js';
import { otelPipeline } from '../../sides/otel-pipeline.js';

const pipeline = otelPipeline({ sampled: true });
const tracer = pipeline.tracer;

// Named functions, made once, as an instrumented server's handlers would be.
const level3 = (span: Span): void => { span.end(); };
const level2 = (span: Span): void => { tracer.startActiveSpan('level3', level3); span.end(); };
const level1 = (span: Span): void => { tracer.startActiveSpan('level2', level2); span.end(); };
const parent = (span: Span): void => { tracer.startActiveSpan('level1', level1); span.end(); };

runMicro(spanBenchmark({
  impl: 'otel', pipeline, sampled: true, spansPerOp: 4,
  op() {
    tracer.startActiveSpan('parent', parent);
  },
}));
