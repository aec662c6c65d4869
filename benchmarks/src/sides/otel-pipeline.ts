import { context, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AlwaysOffSampler, AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { DiscardingExporter } from '../harness/discarding-exporter.js';
import type { SpanCounts } from '../harness/span-counts.js';

/** The OpenTelemetry JS side of the span scenarios. */
export interface OtelPipeline {
  readonly tracer: Tracer;
  readonly provider: BasicTracerProvider;
  readonly exporter: DiscardingExporter;
  /** Flushes the batch processor and counts; `created` is what the benchmark started. */
  counts(created: number): Promise<SpanCounts>;
}

/**
 * The configuration both sides share: ParentBased(root = AlwaysOn, or
 * AlwaysOff for `sampled: false`), one BatchSpanProcessor at its defaults
 * (queue 2048, batch 512, 5 s delay) in front of a discarding exporter, and
 * an AsyncLocalStorage context manager registered globally.
 */
export function otelPipeline(options: { sampled: boolean }): OtelPipeline {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const exporter = new DiscardingExporter();
  const root = options.sampled ? new AlwaysOnSampler() : new AlwaysOffSampler();
  const provider = new BasicTracerProvider({
    sampler: new ParentBasedSampler({ root }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('bench', '1.0.0');
  return {
    tracer,
    provider,
    exporter,
    async counts(created) {
      await provider.forceFlush();
      // OpenTelemetry JS keeps no lasting drop counter (it resets when it warns), so drops are what never arrived.
      const exported = exporter.spans;
      return { spansCreated: created, spansExported: exported, spansDropped: options.sampled ? created - exported : 0, dropsReportedBySdk: 0 };
    },
  };
}

/** Re-exported so scenario modules import the API from one place per side. */
export { context, trace };
