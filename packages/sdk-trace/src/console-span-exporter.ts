import { ExportResultCode } from './export-result.js';
import type { ExportResult } from './export-result.js';
import type { ReadableSpan } from './readable-span.js';
import type { SpanExporter } from './span-exporter.js';

/**
 * Prints each span to the console (`console.dir`, depth 3), for development: the
 * fields a person needs to read a trace (trace/span/parent ids, name, kind,
 * timestamp and duration in microseconds, attributes, status, events, links,
 * resource attributes, scope). Never fails unless the console throws.
 */
export class ConsoleSpanExporter implements SpanExporter {
  /** Prints `spans` and reports SUCCESS (FAILED if printing threw). */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    try {
      for (const span of spans) console.dir(toPrintable(span), { depth: 3 });
    } catch (err) {
      resultCallback({ code: ExportResultCode.FAILED, error: err instanceof Error ? err : new Error(String(err)) });
      return;
    }
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  /** Nothing is buffered. */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** Nothing to release. */
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function toPrintable(span: ReadableSpan): Record<string, unknown> {
  const sc = span.spanContext();
  return {
    resource: { attributes: span.resource.attributes },
    instrumentationScope: span.instrumentationScope,
    traceId: sc.traceId,
    parentSpanContext: span.parentSpanContext,
    traceState: sc.traceState?.serialize(),
    name: span.name,
    id: sc.spanId,
    kind: span.kind,
    timestamp: span.startTime[0] * 1e6 + Math.round(span.startTime[1] / 1e3),
    duration: span.duration[0] * 1e6 + Math.round(span.duration[1] / 1e3),
    attributes: span.attributes,
    status: span.status,
    events: span.events,
    links: span.links,
  };
}
