/**
 * Conversion of a sampling probability to the consistent-probability-sampling
 * rejection threshold `T` and its `th` encoding.
 * @internal
 */

/** 2^56, the number of distinct 56-bit randomness values (`MaxAdjustedCount`). */
const MAX_ADJUSTED_COUNT = 1n << 56n;

/** The precision the specification recommends to SDKs by default (tracestate-probability-sampling.md, "Algorithms"). */
export const DEFAULT_THRESHOLD_PRECISION = 4;

/** A rejection threshold ready for the hot path. */
export interface Threshold {
  /** The `th` value: hex digits with trailing zeros removed, `0` for 100 %; empty when nothing is ever kept. */
  readonly th: string;
  /** High 28 bits of `T`. */
  readonly hi: number;
  /** Low 28 bits of `T`. */
  readonly lo: number;
  /** True when `T` = 2^56 (probability 0): no randomness value can reach it. */
  readonly never: boolean;
  /** The probability the encoded threshold really applies: (2^56 - T) / 2^56. */
  readonly probability: number;
}

/**
 * Converts a probability in [0, 1] to a rejection threshold
 * `T = (1 - p) x 2^56`, rounded to `precision` significant hex digits.
 *
 * Follows tracestate-probability-sampling.md, "Converting floating-point
 * probability to threshold value": the precision is raised by one digit for
 * every leading `f` the threshold of a small probability has (the base-2
 * exponent of `p` divided by -4, rounded down), so that 1-in-1000 keeps four
 * significant digits of its *probability*. With precision 4 this gives the
 * spec's table: 1/2 -> `8`, 1/3 -> `aaab`, 1/10 -> `e666`, 1/100 -> `fd70a`.
 * The arithmetic is exact (BigInt, once per sampler construction): `p x 2^56`
 * is exact in a double, so the only rounding is the one asked for. Precision
 * 14 gives `round((1 - p) x 2^56)` itself.
 *
 * `p` must already be clamped to 0 or [2^-56, 1]; `precision` to 1..14.
 */
export function probabilityToThreshold(p: number, precision: number): Threshold {
  if (p <= 0) return { th: '', hi: 0x10000000, lo: 0, never: true, probability: 0 };
  if (p >= 1) return { th: '0', hi: 0, lo: 0, never: false, probability: 1 };
  // frexp exponent: p = m x 2^exp with m in [0.5, 1). Exact (doubling is exact).
  let exp = 0;
  let m = p;
  while (m < 0.5) {
    m *= 2;
    exp--;
  }
  const digits = Math.max(1, Math.min(14, precision + Math.floor(exp / -4)));
  let t = MAX_ADJUSTED_COUNT - BigInt(Math.round(p * 2 ** 56));
  const unit = 16n ** BigInt(14 - digits);
  t = ((t + unit / 2n) / unit) * unit;
  // Rounding up may reach 2^56 ("never"), which a positive probability must
  // not mean: keep the largest threshold of that precision instead.
  if (t >= MAX_ADJUSTED_COUNT) t = MAX_ADJUSTED_COUNT - unit;
  const th = t === 0n ? '0' : t.toString(16).padStart(14, '0').replace(/0+$/, '');
  return {
    th,
    hi: Number(t >> 28n),
    lo: Number(t & 0xfffffffn),
    never: false,
    probability: Number(MAX_ADJUSTED_COUNT - t) / 2 ** 56,
  };
}
