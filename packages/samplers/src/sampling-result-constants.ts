import type { SamplingResult } from './sampler.js';
import { SamplingDecision } from './sampling-decision.js';

/**
 * The shared "sampled, tracestate unchanged" result. Frozen so one object can be
 * returned for every span without the risk of a caller mutating it.
 * @internal
 */
export const SAMPLED: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD_AND_SAMPLED });

/**
 * The shared "dropped, tracestate unchanged" result.
 * @internal
 */
export const DROPPED: SamplingResult = Object.freeze({ decision: SamplingDecision.NOT_RECORD });
