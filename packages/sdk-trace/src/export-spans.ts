import { context, diag, ROOT_CONTEXT, suppressTracing } from '@spool/api';
import { ExportResultCode } from './export-result.js';
import type { ExportResult } from './export-result.js';
import type { ReadableSpan } from './readable-span.js';
import type { SpanExporter } from './span-exporter.js';

/** Exports run here so the exporter's own I/O (HTTP, gRPC) is not traced. */
const SUPPRESSED = suppressTracing(ROOT_CONTEXT);

/**
 * Calls `exporter.export(spans)` under a suppress-tracing context and reports the
 * outcome to `done` exactly once: the exporter's result, a FAILED result if it
 * throws, or a FAILED result with a timeout error if it has not called back within
 * `timeoutMillis` (a later callback is then ignored). The timeout timer keeps the
 * process alive only when `keepAlive` is true (someone awaits a flush); the
 * returned timer (undefined without a timeout, or once finished) can be `ref()`ed
 * later for the same reason.
 */
export function exportSpans(
  exporter: SpanExporter,
  spans: ReadableSpan[],
  timeoutMillis: number,
  keepAlive: boolean,
  done: (result: ExportResult) => void
): NodeJS.Timeout | undefined {
  let finished = false;
  let timer: NodeJS.Timeout | undefined;
  const finish = (result: ExportResult): void => {
    if (finished) return;
    finished = true;
    if (timer !== undefined) clearTimeout(timer);
    done(result !== null && typeof result === 'object' ? result : { code: ExportResultCode.FAILED });
  };
  if (timeoutMillis !== Infinity && timeoutMillis > 0) {
    timer = setTimeout(() => {
      finish({ code: ExportResultCode.FAILED, error: new Error(`export timed out after ${timeoutMillis} ms`) });
    }, timeoutMillis);
    if (!keepAlive) timer.unref();
  }
  try {
    context.with(SUPPRESSED, () => exporter.export(spans, finish));
  } catch (err) {
    diag.error('Spool: span exporter threw', err);
    finish({ code: ExportResultCode.FAILED, error: err instanceof Error ? err : new Error(String(err)) });
  }
  return finished ? undefined : timer;
}
