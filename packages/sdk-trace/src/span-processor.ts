import type { Context, Span } from '@spool/api';
import type { ReadableSpan } from './readable-span.js';

/**
 * Hooks called when spans start and end (OpenTelemetry JS shape). `onStart` and
 * `onEnd` run synchronously on the application's call path, so they must be cheap
 * and must not throw (Spool catches and reports a throw through `diag`). `onEnd`
 * is called for every recording span, sampled or not; exporting processors export
 * only sampled ones.
 */
export interface SpanProcessor {
  /** Called when a recording span starts, with the context it was started in. */
  onStart(span: Span & ReadableSpan, parentContext: Context): void;
  /** Called once when a recording span ends. */
  onEnd(span: ReadableSpan): void;
  /** Exports everything pending; resolves when done. */
  forceFlush(): Promise<void>;
  /** Flushes, then releases resources; later spans are ignored. */
  shutdown(): Promise<void>;
}
