export { AlwaysOffSampler } from './always-off-sampler.js';
export { AlwaysOnSampler } from './always-on-sampler.js';
export { fixedSamplingResults } from './fixed-sampling-results.js';
export type { FixedSamplingResults } from './fixed-sampling-results.js';
export { ParentBasedSampler } from './parent-based-sampler.js';
export type { ParentBasedSamplerConfig } from './parent-based-sampler.js';
export { RateLimitingSampler } from './rate-limiting-sampler.js';
export type { RateLimitingSamplerOptions } from './rate-limiting-sampler.js';
export { RuleBasedSampler } from './rule-based-sampler.js';
export type { AttributeMatcher, RuleBasedSamplerConfig, SamplingRule } from './rule-based-sampler.js';
export type { Sampler, SamplingResult } from './sampler.js';
export { samplerFromEnv } from './sampler-from-env.js';
export { SamplingDecision } from './sampling-decision.js';
export {
  TraceIdRatioBasedSampler,
  TraceIdRatioBasedSampler as ProbabilitySampler,
} from './trace-id-ratio-based-sampler.js';
export type {
  TraceIdRatioBasedSamplerOptions,
  TraceIdRatioBasedSamplerOptions as ProbabilitySamplerOptions,
} from './trace-id-ratio-based-sampler.js';
