import type { Sampler, SamplingResult } from './sampler.js';
import { SAMPLED } from './sampling-result-constants.js';

/**
 * Samples every span (`RECORD_AND_SAMPLED`) and leaves the tracestate as it
 * is (spec: trace/sdk.md "AlwaysOn"). Returns one frozen result object for
 * every call: no allocation.
 *
 * It does not write an `ot=th:0` threshold: as a delegate of
 * {@link ParentBasedSampler} it must pass the parent's threshold on unchanged.
 * A root sampled by it therefore has no adjusted count; use
 * `new TraceIdRatioBasedSampler(1)` to sample everything *and* record `th:0`.
 *
 * Description: `AlwaysOnSampler`.
 */
export class AlwaysOnSampler implements Sampler {
  /** Always the shared "sampled, tracestate unchanged" result. */
  shouldSample(): SamplingResult {
    return SAMPLED;
  }

  /** `AlwaysOnSampler`, as the specification requires. */
  toString(): string {
    return 'AlwaysOnSampler';
  }
}
