import { expect } from './child-report.js';
import type { MicroBenchmark } from './micro-child.js';
import { verifySpanCounts, type SpanCounts } from './span-counts.js';

/** What the check needs of a tracer; both SDKs' tracers have this shape. */
export interface ProbeTracer {
  startSpan(name: string): {
    isRecording(): boolean;
    spanContext(): { traceId: string; spanId: string; traceFlags: number };
    end(): void;
  };
}

/** A side's span pipeline as {@link spanBenchmark} needs it. */
export interface SpanPipelineLike {
  readonly tracer: ProbeTracer;
  counts(created: number): Promise<SpanCounts>;
}

const INVALID_TRACE_ID = '0'.repeat(32);

/**
 * Wraps a span operation into a micro-benchmark with the span check: a probe
 * span from the same tracer is recording and sampled (or, unsampled, not
 * recording but with a real trace id, so it is the SDK's answer and not an
 * API no-op), and after a flush every created span reached the discarding
 * exporter or was counted as dropped.
 */
export function spanBenchmark(options: {
  impl: string;
  pipeline: SpanPipelineLike;
  sampled: boolean;
  /** Spans one op creates (span_nested: 4). */
  spansPerOp: number;
  op: () => void;
}): MicroBenchmark {
  const { pipeline, sampled, spansPerOp } = options;
  let probes = 0;
  return {
    impl: options.impl,
    op: options.op,
    // About 512 spans between yields: a quarter of the default queue (2048),
    // so neither batch processor drops spans for want of a turn of the loop.
    batch: Math.max(1, Math.floor(512 / spansPerOp)),
    async check(opsSoFar) {
      const probe = pipeline.tracer.startSpan('probe');
      probes++;
      const sc = probe.spanContext();
      expect(probe.isRecording() === sampled, `the probe span is ${sampled ? '' : 'not '}recording`);
      expect(((sc.traceFlags & 1) === 1) === sampled, `the probe span is ${sampled ? '' : 'not '}sampled`);
      expect(/^[0-9a-f]{32}$/.test(sc.traceId) && sc.traceId !== INVALID_TRACE_ID, `the probe has a real trace id (${sc.traceId})`);
      probe.end();
      const counts = verifySpanCounts(await pipeline.counts(opsSoFar * spansPerOp + probes), sampled);
      return { ...counts, probeTraceId: sc.traceId };
    },
    async finish(totalOps) {
      return verifySpanCounts(await pipeline.counts(totalOps * spansPerOp + probes), sampled);
    },
  };
}
