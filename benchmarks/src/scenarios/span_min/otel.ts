import { runMicro } from '../../harness/micro-child.js';
import { spanBenchmark } from '../../harness/span-benchmark.js';
import { otelPipeline } from '../../sides/otel-pipeline.js';

const pipeline = otelPipeline({ sampled: true });
const tracer = pipeline.tracer;

runMicro(spanBenchmark({
  impl: 'otel', pipeline, sampled: true, spansPerOp: 1,
  op() {
    tracer.startSpan('op').end();
  },
}));
