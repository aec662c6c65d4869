import { performance } from 'node:perf_hooks';
import { diag } from '@spool/api';
import { ExportResultCode } from '@spool/sdk-trace';
import type { ExportResult, ReadableSpan, SpanExporter } from '@spool/sdk-trace';
import { renderWaterfall } from './render-waterfall.js';

/** Where the waterfall is written: `process.stdout` or anything with `write`. */
export interface WaterfallOutput {
  write(chunk: string): unknown;
  /** Colours are only used when this is true (a terminal). */
  readonly isTTY?: boolean;
}

/** Options of {@link WaterfallSpanExporter}. */
export interface WaterfallSpanExporterOptions {
  /** Output. Default `process.stdout`. */
  readonly stream?: WaterfallOutput;
  /** ANSI colours. Default: when the stream is a TTY and `NO_COLOR` is not set. */
  readonly colors?: boolean;
  /** Width of the timeline bar in characters. Default 40. */
  readonly barWidth?: number;
  /** Print span events under their spans. Default true. */
  readonly showEvents?: boolean;
  /**
   * Traces held while waiting for their root. When a new trace would exceed it,
   * the oldest is printed as it is, marked incomplete. Default 100.
   */
  readonly maxPendingTraces?: number;
  /** Spans kept per trace; later ones are counted and dropped. Default 1000. */
  readonly maxSpansPerTrace?: number;
  /** A trace whose root never ends is printed this long after its first span arrived. Default 10000 ms. */
  readonly orphanTimeoutMillis?: number;
  /**
   * How long after a local root with a remote parent (a server span) ends its
   * trace is printed, unless the trace's true root ends first. Default 1000 ms.
   */
  readonly remoteRootLingerMillis?: number;
  /** Monotonic clock in ms, for tests. Default `performance.now`. */
  readonly now?: () => number;
}

interface PendingTrace {
  readonly spans: ReadableSpan[];
  dropped: number;
  /** When the trace is printed if its root has not ended by then. */
  deadline: number;
  /** Spans arriving after their trace was printed. */
  readonly late: boolean;
}

/**
 * A console exporter that prints each finished trace as a waterfall (see
 * `renderWaterfall`): one row per span, indented under its parent, with a bar
 * on the trace's timeline, the service, the duration and errors marked.
 *
 * Spans are grouped by trace id as they arrive, in any order and across export
 * calls; a trace is printed as soon as its root span (one with no parent) has
 * arrived. A trace whose local root has a remote parent (the trace started in
 * another process) is printed `remoteRootLingerMillis` after that root ends.
 *
 * Bounded: at most `maxPendingTraces` traces of at most `maxSpansPerTrace`
 * spans are held; an orphan trace (its root never arrives) is printed marked
 * incomplete after `orphanTimeoutMillis`, or when evicted by a newer trace, or
 * at `forceFlush`/`shutdown`. Spans dropped by the bound are counted in the
 * trace's header. Spans of an already printed trace are printed later as a
 * separate group marked "late spans". Writing never throws into the caller: a
 * failing stream is reported once through `diag.warn` and the export result.
 */
export class WaterfallSpanExporter implements SpanExporter {
  private readonly stream: WaterfallOutput;
  private readonly colors: boolean;
  private readonly barWidth: number;
  private readonly showEvents: boolean;
  private readonly maxPendingTraces: number;
  private readonly maxSpansPerTrace: number;
  private readonly orphanTimeoutMillis: number;
  private readonly remoteRootLingerMillis: number;
  private readonly now: () => number;
  private readonly pending = new Map<string, PendingTrace>();
  /** Recently printed trace ids (bounded), to label spans that arrive after their trace. */
  private readonly printed = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;
  private timerAt = Infinity;
  private isShutdown = false;
  private writeFailed = false;

  constructor(options: WaterfallSpanExporterOptions = {}) {
    this.stream = options.stream ?? process.stdout;
    this.colors = options.colors ?? (this.stream.isTTY === true && !process.env['NO_COLOR']);
    this.barWidth = options.barWidth ?? 40;
    this.showEvents = options.showEvents ?? true;
    this.maxPendingTraces = positive(options.maxPendingTraces, 100);
    this.maxSpansPerTrace = positive(options.maxSpansPerTrace, 1000);
    this.orphanTimeoutMillis = nonNegative(options.orphanTimeoutMillis, 10_000);
    this.remoteRootLingerMillis = nonNegative(options.remoteRootLingerMillis, 1000);
    this.now = options.now ?? (() => performance.now());
  }

  /** Groups `spans` by trace and prints every trace whose root is among them. */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.isShutdown) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('WaterfallSpanExporter is shut down') });
      return;
    }
    const now = this.now();
    const complete: string[] = [];
    for (const span of spans) {
      const traceId = span.spanContext().traceId;
      let trace = this.pending.get(traceId);
      if (trace === undefined) {
        this.evictIfFull();
        const late = this.printed.has(traceId);
        trace = { spans: [], dropped: 0, deadline: now + this.orphanTimeoutMillis, late };
        this.pending.set(traceId, trace);
      }
      if (trace.spans.length >= this.maxSpansPerTrace) trace.dropped++;
      else trace.spans.push(span);
      const parent = span.parentSpanContext;
      if (trace.late) continue;
      if (parent === undefined || !isValidId(parent.spanId)) {
        if (!complete.includes(traceId)) complete.push(traceId);
      } else if (parent.isRemote === true) {
        trace.deadline = Math.min(trace.deadline, now + this.remoteRootLingerMillis);
      }
    }
    let ok = true;
    for (const traceId of complete) ok = this.print(traceId, undefined) && ok;
    this.schedule();
    resultCallback(ok ? { code: ExportResultCode.SUCCESS } : { code: ExportResultCode.FAILED });
  }

  /** Prints every held trace, marked incomplete when its root has not arrived. */
  forceFlush(): Promise<void> {
    this.printAll();
    return Promise.resolve();
  }

  /** Prints every held trace, then refuses further exports. Idempotent. */
  shutdown(): Promise<void> {
    if (!this.isShutdown) {
      this.printAll();
      this.isShutdown = true;
    }
    return Promise.resolve();
  }

  private printAll(): void {
    for (const traceId of [...this.pending.keys()]) this.print(traceId, 'root not seen');
    this.clearTimer();
  }

  private evictIfFull(): void {
    while (this.pending.size >= this.maxPendingTraces) {
      const oldest = this.pending.keys().next().value as string;
      this.print(oldest, `evicted: more than ${this.maxPendingTraces} traces waiting`);
    }
  }

  private print(traceId: string, incompleteReason: string | undefined): boolean {
    const trace = this.pending.get(traceId);
    if (trace === undefined) return true;
    this.pending.delete(traceId);
    this.rememberPrinted(traceId);
    const notes: string[] = [];
    if (trace.late) notes.push('late spans, after the trace was printed');
    else if (incompleteReason !== undefined && !trace.spans.some(isLocalRoot)) notes.push(`incomplete: ${incompleteReason}`);
    if (trace.dropped > 0) notes.push(`${trace.dropped} span${trace.dropped === 1 ? '' : 's'} dropped`);
    const text = renderWaterfall(trace.spans, {
      barWidth: this.barWidth,
      colors: this.colors,
      showEvents: this.showEvents,
      ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
    });
    try {
      this.stream.write(text + '\n');
      return true;
    } catch (err) {
      if (!this.writeFailed) {
        this.writeFailed = true;
        diag.warn(`WaterfallSpanExporter: writing to the output failed, traces are lost: ${String(err)}`);
      }
      return false;
    }
  }

  private rememberPrinted(traceId: string): void {
    this.printed.add(traceId);
    if (this.printed.size > 4 * this.maxPendingTraces) {
      const oldest = this.printed.values().next().value as string;
      this.printed.delete(oldest);
    }
  }

  /** Keeps one unref'd timer armed for the earliest deadline. */
  private schedule(): void {
    let earliest = Infinity;
    for (const trace of this.pending.values()) if (trace.deadline < earliest) earliest = trace.deadline;
    if (earliest === Infinity) {
      this.clearTimer();
      return;
    }
    if (this.timer !== undefined && this.timerAt <= earliest) return;
    this.clearTimer();
    this.timerAt = earliest;
    this.timer = setTimeout(() => this.sweep(), Math.max(0, earliest - this.now()));
    this.timer.unref();
  }

  private sweep(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.now();
    for (const [traceId, trace] of [...this.pending]) {
      if (trace.deadline <= now) this.print(traceId, 'root not seen in time');
    }
    this.schedule();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }
}

function isLocalRoot(span: ReadableSpan): boolean {
  const parent = span.parentSpanContext;
  return parent === undefined || !isValidId(parent.spanId) || parent.isRemote === true;
}

function isValidId(spanId: string): boolean {
  return spanId !== '' && spanId !== '0000000000000000';
}

function positive(n: number | undefined, dflt: number): number {
  return n !== undefined && Number.isFinite(n) && n >= 1 ? Math.floor(n) : dflt;
}

function nonNegative(n: number | undefined, dflt: number): number {
  return n !== undefined && Number.isFinite(n) && n >= 0 ? n : dflt;
}
