import type { Sampler, SamplingResult } from './sampler.js';
import { DROPPED } from './sampling-result-constants.js';

/**
 * Drops every span (`NOT_RECORD`): the span is non-recording, its attributes,
 * events and links are dropped and no processor or exporter sees it (spec:
 * trace/sdk.md "AlwaysOff"). Returns one frozen result object for every call.
 *
 * Description: `AlwaysOffSampler`.
 */
export class AlwaysOffSampler implements Sampler {
  /** Always the shared "dropped" result. */
  shouldSample(): SamplingResult {
    return DROPPED;
  }

  /** `AlwaysOffSampler`, as the specification requires. */
  toString(): string {
    return 'AlwaysOffSampler';
  }
}
