import type { Span } from '@spool/api';
import { runMicro } from '../../harness/micro-child.js';
import { spanBenchmark } from '../../harness/span-benchmark.js';
import { spoolPipeline } from '../../sides/spool-pipeline.js';

const pipeline = spoolPipeline({ sampled: true });
const tracer = pipeline.tracer;

// Named functions, made once, as an instrumented server's handlers would be.
const level3 = (span: Span): void => { span.end(); };
const level2 = (span: Span): void => { tracer.startActiveSpan('level3', level3); span.end(); };
const level1 = (span: Span): void => { tracer.startActiveSpan('level2', level2); span.end(); };
const parent = (span: Span): void => { tracer.startActiveSpan('level1', level1); span.end(); };

runMicro(spanBenchmark({
  impl: 'spool', pipeline, sampled: true, spansPerOp: 4,
  op() {
    tracer.startActiveSpan('parent', parent);
  },
}));
