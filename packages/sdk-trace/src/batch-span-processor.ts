import { diag } from '@spool/api';
import { exportSpans } from './export-spans.js';
import { ExportResultCode } from './export-result.js';
import type { ExportResult } from './export-result.js';
import { checkIntOption, InvalidOptionError } from './invalid-option-error.js';
import type { ReadableSpan } from './readable-span.js';
import { isSampledSpan } from './recording-span.js';
import type { SpanExporter } from './span-exporter.js';
import type { SpanProcessor } from './span-processor.js';
import type { Env } from './trace-env.js';
import { readTraceEnv } from './trace-env.js';

/**
 * Options of {@link BatchSpanProcessor}. Each unset option falls back to its
 * `OTEL_BSP_*` variable, then to the spec default.
 */
export interface BatchSpanProcessorOptions {
  /** Spans held at most; more are dropped and counted. `OTEL_BSP_MAX_QUEUE_SIZE`, default 2048. */
  maxQueueSize?: number;
  /** Spans per export; clamped to maxQueueSize. `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`, default 512. */
  maxExportBatchSize?: number;
  /** Delay before queued spans are exported. `OTEL_BSP_SCHEDULE_DELAY`, default 5000 ms. */
  scheduledDelayMillis?: number;
  /** An export not finished after this fails (and frees its slot); 0 or Infinity: no timeout. `OTEL_BSP_EXPORT_TIMEOUT`, default 30000 ms. */
  exportTimeoutMillis?: number;
  /** Exports in flight at once; default 1. */
  maxConcurrentExports?: number;
}

/** Counters of a {@link BatchSpanProcessor} since it was created. */
export interface BatchSpanProcessorStats {
  /** Spans waiting in the queue now. */
  queued: number;
  /** Spans dropped: the queue was full, or they ended after shutdown. */
  dropped: number;
  /** Spans in exports that succeeded. */
  exported: number;
  /** Spans in exports that failed, threw or timed out. */
  failed: number;
}

/** At most one "dropped spans" warning per interval; the count covers the interval. */
const DROP_REPORT_INTERVAL_MS = 1000;

interface FlushWaiter {
  readonly target: number;
  readonly resolve: () => void;
}

/**
 * Queues sampled finished spans and exports them in batches (trace SDK spec,
 * "Batching processor").
 *
 * - The queue is a fixed ring buffer of `maxQueueSize` slots allocated once; a span
 *   that does not fit is dropped and counted, and a rate-limited `diag` warning
 *   says how many were dropped.
 * - A full batch is exported at once (synchronously from the `end()` that filled
 *   it, as OpenTelemetry JS does); otherwise queued spans are exported
 *   `scheduledDelayMillis` after the first of them arrived. The timer is unref'd.
 * - At most `maxConcurrentExports` exports are in flight; each is bounded by
 *   `exportTimeoutMillis`; an exporter that throws, rejects or never calls back
 *   is counted as failed and never breaks the application.
 * - `forceFlush` exports everything queued when it was called and resolves after;
 *   `shutdown` flushes, then shuts the exporter down.
 * - Exports run under a suppress-tracing context.
 *
 * `getStats()` returns `{ queued, dropped, exported, failed }`.
 */
export class BatchSpanProcessor implements SpanProcessor {
  private readonly _exporter: SpanExporter;
  private readonly _maxQueueSize: number;
  private readonly _batchSize: number;
  private readonly _delay: number;
  private readonly _timeout: number;
  private readonly _maxConcurrent: number;
  private readonly _ring: (ReadableSpan | undefined)[];
  private _head: number;
  private _count: number;
  /** Sequence number of the span at `_head` (spans taken from the queue so far). */
  private _headSeq: number;
  /** Export without waiting for a full batch while `_headSeq < _drainTo`. */
  private _drainTo: number;
  /** Start sequence numbers of the batches in flight. */
  private readonly _inFlight: number[];
  /** Timeout timers of the batches in flight (same order as `_inFlight`). */
  private readonly _inFlightTimers: (NodeJS.Timeout | undefined)[];
  private _waiters: FlushWaiter[];
  private _timer: NodeJS.Timeout | undefined;
  private _dropReportTimer: NodeJS.Timeout | undefined;
  private _droppedSinceReport: number;
  private _dropped: number;
  private _exported: number;
  private _failed: number;
  private _isShutdown: boolean;
  private _shutdownPromise: Promise<void> | undefined;

  /**
   * @param exporter where batches go.
   * @param options see {@link BatchSpanProcessorOptions}; an option that is not a
   *   non-negative integer (sizes and concurrency >= 1) throws `InvalidOptionError`.
   * @param env environment for the `OTEL_BSP_*` fallbacks (default `process.env`).
   */
  constructor(exporter: SpanExporter, options: BatchSpanProcessorOptions = {}, env: Env = process.env) {
    if (exporter === null || typeof exporter !== 'object' || typeof exporter.export !== 'function') {
      throw new InvalidOptionError('exporter', exporter, 'a SpanExporter');
    }
    const e = readTraceEnv(env);
    const o = options ?? {};
    this._exporter = exporter;
    this._maxQueueSize = checkIntOption('maxQueueSize', o.maxQueueSize, 1) ?? e.bspMaxQueueSize ?? 2048;
    let batchSize = checkIntOption('maxExportBatchSize', o.maxExportBatchSize, 1) ?? e.bspMaxExportBatchSize ?? 512;
    if (batchSize > this._maxQueueSize) {
      diag.warn(
        `Spool: BatchSpanProcessor: maxExportBatchSize (${batchSize}) is larger than maxQueueSize (${this._maxQueueSize}); using ${this._maxQueueSize}`
      );
      batchSize = this._maxQueueSize;
    }
    this._batchSize = batchSize;
    this._delay = checkIntOption('scheduledDelayMillis', o.scheduledDelayMillis, 0) ?? e.bspScheduleDelay ?? 5000;
    this._timeout = checkIntOption('exportTimeoutMillis', o.exportTimeoutMillis, 0, true) ?? e.bspExportTimeout ?? 30000;
    this._maxConcurrent = checkIntOption('maxConcurrentExports', o.maxConcurrentExports, 1) ?? 1;
    this._ring = new Array<ReadableSpan | undefined>(this._maxQueueSize).fill(undefined);
    this._head = 0;
    this._count = 0;
    this._headSeq = 0;
    this._drainTo = 0;
    this._inFlight = [];
    this._inFlightTimers = [];
    this._waiters = [];
    this._timer = undefined;
    this._dropReportTimer = undefined;
    this._droppedSinceReport = 0;
    this._dropped = 0;
    this._exported = 0;
    this._failed = 0;
    this._isShutdown = false;
    this._shutdownPromise = undefined;
  }

  /** Does nothing: spans are handled when they end. */
  onStart(): void {}

  /** Queues a sampled span (drops and counts it when the queue is full or after shutdown). */
  onEnd(span: ReadableSpan): void {
    if (!isSampledSpan(span)) return;
    if (this._isShutdown) {
      this._drop();
      return;
    }
    const size = this._maxQueueSize;
    if (this._count === size) {
      this._drop();
      return;
    }
    let i = this._head + this._count;
    if (i >= size) i -= size;
    this._ring[i] = span;
    this._count++;
    if (this._count >= this._batchSize) {
      if (this._inFlight.length < this._maxConcurrent) this._pump();
    } else if (this._timer === undefined) {
      this._startTimer();
    }
  }

  /** Exports everything queued now (and waits for exports in flight); resolves when done, never rejects. */
  async forceFlush(): Promise<void> {
    await this._flushQueued();
    await this._callExporter('forceFlush');
  }

  /**
   * Stops accepting spans, exports what is queued, then shuts the exporter down.
   * Later calls return the same promise. Never rejects.
   */
  shutdown(): Promise<void> {
    if (this._shutdownPromise === undefined) {
      this._isShutdown = true;
      this._shutdownPromise = (async () => {
        await this._flushQueued();
        if (this._timer !== undefined) {
          clearTimeout(this._timer);
          this._timer = undefined;
        }
        this._reportDrops();
        await this._callExporter('shutdown');
      })();
    }
    return this._shutdownPromise;
  }

  /** Counters since creation: `{ queued, dropped, exported, failed }` (a new object each call). */
  getStats(): BatchSpanProcessorStats {
    return { queued: this._count, dropped: this._dropped, exported: this._exported, failed: this._failed };
  }

  private _flushQueued(): Promise<void> {
    const target = this._headSeq + this._count;
    if (target > this._drainTo) this._drainTo = target;
    const done = new Promise<void>((resolve) => {
      this._waiters.push({ target, resolve });
    });
    for (const timer of this._inFlightTimers) timer?.ref();
    this._pump();
    return done.then(() => this._reportDrops());
  }

  private async _callExporter(method: 'forceFlush' | 'shutdown'): Promise<void> {
    try {
      const fn = this._exporter[method];
      if (typeof fn === 'function') await fn.call(this._exporter);
    } catch (err) {
      diag.error(`Spool: BatchSpanProcessor: exporter ${method} failed`, err);
    }
  }

  /** Starts every export the queue and the concurrency limit allow, then settles flush waiters. */
  private _pump(): void {
    while (
      this._count > 0 &&
      this._inFlight.length < this._maxConcurrent &&
      (this._count >= this._batchSize || this._headSeq < this._drainTo)
    ) {
      this._exportBatch();
    }
    if (this._count === 0) {
      if (this._timer !== undefined) {
        clearTimeout(this._timer);
        this._timer = undefined;
      }
    } else if (this._timer === undefined && !this._isShutdown) {
      this._startTimer();
    }
    if (this._waiters.length > 0) this._settleWaiters();
  }

  private _exportBatch(): void {
    const n = this._count < this._batchSize ? this._count : this._batchSize;
    const ring = this._ring;
    const size = this._maxQueueSize;
    const batch = new Array<ReadableSpan>(n);
    let head = this._head;
    for (let k = 0; k < n; k++) {
      batch[k] = ring[head]!;
      ring[head] = undefined;
      if (++head === size) head = 0;
    }
    this._head = head;
    this._count -= n;
    const startSeq = this._headSeq;
    this._headSeq += n;
    this._inFlight.push(startSeq);
    this._inFlightTimers.push(undefined);
    // While someone awaits a flush, the export timeout must be able to fire even if
    // nothing else keeps the event loop alive.
    const timer = exportSpans(this._exporter, batch, this._timeout, this._waiters.length > 0, (result: ExportResult) => {
      const at = this._inFlight.indexOf(startSeq);
      if (at !== -1) {
        this._inFlight.splice(at, 1);
        this._inFlightTimers.splice(at, 1);
      }
      if (result.code === ExportResultCode.SUCCESS) {
        this._exported += n;
      } else {
        this._failed += n;
        diag.warn(`Spool: BatchSpanProcessor: export of ${n} spans failed`, result.error);
      }
      this._pump();
    });
    const at = this._inFlight.indexOf(startSeq);
    if (at !== -1) this._inFlightTimers[at] = timer;
  }

  private _settleWaiters(): void {
    let through = this._headSeq;
    const inFlight = this._inFlight;
    for (let i = 0; i < inFlight.length; i++) if (inFlight[i]! < through) through = inFlight[i]!;
    const waiters = this._waiters;
    let kept: FlushWaiter[] | undefined;
    for (let i = 0; i < waiters.length; i++) {
      const w = waiters[i]!;
      if (w.target <= through) w.resolve();
      else (kept ??= []).push(w);
    }
    this._waiters = kept ?? [];
  }

  private _startTimer(): void {
    const timer = setTimeout(() => {
      this._timer = undefined;
      const target = this._headSeq + this._count;
      if (target > this._drainTo) this._drainTo = target;
      this._pump();
    }, this._delay);
    timer.unref();
    this._timer = timer;
  }

  private _drop(): void {
    this._dropped++;
    this._droppedSinceReport++;
    if (this._dropReportTimer === undefined) {
      const timer = setTimeout(() => this._reportDrops(), DROP_REPORT_INTERVAL_MS);
      timer.unref();
      this._dropReportTimer = timer;
    }
  }

  private _reportDrops(): void {
    if (this._dropReportTimer !== undefined) {
      clearTimeout(this._dropReportTimer);
      this._dropReportTimer = undefined;
    }
    const n = this._droppedSinceReport;
    if (n === 0) return;
    this._droppedSinceReport = 0;
    diag.warn(
      `Spool: BatchSpanProcessor dropped ${n} span(s): the queue (maxQueueSize=${this._maxQueueSize}) was full or the processor was shut down; ${this._dropped} dropped in total (see getStats())`
    );
  }
}
