import { createTraceState, diag, isSpanContextValid, trace, TraceFlags } from '@spool/api';
import type { Context, TraceState } from '@spool/api';
import { describeValue } from './describe-value.js';
import { OT_KEY, readRandomness, setThreshold } from './ot-trace-state.js';
import { DEFAULT_THRESHOLD_PRECISION, probabilityToThreshold } from './probability-to-threshold.js';
import { readHex56 } from './read-hex56.js';
import type { Sampler, SamplingResult } from './sampler.js';
import { SamplingDecision } from './sampling-decision.js';
import { DROPPED } from './sampling-result-constants.js';

/** Options of {@link TraceIdRatioBasedSampler}. */
export interface TraceIdRatioBasedSamplerOptions {
  /**
   * Significant hex digits of the rejection threshold, 1 to 14 (default 4, the
   * specification's recommendation). Small probabilities get one more digit per
   * leading `f` of their threshold. 14 uses `round((1 - ratio) x 2^56)` as is.
   * Anything else: a `diag` warning and the default.
   */
  precision?: number;
}

/** Smallest probability the 56-bit scheme can express (trace/sdk.md, "ProbabilitySampler sampler configuration"). */
const MIN_RATIO = 2 ** -56;

const WARN_NOT_RANDOM = 1;
const WARN_BAD_RV = 2;
const WARN_BAD_TRACE_ID = 4;

/** Scratch for the randomness value: [hi, lo]. Single-threaded, never re-entered. */
const R = new Int32Array(2);

/**
 * Consistent probability sampling (also exported as `ProbabilitySampler`),
 * as specified in trace/sdk.md "ProbabilitySampler" and
 * trace/tracestate-probability-sampling.md:
 *
 * - the randomness `R` is the explicit randomness value `rv` of the parent's
 *   `ot` tracestate entry when present and valid (exactly 14 lowercase hex
 *   digits), otherwise the 56 least-significant bits of the trace id (its last
 *   14 hex digits, W3C Trace Context Level 2 "random trace id");
 * - the rejection threshold `T = (1 - ratio) x 2^56` is computed once, rounded
 *   to `precision` significant hex digits (default 4, see the options);
 * - the span is sampled iff `R >= T`; the sampled span's tracestate gets
 *   `ot=th:<T>` (hex, trailing zeros removed, `th:0` for ratio 1), keeping every
 *   other tracestate entry and every other `ot` sub-key (such as `rv`).
 *
 * So every service configured with the same ratio makes the same decision for a
 * trace, a service with a higher ratio keeps a superset of the traces a lower
 * one keeps, and a collector or backend can re-weight counts by `1 / probability`.
 *
 * The parent's sampled flag is ignored (spec): wrap it in
 * {@link ParentBasedSampler} to follow the parent, which is what you want in
 * almost every service. A dropped span's tracestate is left as it was.
 *
 * Bad input never throws: a ratio that is not a number (or NaN) becomes 0, a
 * ratio below 0 becomes 0, above 1 becomes 1, in (0, 2^-56) becomes 2^-56, each
 * with one `diag` warning. A malformed `rv` is ignored (trace id randomness is
 * used) and a trace id that is not hex is dropped, each warned once per sampler.
 * Using trace id randomness for a child whose parent lacks the W3C random flag
 * (0x02) logs the specification's compatibility warning once per sampler.
 *
 * Cost per call: for a root, 14 table lookups and two integer comparisons, and
 * one shared frozen result whichever way it goes (the `ot=th:...` tracestate of
 * a sampled root is built once at construction). A child whose parent carries a
 * tracestate needs a new tracestate when sampled; the last one is cached, so
 * siblings share it.
 *
 * Description: `TraceIdRatioBased{<ratio>}` (e.g. `TraceIdRatioBased{0.25}`).
 */
export class TraceIdRatioBasedSampler implements Sampler {
  private readonly _ratio: number;
  private readonly _th: string;
  private readonly _tHi: number;
  private readonly _tLo: number;
  private readonly _never: boolean;
  private readonly _always: boolean;
  private readonly _rootSampled: SamplingResult;
  private _cacheIn: TraceState | undefined;
  private _cacheOut: SamplingResult;
  private _warned: number;

  /**
   * @param ratio the probability of keeping a trace, 0 to 1
   * @param options see {@link TraceIdRatioBasedSamplerOptions}
   */
  constructor(ratio: number, options?: TraceIdRatioBasedSamplerOptions) {
    this._ratio = normalizeRatio(ratio);
    const threshold = probabilityToThreshold(this._ratio, normalizePrecision(options?.precision));
    this._th = threshold.th;
    this._tHi = threshold.hi;
    this._tLo = threshold.lo;
    this._never = threshold.never;
    this._always = threshold.hi === 0 && threshold.lo === 0;
    this._rootSampled = this._never
      ? DROPPED
      : Object.freeze({
          decision: SamplingDecision.RECORD_AND_SAMPLED,
          traceState: createTraceState().set(OT_KEY, `th:${threshold.th}`),
        });
    this._cacheIn = undefined;
    this._cacheOut = this._rootSampled;
    this._warned = 0;
  }

  /** Samples iff `R >= T`; see the class description. */
  shouldSample(context: Context, traceId: string): SamplingResult {
    if (this._never) return DROPPED;
    const parent = trace.getSpanContext(context);
    let traceState: TraceState | undefined;
    let ot: string | undefined;
    let explicit = false;
    if (parent !== undefined && isSpanContextValid(parent)) {
      traceState = parent.traceState;
      if (traceState !== undefined) {
        ot = traceState.get(OT_KEY);
        if (ot !== undefined) {
          const rv = readRandomness(ot, R, 0);
          if (rv === 1) explicit = true;
          else if (rv < 0) this._warnOnce(WARN_BAD_RV, `ignoring malformed explicit randomness in tracestate ot=${ot} (rv must be exactly 14 lowercase hex digits); using the trace id`);
        }
      }
      // trace/sdk.md, "Compatibility warnings for ProbabilitySampler".
      if (!explicit && !this._always && (parent.traceFlags & TraceFlags.RANDOM) === 0) {
        this._warnOnce(WARN_NOT_RANDOM, 'The ProbabilitySampler sampler is presuming TraceIDs are random and expects the Trace random flag to be set in confirmation. Please upgrade your caller(s) to use W3C Trace Context Level 2.');
      }
    }
    if (!this._always) {
      if (!explicit && !readHex56(traceId, 18, 14, false, R, 0)) {
        this._warnOnce(WARN_BAD_TRACE_ID, `dropping spans of trace id ${describeValue(traceId)}: not 32 hex digits, so it has no randomness to compare`);
        return DROPPED;
      }
      const rHi = R[0] as number;
      if (rHi < this._tHi || (rHi === this._tHi && (R[1] as number) < this._tLo)) return DROPPED;
    }
    if (traceState === undefined) return this._rootSampled;
    if (traceState === this._cacheIn) return this._cacheOut;
    const out: SamplingResult = Object.freeze({
      decision: SamplingDecision.RECORD_AND_SAMPLED,
      traceState: setThreshold(traceState, ot, this._th),
    });
    this._cacheIn = traceState;
    this._cacheOut = out;
    return out;
  }

  /** `TraceIdRatioBased{<ratio>}` with the ratio in effect after clamping. */
  toString(): string {
    return `TraceIdRatioBased{${this._ratio}}`;
  }

  private _warnOnce(bit: number, message: string): void {
    if ((this._warned & bit) !== 0) return;
    this._warned |= bit;
    diag.warn(`${this.toString()}: ${message}`);
  }
}

function normalizeRatio(ratio: unknown): number {
  if (typeof ratio !== 'number' || Number.isNaN(ratio)) {
    diag.warn(`TraceIdRatioBasedSampler: ratio ${describeValue(ratio)} is not a number; using 0 (no trace is sampled)`);
    return 0;
  }
  if (ratio < 0) {
    diag.warn(`TraceIdRatioBasedSampler: ratio ${ratio} is below 0; using 0 (no trace is sampled)`);
    return 0;
  }
  if (ratio > 1) {
    diag.warn(`TraceIdRatioBasedSampler: ratio ${ratio} is above 1; using 1`);
    return 1;
  }
  if (ratio > 0 && ratio < MIN_RATIO) {
    diag.warn(`TraceIdRatioBasedSampler: ratio ${ratio} is below the smallest expressible probability 2^-56; using 2^-56`);
    return MIN_RATIO;
  }
  return ratio;
}

function normalizePrecision(precision: unknown): number {
  if (precision === undefined) return DEFAULT_THRESHOLD_PRECISION;
  if (typeof precision === 'number' && Number.isInteger(precision) && precision >= 1 && precision <= 14) return precision;
  diag.warn(`TraceIdRatioBasedSampler: precision ${describeValue(precision)} is not an integer from 1 to 14; using ${DEFAULT_THRESHOLD_PRECISION}`);
  return DEFAULT_THRESHOLD_PRECISION;
}
