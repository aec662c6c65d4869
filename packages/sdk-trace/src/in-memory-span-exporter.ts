import { ExportResultCode } from './export-result.js';
import type { ExportResult } from './export-result.js';
import type { ReadableSpan } from './readable-span.js';
import type { SpanExporter } from './span-exporter.js';

/**
 * Keeps exported spans in memory, for tests. After `shutdown()` exports fail
 * (FAILED with an error) and keep nothing; `reset()` forgets the spans kept so far.
 */
export class InMemorySpanExporter implements SpanExporter {
  private _spans: ReadableSpan[] = [];
  private _stopped = false;

  /** Appends `spans` and reports SUCCESS (FAILED after shutdown). */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this._stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('InMemorySpanExporter has been shut down') });
      return;
    }
    for (let i = 0; i < spans.length; i++) this._spans.push(spans[i]!);
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  /** The spans exported so far, oldest first (the live array). */
  getFinishedSpans(): ReadableSpan[] {
    return this._spans;
  }

  /** Forgets every span kept so far. */
  reset(): void {
    this._spans = [];
  }

  /** Nothing is buffered: resolves at once. */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** Forgets the spans and fails later exports. */
  shutdown(): Promise<void> {
    this._stopped = true;
    this._spans = [];
    return Promise.resolve();
  }
}
