import {
  context as contextApi,
  trace,
  TraceFlags,
  type Context,
  type Span,
  type SpanContext,
  type SpanOptions,
  type Tracer,
  type TracerProvider,
} from '../../src/index.js';

let next = 1;
function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** A recorded span: a NonRecordingSpan-like object that says it records. */
export class RecordedSpan {
  ended = false;
  readonly attributes: Record<string, unknown> = {};
  constructor(
    readonly name: string,
    private readonly _ctx: SpanContext,
    readonly parent: SpanContext | undefined
  ) {}
  spanContext(): SpanContext {
    return this._ctx;
  }
  setAttribute(k: string, v: unknown): this {
    this.attributes[k] = v;
    return this;
  }
  setAttributes(): this {
    return this;
  }
  addEvent(): this {
    return this;
  }
  addLink(): this {
    return this;
  }
  addLinks(): this {
    return this;
  }
  setStatus(): this {
    return this;
  }
  updateName(): this {
    return this;
  }
  end(): void {
    this.ended = true;
  }
  isRecording(): boolean {
    return !this.ended;
  }
  recordException(): void {}
}

/** A small real TracerProvider: deterministic ids, keeps the spans it started. */
export class RecordingProvider implements TracerProvider {
  readonly spans: RecordedSpan[] = [];
  readonly tracers: string[] = [];

  getTracer(name: string): Tracer {
    this.tracers.push(name);
    const provider = this;
    const tracer: Tracer = {
      startSpan(spanName: string, options?: SpanOptions, ctx?: Context): Span {
        const parent = options?.root ? undefined : trace.getSpanContext(ctx ?? contextApi.active());
        const id = next++;
        const sc: SpanContext = {
          traceId: parent?.traceId ?? hex(id, 32),
          spanId: hex(id, 16),
          traceFlags: TraceFlags.SAMPLED,
        };
        const span = new RecordedSpan(spanName, sc, parent);
        provider.spans.push(span);
        return span as unknown as Span;
      },
      startActiveSpan(spanName: string, ...rest: unknown[]): never {
        const fn = rest[rest.length - 1] as (s: Span) => unknown;
        const opts = (rest.length > 1 ? rest[0] : undefined) as SpanOptions | undefined;
        const parentCtx = (rest.length > 2 ? rest[1] : contextApi.active()) as Context;
        const span = tracer.startSpan(spanName, opts, parentCtx);
        return contextApi.with(trace.setSpan(parentCtx, span), fn, undefined, span) as never;
      },
    };
    return tracer;
  }
}
