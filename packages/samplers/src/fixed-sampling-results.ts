import { AlwaysOffSampler } from './always-off-sampler.js';
import { AlwaysOnSampler } from './always-on-sampler.js';
import { ParentBasedSampler } from './parent-based-sampler.js';
import type { Sampler, SamplingResult } from './sampler.js';
import { DROPPED, SAMPLED } from './sampling-result-constants.js';

/**
 * What a sampler answers in each parent situation of `ParentBased` (trace/sdk.md
 * "ParentBased"), where that answer is known in advance: the same result object
 * for every span in that situation, whatever its trace id, name, kind,
 * attributes and links. `undefined` where the sampler has to be asked.
 *
 * A result for a *sampled* parent holds only when the parent's tracestate has no
 * `ot` entry: with one, `ParentBasedSampler` checks the parent's sampling threshold
 * (tracestate-probability-sampling.md) and may erase it in the child.
 */
export interface FixedSamplingResults {
  /** No parent, or one whose span context is not valid. */
  readonly root: SamplingResult | undefined;
  /** A valid remote parent (`isRemote`), sampled. */
  readonly remoteParentSampled: SamplingResult | undefined;
  /** A valid remote parent, not sampled. */
  readonly remoteParentNotSampled: SamplingResult | undefined;
  /** A valid parent from this process, sampled. */
  readonly localParentSampled: SamplingResult | undefined;
  /** A valid parent from this process, not sampled. */
  readonly localParentNotSampled: SamplingResult | undefined;
}

const NONE: FixedSamplingResults = Object.freeze({
  root: undefined,
  remoteParentSampled: undefined,
  remoteParentNotSampled: undefined,
  localParentSampled: undefined,
  localParentNotSampled: undefined,
});

function every(result: SamplingResult): FixedSamplingResults {
  return Object.freeze({
    root: result,
    remoteParentSampled: result,
    remoteParentNotSampled: result,
    localParentSampled: result,
    localParentNotSampled: result,
  });
}

const ALWAYS_ON = every(SAMPLED);
const ALWAYS_OFF = every(DROPPED);

/**
 * The answers of `sampler` that do not depend on the span (see
 * {@link FixedSamplingResults}), so that an SDK can decide "on" or "off" once,
 * at setup, instead of calling the sampler and making the hex trace id it needs
 * for every span. Known are {@link AlwaysOnSampler}, {@link AlwaysOffSampler} and
 * a {@link ParentBasedSampler} whose delegates are known, each recognised only
 * while its `shouldSample` is the built-in one (a subclass or an instance that
 * overrides it is asked every time). Any other sampler, or a non-sampler, gives
 * all `undefined`. Never throws.
 */
export function fixedSamplingResults(sampler: Sampler): FixedSamplingResults {
  if (typeof sampler !== 'object' || sampler === null) return NONE;
  const fn = (sampler as Partial<Sampler>).shouldSample;
  if (fn === AlwaysOnSampler.prototype.shouldSample) return ALWAYS_ON;
  if (fn === AlwaysOffSampler.prototype.shouldSample) return ALWAYS_OFF;
  if (fn === ParentBasedSampler.prototype.shouldSample && sampler instanceof ParentBasedSampler) {
    const d = sampler._delegates();
    return Object.freeze({
      root: fixedSamplingResults(d.root).root,
      remoteParentSampled: fixedSamplingResults(d.remoteParentSampled).remoteParentSampled,
      remoteParentNotSampled: fixedSamplingResults(d.remoteParentNotSampled).remoteParentNotSampled,
      localParentSampled: fixedSamplingResults(d.localParentSampled).localParentSampled,
      localParentNotSampled: fixedSamplingResults(d.localParentNotSampled).localParentNotSampled,
    });
  }
  return NONE;
}
