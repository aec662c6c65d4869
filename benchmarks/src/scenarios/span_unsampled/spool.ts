import { runMicro } from '../../harness/micro-child.js';
import { spanBenchmark } from '../../harness/span-benchmark.js';
import { spoolPipeline } from '../../sides/spool-pipeline.js';

const pipeline = spoolPipeline({ sampled: false });
const tracer = pipeline.tracer;

runMicro(spanBenchmark({
  impl: 'spool', pipeline, sampled: false, spansPerOp: 1,
  op() {
    tracer.startSpan('op').end();
  },
}));
