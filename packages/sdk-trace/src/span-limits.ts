import { checkIntOption } from './invalid-option-error.js';
import type { TraceEnv } from './trace-env.js';

/**
 * Per-span limits (OpenTelemetry JS `SpanLimits`). Each unset field falls back to
 * `GeneralLimits`, then to its `OTEL_*` variable, then to the spec default.
 */
export interface SpanLimits {
  /** Max attributes on a span. `OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT`, default 128. */
  attributeCountLimit?: number;
  /** Max length of a string attribute value (and each string in an array). `OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT`, default no limit. */
  attributeValueLengthLimit?: number;
  /** Max events per span; the oldest is dropped first. `OTEL_SPAN_EVENT_COUNT_LIMIT`, default 128. */
  eventCountLimit?: number;
  /** Max links per span; the oldest is dropped first. `OTEL_SPAN_LINK_COUNT_LIMIT`, default 128. */
  linkCountLimit?: number;
  /** Max attributes per event. `OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT`, default 128. */
  attributePerEventCountLimit?: number;
  /** Max attributes per link. `OTEL_LINK_ATTRIBUTE_COUNT_LIMIT`, default 128. */
  attributePerLinkCountLimit?: number;
}

/** Limits that apply to every attribute collection (`OTEL_ATTRIBUTE_*`). */
export interface GeneralLimits {
  /** Max attributes. `OTEL_ATTRIBUTE_COUNT_LIMIT`, default 128. */
  attributeCountLimit?: number;
  /** Max string value length. `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`, default no limit. */
  attributeValueLengthLimit?: number;
}

/** Limits with every value decided (Infinity = no value-length limit). Frozen. */
export interface ResolvedSpanLimits {
  readonly attributeCountLimit: number;
  readonly attributeValueLengthLimit: number;
  readonly eventCountLimit: number;
  readonly linkCountLimit: number;
  readonly attributePerEventCountLimit: number;
  readonly attributePerLinkCountLimit: number;
}

const DEFAULT_COUNT_LIMIT = 128;

/**
 * Resolves limits, most specific first (trace SDK spec, "Span Limits" and
 * "Attribute Limits"): span option, general option, span `OTEL_*` variable, general
 * `OTEL_ATTRIBUTE_*` variable, default. Throws `InvalidOptionError` for a code
 * option that is not an integer >= 0 (value length may be Infinity).
 */
export function resolveSpanLimits(
  spanLimits: SpanLimits | undefined,
  generalLimits: GeneralLimits | undefined,
  env: TraceEnv
): ResolvedSpanLimits {
  const s = spanLimits ?? {};
  const g = generalLimits ?? {};
  const gCount =
    checkIntOption('generalLimits.attributeCountLimit', g.attributeCountLimit, 0) ?? env.attributeCountLimit;
  const gLength =
    checkIntOption('generalLimits.attributeValueLengthLimit', g.attributeValueLengthLimit, 0, true) ??
    env.attributeValueLengthLimit;
  return Object.freeze({
    attributeCountLimit:
      checkIntOption('spanLimits.attributeCountLimit', s.attributeCountLimit, 0) ??
      checkIntOption('generalLimits.attributeCountLimit', g.attributeCountLimit, 0) ??
      env.spanAttributeCountLimit ??
      env.attributeCountLimit ??
      DEFAULT_COUNT_LIMIT,
    attributeValueLengthLimit:
      checkIntOption('spanLimits.attributeValueLengthLimit', s.attributeValueLengthLimit, 0, true) ??
      checkIntOption('generalLimits.attributeValueLengthLimit', g.attributeValueLengthLimit, 0, true) ??
      env.spanAttributeValueLengthLimit ??
      gLength ??
      Infinity,
    eventCountLimit:
      checkIntOption('spanLimits.eventCountLimit', s.eventCountLimit, 0) ?? env.spanEventCountLimit ?? DEFAULT_COUNT_LIMIT,
    linkCountLimit:
      checkIntOption('spanLimits.linkCountLimit', s.linkCountLimit, 0) ?? env.spanLinkCountLimit ?? DEFAULT_COUNT_LIMIT,
    attributePerEventCountLimit:
      checkIntOption('spanLimits.attributePerEventCountLimit', s.attributePerEventCountLimit, 0) ??
      env.eventAttributeCountLimit ??
      gCount ??
      DEFAULT_COUNT_LIMIT,
    attributePerLinkCountLimit:
      checkIntOption('spanLimits.attributePerLinkCountLimit', s.attributePerLinkCountLimit, 0) ??
      env.linkAttributeCountLimit ??
      gCount ??
      DEFAULT_COUNT_LIMIT,
  });
}
