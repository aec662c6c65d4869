/**
 * What a {@link Sampler} decided for a span about to start (OpenTelemetry trace SDK
 * specification, "ShouldSample" return value). Same names and numeric values as
 * `SamplingDecision` of OpenTelemetry JS:
 *
 * - `NOT_RECORD` (0): the span is not recorded; attributes, events and links given
 *   to it are dropped and no span processor sees it (the spec's `DROP`).
 * - `RECORD` (1): the span is recorded and seen by span processors, but the sampled
 *   flag is not set, so exporters do not receive it (the spec's `RECORD_ONLY`).
 * - `RECORD_AND_SAMPLED` (2): recorded, sampled flag set, exported.
 *
 * Declared as a frozen object plus a union of number literals rather than a
 * TypeScript `enum`, so that a Spool sampler type-checks where an OpenTelemetry
 * JS `Sampler` is expected and the reverse (two distinct enums never do).
 */
export const SamplingDecision = Object.freeze({
  NOT_RECORD: 0,
  RECORD: 1,
  RECORD_AND_SAMPLED: 2,
} as const);

/** One of the values of {@link SamplingDecision}: `0`, `1` or `2`. */
export type SamplingDecision = (typeof SamplingDecision)[keyof typeof SamplingDecision];
