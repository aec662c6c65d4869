import { diag, isSpanContextValid, trace } from '@spool/api';
import type { Context, TraceState } from '@spool/api';
import { describeValue } from './describe-value.js';
import { eraseThreshold, OT_KEY, subKeyStart } from './ot-trace-state.js';
import type { Sampler, SamplingResult } from './sampler.js';
import { SamplingDecision } from './sampling-decision.js';
import { DROPPED, SAMPLED } from './sampling-result-constants.js';

/** Options of {@link RateLimitingSampler}. */
export interface RateLimitingSamplerOptions {
  /**
   * A monotonic clock in milliseconds. Default `performance.now()`, which wall
   * clock jumps do not affect. Tests pass a fake; a clock that goes backwards
   * or returns a non-number adds no tokens.
   */
  clock?: () => number;
}

/** Rate used when the one given is not a positive finite number (the AWS X-Ray default reservoir). */
const DEFAULT_TRACES_PER_SECOND = 1;

function monotonicMs(): number {
  return performance.now();
}

/**
 * A hard ceiling on sampled traces per second: a token bucket that refills at
 * `tracesPerSecond` tokens a second and holds at most `max(1, tracesPerSecond)`
 * (so a burst of up to one second's worth is allowed, starting full). A span
 * takes a token and is sampled, or finds the bucket empty and is dropped.
 *
 * Use it as the `root` of a {@link ParentBasedSampler}, so it limits *traces*
 * (the children follow their root); at the top level it would limit spans and
 * cut traces apart.
 *
 * Its decisions are not probabilistic, so a sampled span never carries an
 * `ot=th` threshold: a parent's threshold is erased from the child's
 * tracestate (tracestate-probability-sampling.md, "General requirements":
 * stages yielding spans with unknown probability must erase it). Other
 * tracestate entries and `ot` sub-keys are kept.
 *
 * Bad input never throws: a rate that is not a positive finite number becomes 1
 * trace per second, a `clock` that is not a function becomes the default, each
 * with a `diag` warning.
 *
 * Cost per call: one clock read and a few float operations; shared frozen
 * results (no allocation) unless a threshold has to be erased.
 *
 * Description: `RateLimiting{<tracesPerSecond>}`.
 */
export class RateLimitingSampler implements Sampler {
  private readonly _perSecond: number;
  private readonly _perMs: number;
  private readonly _capacity: number;
  private readonly _clock: () => number;
  private _tokens: number;
  private _last: number;

  /**
   * @param tracesPerSecond the ceiling, > 0; fractions allowed (0.5 = one trace every 2 s)
   * @param options see {@link RateLimitingSamplerOptions}
   */
  constructor(tracesPerSecond: number, options?: RateLimitingSamplerOptions) {
    let rate = tracesPerSecond;
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
      diag.warn(`RateLimitingSampler: tracesPerSecond ${describeValue(rate)} is not a positive finite number; using ${DEFAULT_TRACES_PER_SECOND}`);
      rate = DEFAULT_TRACES_PER_SECOND;
    }
    const clock = options?.clock;
    if (clock !== undefined && typeof clock !== 'function') {
      diag.warn(`RateLimitingSampler: clock is ${describeValue(clock)}, not a function; using performance.now()`);
    }
    this._perSecond = rate;
    this._perMs = rate / 1000;
    this._capacity = Math.max(1, rate);
    this._clock = typeof clock === 'function' ? clock : monotonicMs;
    this._tokens = this._capacity;
    const now = this._clock();
    this._last = typeof now === 'number' && Number.isFinite(now) ? now : 0;
  }

  /** Samples when a token is available; see the class description. */
  shouldSample(context: Context): SamplingResult {
    const now = this._clock();
    // Comparisons with NaN are false: a broken clock neither refills nor moves _last to NaN.
    if (now > this._last) {
      const tokens = this._tokens + (now - this._last) * this._perMs;
      this._tokens = tokens < this._capacity ? tokens : this._capacity;
      this._last = now;
    } else if (now < this._last) {
      this._last = now; // clock went backwards: restart the interval, add nothing
    }
    if (this._tokens < 1) return DROPPED;
    this._tokens -= 1;
    const parent = trace.getSpanContext(context);
    const traceState: TraceState | undefined = parent?.traceState;
    if (traceState === undefined || !isSpanContextValid(parent!)) return SAMPLED;
    const ot = traceState.get(OT_KEY);
    if (ot === undefined || subKeyStart(ot, 'th') < 0) return SAMPLED;
    return Object.freeze({ decision: SamplingDecision.RECORD_AND_SAMPLED, traceState: eraseThreshold(traceState, ot) });
  }

  /** `RateLimiting{<tracesPerSecond>}` with the rate in effect. */
  toString(): string {
    return `RateLimiting{${this._perSecond}}`;
  }
}
