import {
  context,
  diag,
  DiagLogLevel,
  isSpanContextValid,
  isTracingSuppressed,
  INVALID_SPAN_CONTEXT,
  NonRecordingSpan,
  SpanKind,
  trace,
  TraceFlags,
} from '@spool/api';
import type {
  Attributes,
  Context,
  Link,
  Span,
  SpanContext,
  SpanOptions,
  Tracer as ApiTracer,
  TraceState,
} from '@spool/api';
import { SamplingDecision } from '@spool/samplers';
import type { FixedSamplingResults, Sampler, SamplingResult } from '@spool/samplers';
import { normalizeHrTime, toClock } from './clock.js';
import type { IdGenerator } from './id-generator.js';
import { copySpanId, copyTraceId, slotStore, spanIdPool, traceIdPool, writeTraceIdHex } from './id-pool.js';
import type { IdChunk, SlotChunk } from './id-pool.js';
import type { InstrumentationScope } from './instrumentation-scope.js';
import { RecordingSpan } from './recording-span.js';
import { SampledOutSpan } from './sampled-out-span.js';
import type { SpanOwner } from './recording-span.js';
import type { Resource } from './resource.js';
import type { ResolvedSpanLimits } from './span-limits.js';
import type { SpanProcessor } from './span-processor.js';

/**
 * What every tracer of one provider shares. `active` turns false at shutdown, and
 * every tracer sees it on its next `startSpan`.
 * @internal
 */
export interface TracerSharedState {
  active: boolean;
  readonly resource: Resource;
  readonly sampler: Sampler;
  readonly limits: ResolvedSpanLimits;
  readonly processor: SpanProcessor;
  /** A custom id generator, or undefined for Spool's pooled ids. */
  readonly idGenerator: IdGenerator | undefined;
  /** TraceFlags.RANDOM when root trace ids are random (W3C Trace Context Level 2), else 0. */
  readonly rootRandomFlag: number;
  /** The sampler's answers known at setup, per parent situation. */
  readonly fixed: FixedSamplingResults;
}

const EMPTY_ATTRIBUTES: Attributes = Object.freeze({}) as Attributes;
const EMPTY_LINKS = Object.freeze([]) as unknown as Link[];
/** Returned under suppressed tracing with no parent: one shared, stateless object. */
const INVALID_SPAN = new NonRecordingSpan(INVALID_SPAN_CONTEXT);
const RANDOM = TraceFlags.RANDOM as number;
const SAMPLED = TraceFlags.SAMPLED as number;
const perf = performance;

let warnedSampler = false;

/**
 * Creates spans for one instrumentation scope. Obtained from
 * `TracerProvider.getTracer`; holds no state of its own beyond the scope.
 *
 * The "off" cases are decided first and cost almost nothing: after the provider's
 * shutdown, under a suppress-tracing context, or when the sampler says NOT_RECORD,
 * `startSpan` returns a `NonRecordingSpan` that carries the span context (so
 * propagation still works) and never reaches attribute code or processors.
 */
export class Tracer implements ApiTracer, SpanOwner {
  /** The scope this tracer was created for. */
  readonly instrumentationScope: InstrumentationScope;
  /** @internal */
  readonly resource: Resource;
  /** @internal */
  readonly limits: ResolvedSpanLimits;
  /** @internal */
  readonly processor: SpanProcessor;
  /** @internal */
  readonly _shared: TracerSharedState;

  /** @internal use `TracerProvider.getTracer`. */
  constructor(instrumentationScope: InstrumentationScope, shared: TracerSharedState) {
    this.instrumentationScope = instrumentationScope;
    this.resource = shared.resource;
    this.limits = shared.limits;
    this.processor = shared.processor;
    this._shared = shared;
  }

  /**
   * Starts a span, a child of the span in `ctx` (default: the active context)
   * unless `options.root` is true. The sampler is asked with the trace id, name,
   * kind, and the attributes and links given here; its attributes are added to the
   * span and its trace state replaces the parent's. Options: `kind`, `attributes`,
   * `links`, `startTime` (any TimeInput), `root`. An invalid kind falls back to
   * INTERNAL with a warning. Never throws.
   */
  startSpan(name: string, options?: SpanOptions, ctx?: Context): Span {
    if (ctx === undefined) ctx = context.active();
    let kind: SpanKind = SpanKind.INTERNAL;
    let attributes: Attributes | undefined;
    let links: Link[] | undefined;
    if (options !== undefined && options !== null) {
      if (options.root === true) ctx = trace.deleteSpan(ctx);
      if (options.kind !== undefined) kind = checkKind(options.kind);
      attributes = options.attributes;
      links = options.links;
    }
    const parent = trace.getSpan(ctx);
    const shared = this._shared;
    if (!shared.active || isTracingSuppressed(ctx)) {
      return parent === undefined ? INVALID_SPAN : new NonRecordingSpan(parent.spanContext());
    }

    // The parent, and the sampling result when the sampler's answer for the parent's
    // situation was fixed at setup (fixedSamplingResults): then the sampler is not
    // called and nothing it would need is made. Measured (Node 20): ParentBased's own
    // check of a parent, isSpanContextValid on 48 hex chars, costs 150-250 ns, most of
    // a child span's cost; a root's hex trace id ~25 ns.
    const fixed = shared.fixed;
    let result: SamplingResult | undefined;
    let parentContext: SpanContext | undefined;
    let parentSpan: RecordingSpan | undefined;
    if (parent === undefined) {
      result = fixed.root;
    } else if (parent instanceof RecordingSpan && parent._slots !== undefined) {
      // Pooled ids: valid by construction (random, never all zero; a trace id from
      // the pool or from a parent that was valid), so not checked again.
      parentSpan = parent;
      parentContext = parent.spanContext();
      result =
        (parent._traceFlags & SAMPLED) === 0
          ? fixed.localParentNotSampled
          : hasNoThreshold(parentContext.traceState)
            ? fixed.localParentSampled
            : undefined;
    } else {
      const sc = parent.spanContext();
      if (isSpanContextValid(sc)) {
        parentContext = sc;
        const sampled = (sc.traceFlags & SAMPLED) !== 0;
        if (sc.isRemote === true) {
          result = !sampled ? fixed.remoteParentNotSampled : hasNoThreshold(sc.traceState) ? fixed.remoteParentSampled : undefined;
        } else {
          result = !sampled ? fixed.localParentNotSampled : hasNoThreshold(sc.traceState) ? fixed.localParentSampled : undefined;
        }
      } else {
        result = fixed.root; // an invalid parent counts as none (trace/sdk.md "ParentBased")
      }
    }

    // Ids. With Spool's pool, a root span's trace id is drawn before sampling, and
    // made hex only if the sampler must be asked; the span's 24-byte slot is drawn
    // only if the span records. A dropped span draws its ids only if asked for them.
    let traceId: string | undefined;
    let spanId: string | undefined;
    let flags: number;
    let traceState: TraceState | undefined;
    let traceChunk: IdChunk | undefined;
    let traceOffset = 0;
    const generator = shared.idGenerator;
    if (parentContext === undefined) {
      if (generator === undefined) {
        if (result !== undefined && !records(result.decision)) {
          // Decided "off" at setup: no id, no sampler call, one small object.
          return new SampledOutSpan(undefined, undefined, RANDOM, result.traceState);
        }
        traceOffset = traceIdPool.draw();
        traceChunk = traceIdPool.chunk;
        if (result === undefined) traceId = traceChunk.hex(traceOffset, 16);
        flags = RANDOM;
      } else {
        traceId = generator.generateTraceId();
        flags = shared.rootRandomFlag;
      }
    } else {
      traceId = parentContext.traceId;
      flags = parentContext.traceFlags & RANDOM;
      traceState = parentContext.traceState;
    }
    if (generator !== undefined) spanId = generator.generateSpanId();

    if (result === undefined) result = sample(shared.sampler, ctx, traceId!, name, kind, attributes, links);
    const decision = result === undefined ? SamplingDecision.NOT_RECORD : result.decision;
    if (result !== undefined && result.traceState !== undefined) traceState = result.traceState;
    if (!records(decision)) return new SampledOutSpan(traceId, spanId, flags, traceState);
    if (decision === SamplingDecision.RECORD_AND_SAMPLED) flags |= SAMPLED;

    let slots: SlotChunk | undefined;
    let offset = 0;
    let spanIdChunk: IdChunk | undefined;
    let spanIdOffset = 0;
    if (generator === undefined) {
      spanIdOffset = spanIdPool.draw();
      spanIdChunk = spanIdPool.chunk;
      offset = slotStore.take();
      slots = slotStore.chunk;
      copySpanId(spanIdChunk, spanIdOffset, slots, offset);
      if (traceChunk !== undefined) {
        copyTraceId(traceChunk, traceOffset, slots, offset);
      } else if (parentSpan !== undefined) {
        copyTraceId(parentSpan._slots!, parentSpan.idOffset, slots, offset);
      } else if (!writeTraceIdHex(traceId!, slots, offset)) {
        slots = undefined; // a foreign parent id we cannot store as bytes: hex only
      }
    }

    let start: number;
    const startTime = options === undefined || options === null ? undefined : options.startTime;
    if (startTime === undefined) start = perf.now();
    else start = toClock(startTime);
    const span = new RecordingSpan(
      this,
      typeof name === 'string' ? name : String(name),
      kind,
      parentContext,
      slots,
      offset,
      spanIdChunk,
      spanIdOffset,
      traceChunk,
      traceOffset,
      traceId,
      spanId,
      flags,
      traceState,
      start
    );
    if (Array.isArray(startTime) && Number.isFinite(startTime[0]) && Number.isFinite(startTime[1]) && startTime[0] >= 0) {
      span._startTime = normalizeHrTime(startTime);
    }
    if (attributes !== undefined) span.setAttributes(attributes);
    if (result!.attributes !== undefined) span.setAttributes(result!.attributes);
    if (links !== undefined) span.addLinks(links);
    try {
      this.processor.onStart(span, ctx);
    } catch (err) {
      diag.error('Spool: a span processor threw in onStart', err);
    }
    return span;
  }

  /**
   * Starts a span, makes it active for the duration of `fn`, and returns what `fn`
   * returns (a promise is returned as is; the caller ends the span). Overloads:
   * `(name, fn)`, `(name, options, fn)`, `(name, options, context, fn)`. Without a
   * function it warns and returns undefined.
   */
  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    context: Context,
    fn: F
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    arg2?: SpanOptions | F,
    arg3?: Context | F,
    arg4?: F
  ): ReturnType<F> | undefined {
    let options: SpanOptions | undefined;
    let ctx: Context | undefined;
    let fn: F | undefined;
    if (typeof arg2 === 'function') {
      fn = arg2;
    } else if (typeof arg3 === 'function') {
      options = arg2;
      fn = arg3;
    } else {
      options = arg2;
      ctx = arg3;
      fn = arg4;
    }
    if (typeof fn !== 'function') {
      diag.warn('Spool: Tracer.startActiveSpan needs a function as its last argument; no span started');
      return undefined;
    }
    const parentContext = ctx ?? context.active();
    const span = this.startSpan(name, options, parentContext);
    return context.with(trace.setSpan(parentContext, span), fn as (span: Span) => ReturnType<F>, undefined, span);
  }
}

/** True for RECORD and RECORD_AND_SAMPLED. */
function records(decision: SamplingDecision): boolean {
  return decision === SamplingDecision.RECORD || decision === SamplingDecision.RECORD_AND_SAMPLED;
}

/**
 * True when a sampled parent's tracestate carries no `ot` entry, the condition for
 * the fixed "sampled parent" results (ParentBased checks an `ot` threshold).
 */
function hasNoThreshold(traceState: TraceState | undefined): boolean {
  return traceState === undefined || traceState.get('ot') === undefined;
}

function checkKind(kind: unknown): SpanKind {
  if (typeof kind === 'number' && (kind | 0) === kind && kind >= 0 && kind <= 4) return kind as SpanKind;
  if (diag.isEnabled(DiagLogLevel.WARN)) diag.warn(`Spool: invalid span kind ${String(kind)}; using INTERNAL`);
  return SpanKind.INTERNAL;
}

/** Calls the sampler; a throw or a malformed result counts as NOT_RECORD, reported once. */
function sample(
  sampler: Sampler,
  ctx: Context,
  traceId: string,
  name: string,
  kind: SpanKind,
  attributes: Attributes | undefined,
  links: Link[] | undefined
): SamplingResult | undefined {
  try {
    const result = sampler.shouldSample(ctx, traceId, name, kind, attributes ?? EMPTY_ATTRIBUTES, links ?? EMPTY_LINKS);
    if (result !== null && typeof result === 'object') return result;
    if (!warnedSampler) {
      warnedSampler = true;
      diag.error(`Spool: sampler ${String(sampler)} returned no SamplingResult; spans are not recorded`);
    }
  } catch (err) {
    if (!warnedSampler) {
      warnedSampler = true;
      diag.error(`Spool: sampler ${String(sampler)} threw; spans are not recorded`, err);
    }
  }
  return undefined;
}
