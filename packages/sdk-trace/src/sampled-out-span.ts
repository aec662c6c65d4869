import type { Exception, Link, Span, SpanAttributes, SpanContext, SpanStatus, TimeInput, TraceState } from '@spool/api';
import { spanIdPool, traceIdPool } from './id-pool.js';

/**
 * The span returned when the sampler decides NOT_RECORD: a non-recording span
 * (every method is a no-op, `isRecording()` is false) whose context carries the
 * trace id, a span id, the trace flags and trace state, so propagation continues.
 * The span id (and, for a root dropped without asking the sampler, the trace id)
 * and the `SpanContext` object are made only if `spanContext()` is called, which
 * for most dropped spans never happens. The ids are new for every span, as the
 * trace SDK spec requires of spans the SDK creates; nobody can tell they were
 * drawn late.
 */
export class SampledOutSpan implements Span {
  private _traceId: string | undefined;
  private _spanId: string | undefined;
  private readonly _traceFlags: number;
  private readonly _traceState: TraceState | undefined;
  private _context: SpanContext | undefined;

  /** @internal created by the Tracer. */
  constructor(traceId: string | undefined, spanId: string | undefined, traceFlags: number, traceState: TraceState | undefined) {
    this._traceId = traceId;
    this._spanId = spanId;
    this._traceFlags = traceFlags;
    this._traceState = traceState;
    this._context = undefined;
  }

  /** The span context, built on the first call. */
  spanContext(): SpanContext {
    let sc = this._context;
    if (sc === undefined) {
      let traceId = this._traceId;
      if (traceId === undefined) {
        const offset = traceIdPool.draw();
        traceId = this._traceId = traceIdPool.chunk.hex(offset, 16);
      }
      let spanId = this._spanId;
      if (spanId === undefined) {
        // Drawn now rather than at creation: nobody could have seen it before.
        const offset = spanIdPool.draw();
        spanId = this._spanId = spanIdPool.chunk.hex(offset, 8);
      }
      sc = this._context = {
        traceId,
        spanId,
        traceFlags: this._traceFlags,
        traceState: this._traceState,
        isRemote: false,
      };
    }
    return sc;
  }

  /** No-op. */
  setAttribute(_key: string, _value: unknown): this {
    return this;
  }
  /** No-op. */
  setAttributes(_attributes: SpanAttributes): this {
    return this;
  }
  /** No-op. */
  addEvent(_name: string, _attributesOrStartTime?: unknown, _startTime?: TimeInput): this {
    return this;
  }
  /** No-op. */
  addLink(_link: Link): this {
    return this;
  }
  /** No-op. */
  addLinks(_links: Link[]): this {
    return this;
  }
  /** No-op. */
  setStatus(_status: SpanStatus): this {
    return this;
  }
  /** No-op. */
  updateName(_name: string): this {
    return this;
  }
  /** No-op. */
  end(_endTime?: TimeInput): void {}
  /** Always false. */
  isRecording(): boolean {
    return false;
  }
  /** No-op. */
  recordException(_exception: Exception, _time?: TimeInput): void {}
}
