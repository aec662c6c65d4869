import type { ExportResult } from './export-result.js';
import type { ReadableSpan } from './readable-span.js';

/**
 * Sends finished spans somewhere (OpenTelemetry JS shape, so OpenTelemetry JS
 * exporters plug in unchanged). `export` must call `resultCallback` exactly once;
 * Spool's processors guard against an exporter that throws, never calls back, or
 * calls back twice (the extra calls are ignored).
 */
export interface SpanExporter {
  /** Exports a batch; reports the outcome through `resultCallback`. */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void;
  /** Flushes and releases resources; later exports fail. */
  shutdown(): Promise<void>;
  /** Sends anything the exporter buffers itself. */
  forceFlush?(): Promise<void>;
}
