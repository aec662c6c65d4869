import { diag, isSpanContextValid, trace, TraceFlags } from '@spool/api';
import type { Attributes, Context, Link, SpanContext, SpanKind } from '@spool/api';
import { AlwaysOffSampler } from './always-off-sampler.js';
import { AlwaysOnSampler } from './always-on-sampler.js';
import { describeValue } from './describe-value.js';
import { eraseThreshold, OT_KEY, readRandomness, readThreshold } from './ot-trace-state.js';
import { readHex56 } from './read-hex56.js';
import type { Sampler, SamplingResult } from './sampler.js';
import { SamplingDecision } from './sampling-decision.js';

/**
 * Delegates of {@link ParentBasedSampler}, one per parent situation
 * (trace/sdk.md "ParentBased"). Only `root` is required.
 */
export interface ParentBasedSamplerConfig {
  /** For spans without a (valid) parent. */
  root: Sampler;
  /** Parent from another process, sampled. Default {@link AlwaysOnSampler}. */
  remoteParentSampled?: Sampler;
  /** Parent from another process, not sampled. Default {@link AlwaysOffSampler}. */
  remoteParentNotSampled?: Sampler;
  /** Parent in this process, sampled. Default {@link AlwaysOnSampler}. */
  localParentSampled?: Sampler;
  /** Parent in this process, not sampled. Default {@link AlwaysOffSampler}. */
  localParentNotSampled?: Sampler;
}

/** Scratch: [R hi, R lo, T hi, T lo]. Single-threaded, never re-entered. */
const S = new Int32Array(4);

function isSampler(value: unknown): value is Sampler {
  return typeof value === 'object' && value !== null && typeof (value as Sampler).shouldSample === 'function';
}

function pick(config: Partial<ParentBasedSamplerConfig>, key: keyof ParentBasedSamplerConfig, fallback: () => Sampler): Sampler {
  const value = config[key];
  if (isSampler(value)) return value;
  if (value !== undefined || key === 'root') {
    diag.warn(`ParentBasedSampler: ${key} is ${describeValue(value)}, not a sampler; using ${fallback().toString()}`);
  }
  return fallback();
}

/**
 * Follows the parent's decision (trace/sdk.md "ParentBased"): the delegate is
 * chosen by whether there is a valid parent span context, whether it is remote
 * and whether it is sampled.
 *
 * | parent  | remote | sampled | delegate                 |
 * |---------|--------|---------|--------------------------|
 * | absent  | -      | -       | `root`                   |
 * | present | yes    | yes     | `remoteParentSampled`    |
 * | present | yes    | no      | `remoteParentNotSampled` |
 * | present | no     | yes     | `localParentSampled`     |
 * | present | no     | no      | `localParentNotSampled`  |
 *
 * Consistent probability sampling (tracestate-probability-sampling.md,
 * "Parent-based threshold"): the child inherits the parent's `ot=th` threshold
 * unchanged, since the delegates of the defaults leave the tracestate alone.
 * When a sampled parent's threshold is inconsistent with its own decision
 * (the randomness, `rv` or the trace id, is below `th`) or malformed, the
 * child's tracestate gets the `ot` entry without `th` (other sub-keys and
 * entries kept) and `diag` warns once per sampler: the span is kept, but no
 * longer claims an adjusted count it cannot have. This check runs only when
 * the chosen delegate sampled and left the tracestate to the SDK, and the
 * parent carries an `ot` entry; otherwise the delegate's result is returned
 * as is (with the default delegates, a shared frozen object: no allocation).
 *
 * Bad input never throws: a missing or invalid `root` becomes
 * {@link AlwaysOnSampler}, an invalid optional delegate its default, each with a
 * `diag` warning.
 *
 * Description: `ParentBased{root=<d>, remoteParentSampled=<d>,
 * remoteParentNotSampled=<d>, localParentSampled=<d>, localParentNotSampled=<d>}`
 * (the format of OpenTelemetry JS).
 */
export class ParentBasedSampler implements Sampler {
  private readonly _root: Sampler;
  private readonly _remoteParentSampled: Sampler;
  private readonly _remoteParentNotSampled: Sampler;
  private readonly _localParentSampled: Sampler;
  private readonly _localParentNotSampled: Sampler;
  private _warnedInconsistent: boolean;

  /** @param config the delegates; see {@link ParentBasedSamplerConfig} */
  constructor(config: ParentBasedSamplerConfig) {
    const c: Partial<ParentBasedSamplerConfig> = typeof config === 'object' && config !== null ? config : {};
    this._root = pick(c, 'root', () => new AlwaysOnSampler());
    this._remoteParentSampled = pick(c, 'remoteParentSampled', () => new AlwaysOnSampler());
    this._remoteParentNotSampled = pick(c, 'remoteParentNotSampled', () => new AlwaysOffSampler());
    this._localParentSampled = pick(c, 'localParentSampled', () => new AlwaysOnSampler());
    this._localParentNotSampled = pick(c, 'localParentNotSampled', () => new AlwaysOffSampler());
    this._warnedInconsistent = false;
  }

  /** Asks the delegate for the parent's situation; see the class description. */
  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const parent = trace.getSpanContext(context);
    if (parent === undefined || !isSpanContextValid(parent)) {
      return this._root.shouldSample(context, traceId, spanName, spanKind, attributes, links);
    }
    const sampled = (parent.traceFlags & TraceFlags.SAMPLED) !== 0;
    const delegate = parent.isRemote
      ? sampled
        ? this._remoteParentSampled
        : this._remoteParentNotSampled
      : sampled
        ? this._localParentSampled
        : this._localParentNotSampled;
    const result = delegate.shouldSample(context, traceId, spanName, spanKind, attributes, links);
    if (
      sampled &&
      parent.traceState !== undefined &&
      result.traceState === undefined &&
      result.decision === SamplingDecision.RECORD_AND_SAMPLED
    ) {
      return this._checkThreshold(parent, traceId, result);
    }
    return result;
  }

  /** @internal the delegates, read once at setup by `fixedSamplingResults`. */
  _delegates(): Readonly<Required<ParentBasedSamplerConfig>> {
    return {
      root: this._root,
      remoteParentSampled: this._remoteParentSampled,
      remoteParentNotSampled: this._remoteParentNotSampled,
      localParentSampled: this._localParentSampled,
      localParentNotSampled: this._localParentNotSampled,
    };
  }

  /** `ParentBased{root=..., remoteParentSampled=..., ...}` with each delegate's description. */
  toString(): string {
    return (
      `ParentBased{root=${this._root.toString()}, ` +
      `remoteParentSampled=${this._remoteParentSampled.toString()}, ` +
      `remoteParentNotSampled=${this._remoteParentNotSampled.toString()}, ` +
      `localParentSampled=${this._localParentSampled.toString()}, ` +
      `localParentNotSampled=${this._localParentNotSampled.toString()}}`
    );
  }

  /**
   * tracestate-probability-sampling.md, "General requirements": a parent-based
   * sampler propagating a sampled context with a threshold should check that
   * `R >= T` and erase the threshold otherwise.
   */
  private _checkThreshold(parent: SpanContext, traceId: string, result: SamplingResult): SamplingResult {
    const traceState = parent.traceState!;
    const ot = traceState.get(OT_KEY);
    if (ot === undefined) return result;
    const th = readThreshold(ot, S, 2);
    if (th === 0) return result;
    let reason: string | undefined;
    if (th < 0) {
      reason = 'is malformed (1 to 14 lowercase hex digits expected)';
    } else {
      const hasRv = readRandomness(ot, S, 0) === 1;
      if (!hasRv && !readHex56(traceId, 18, 14, false, S, 0)) {
        reason = 'cannot be checked (the trace id is not hex)';
      } else {
        const rHi = S[0] as number;
        const tHi = S[2] as number;
        if (rHi > tHi || (rHi === tHi && (S[1] as number) >= (S[3] as number))) return result;
        reason = `is inconsistent with the sampled flag (randomness ${hasRv ? 'rv' : 'of the trace id'} is below it)`;
      }
    }
    if (!this._warnedInconsistent) {
      this._warnedInconsistent = true;
      diag.warn(`ParentBasedSampler: the parent's sampling threshold in tracestate ot=${ot} ${reason}; it is erased from the child's tracestate`);
    }
    return Object.freeze({
      decision: result.decision,
      attributes: result.attributes,
      traceState: eraseThreshold(traceState, ot),
    });
  }
}
