import { diag } from '@spool/api';
import { exportSpans } from './export-spans.js';
import { ExportResultCode } from './export-result.js';
import type { ExportResult } from './export-result.js';
import { checkIntOption, InvalidOptionError } from './invalid-option-error.js';
import type { ReadableSpan } from './readable-span.js';
import { isSampledSpan } from './recording-span.js';
import type { SpanExporter } from './span-exporter.js';
import type { SpanProcessor } from './span-processor.js';

/** Options of {@link SimpleSpanProcessor}. */
export interface SimpleSpanProcessorOptions {
  /** An export not finished after this fails; 0 or Infinity: no timeout. Default 30000 ms. */
  exportTimeoutMillis?: number;
  /** Spans that may wait while an export is in flight; more are dropped and counted. Default 2048. */
  maxPendingSpans?: number;
}

/**
 * Exports each sampled span as soon as it ends (trace SDK spec, "Simple
 * processor"), for tests and development. Exports never overlap: spans that end
 * while one is in flight wait and go together in the next export (at most
 * `maxPendingSpans`; beyond that they are dropped, counted and reported once per
 * episode). `forceFlush` waits for the exports in flight and pending. Exports run
 * under a suppress-tracing context; an exporter that throws or fails never breaks
 * the application.
 */
export class SimpleSpanProcessor implements SpanProcessor {
  private readonly _exporter: SpanExporter;
  private readonly _timeout: number;
  private readonly _maxPending: number;
  private _pending: ReadableSpan[];
  private _exporting: boolean;
  private _timer: NodeJS.Timeout | undefined;
  private _idleWaiters: (() => void)[];
  private _dropped: number;
  private _warnedDrop: boolean;
  private _shutdownPromise: Promise<void> | undefined;

  /** @param exporter receives each span; an invalid exporter throws `InvalidOptionError`. */
  constructor(exporter: SpanExporter, options: SimpleSpanProcessorOptions = {}) {
    if (exporter === null || typeof exporter !== 'object' || typeof exporter.export !== 'function') {
      throw new InvalidOptionError('exporter', exporter, 'a SpanExporter');
    }
    this._exporter = exporter;
    this._timeout = checkIntOption('exportTimeoutMillis', options?.exportTimeoutMillis, 0, true) ?? 30000;
    this._maxPending = checkIntOption('maxPendingSpans', options?.maxPendingSpans, 1) ?? 2048;
    this._pending = [];
    this._exporting = false;
    this._timer = undefined;
    this._idleWaiters = [];
    this._dropped = 0;
    this._warnedDrop = false;
    this._shutdownPromise = undefined;
  }

  /** Does nothing. */
  onStart(): void {}

  /** Exports the span if it is sampled (queued behind an export in flight). Ignored after shutdown. */
  onEnd(span: ReadableSpan): void {
    if (this._shutdownPromise !== undefined || !isSampledSpan(span)) return;
    if (!this._exporting) {
      this._export([span]);
      return;
    }
    if (this._pending.length >= this._maxPending) {
      this._dropped++;
      if (!this._warnedDrop) {
        this._warnedDrop = true;
        diag.warn(
          `Spool: SimpleSpanProcessor: dropping spans, ${this._maxPending} are already waiting for a slow exporter`
        );
      }
      return;
    }
    this._pending.push(span);
  }

  /** Resolves when no export is in flight or pending, after the exporter's own forceFlush. Never rejects. */
  async forceFlush(): Promise<void> {
    if (this._exporting) {
      this._timer?.ref(); // let the export timeout fire while we wait
      await new Promise<void>((resolve) => this._idleWaiters.push(resolve));
    }
    try {
      if (typeof this._exporter.forceFlush === 'function') await this._exporter.forceFlush();
    } catch (err) {
      diag.error('Spool: SimpleSpanProcessor: exporter forceFlush failed', err);
    }
  }

  /** Waits for pending exports, then shuts the exporter down. Idempotent; never rejects. */
  shutdown(): Promise<void> {
    if (this._shutdownPromise === undefined) {
      this._shutdownPromise = (async () => {
        await this.forceFlush();
        if (this._dropped > 0) diag.warn(`Spool: SimpleSpanProcessor dropped ${this._dropped} span(s) in total`);
        try {
          await this._exporter.shutdown();
        } catch (err) {
          diag.error('Spool: SimpleSpanProcessor: exporter shutdown failed', err);
        }
      })();
    }
    return this._shutdownPromise;
  }

  private _export(spans: ReadableSpan[]): void {
    this._exporting = true;
    const timer = exportSpans(this._exporter, spans, this._timeout, this._idleWaiters.length > 0, (result: ExportResult) => {
      this._timer = undefined;
      if (result.code !== ExportResultCode.SUCCESS) {
        diag.warn(`Spool: SimpleSpanProcessor: export of ${spans.length} span(s) failed`, result.error);
      }
      if (this._pending.length > 0) {
        const next = this._pending;
        this._pending = [];
        this._warnedDrop = false;
        this._export(next);
        return;
      }
      this._exporting = false;
      const waiters = this._idleWaiters;
      this._idleWaiters = [];
      for (const resolve of waiters) resolve();
    });
    if (timer !== undefined) this._timer = timer;
  }
}
