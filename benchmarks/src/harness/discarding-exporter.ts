/**
 * A span exporter (OpenTelemetry JS / Spool shape) that counts what it is
 * given and drops it at once, so span benchmarks measure the SDK and its
 * batch processor, not an exporter. It keeps no reference to the spans.
 */
export class DiscardingExporter {
  /** Spans handed to export() so far. */
  spans = 0;
  /** export() calls so far. */
  batches = 0;

  export(spans: readonly unknown[], resultCallback: (result: { code: 0 }) => void): void {
    this.spans += spans.length;
    this.batches++;
    resultCallback({ code: 0 });
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
}
