import type { Attributes, Context, Link, SpanKind, TraceState } from '@spool/api';
import type { SamplingDecision } from './sampling-decision.js';

/**
 * The outcome of {@link Sampler.shouldSample}. Same shape as OpenTelemetry JS's
 * `SamplingResult`.
 *
 * - `decision`: see {@link SamplingDecision}.
 * - `attributes`: extra attributes the SDK adds to the span when it is recorded.
 *   Treat as immutable: samplers may return the same object for many spans.
 * - `traceState`: the tracestate of the new span. `undefined` means "keep the
 *   parent's tracestate unchanged" (what OpenTelemetry JS's tracer does too); an
 *   empty `TraceState` clears it.
 *
 * Spool's built-in samplers return frozen objects, and the same object for every
 * span whenever the outcome is the same, so they cost no allocation on the hot path.
 */
export interface SamplingResult {
  decision: SamplingDecision;
  attributes?: Readonly<Attributes>;
  traceState?: TraceState;
}

/**
 * Decides, before a span starts, whether it is recorded and whether it is
 * sampled (OpenTelemetry trace SDK specification, "Sampler"). Same shape as
 * OpenTelemetry JS's `Sampler`, so a sampler written for OpenTelemetry JS can be
 * given to Spool's tracer provider, and Spool's samplers to OpenTelemetry JS.
 *
 * `shouldSample` is called for every span start: keep it cheap, do not allocate
 * when the answer is the same as last time, and never throw (a sampler that
 * throws is a bug the SDK has to contain).
 */
export interface Sampler {
  /**
   * Decides for one span about to start.
   * @param context the parent context (its span context, if any and valid, is the parent)
   * @param traceId the trace id of the new span (the parent's, or a new one for a root)
   * @param spanName the name given at start
   * @param spanKind the kind given at start
   * @param attributes the attributes given at start
   * @param links the links given at start
   */
  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult;

  /** A short description with the configuration (the spec's `GetDescription`). */
  toString(): string;
}
