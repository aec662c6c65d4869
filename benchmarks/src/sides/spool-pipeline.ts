import { context, trace, type Tracer } from '@spool/api';
import { AsyncLocalStorageContextManager } from '@spool/context-async';
import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler } from '@spool/samplers';
import { BatchSpanProcessor, TracerProvider } from '@spool/sdk-trace';
import { DiscardingExporter } from '../harness/discarding-exporter.js';
import type { SpanCounts } from '../harness/span-counts.js';

/** The Spool side of the span scenarios. */
export interface SpoolPipeline {
  readonly tracer: Tracer;
  readonly provider: TracerProvider;
  readonly processor: BatchSpanProcessor;
  readonly exporter: DiscardingExporter;
  /** Flushes the batch processor and counts; `created` is what the benchmark started. */
  counts(created: number): Promise<SpanCounts>;
}

/**
 * The same configuration as otel-pipeline.ts: ParentBased(root = AlwaysOn,
 * or AlwaysOff for `sampled: false`), one BatchSpanProcessor at its
 * defaults in front of a discarding exporter, an AsyncLocalStorage context
 * manager registered globally.
 */
export function spoolPipeline(options: { sampled: boolean }): SpoolPipeline {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const exporter = new DiscardingExporter();
  const processor = new BatchSpanProcessor(exporter);
  const root = options.sampled ? new AlwaysOnSampler() : new AlwaysOffSampler();
  const provider = new TracerProvider({
    sampler: new ParentBasedSampler({ root }),
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer('bench', '1.0.0');
  return {
    tracer,
    provider,
    processor,
    exporter,
    async counts(created) {
      await provider.forceFlush();
      const stats = processor.getStats();
      return {
        spansCreated: created,
        spansExported: exporter.spans,
        spansDropped: stats.dropped + stats.failed,
        dropsReportedBySdk: 1,
        sdkExported: stats.exported,
        sdkQueued: stats.queued,
      };
    },
  };
}

/** Re-exported so scenario modules import the API from one place per side. */
export { context, trace };
