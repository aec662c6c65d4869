/**
 * Summary of a handful of samples (one per round): the median, the extremes
 * and the half-range relative to the median, which is what the report calls
 * the spread. With 3 to 7 rounds a median and a range say more than a mean
 * and a standard deviation would.
 */
export interface SampleStats {
  /** The samples, in round order. */
  readonly values: readonly number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** (max - min) / 2 / median, e.g. 0.04 for "±4 %"; 0 for a single sample. */
  readonly spread: number;
}

/**
 * Computes {@link SampleStats}. Non-finite samples are dropped; an empty
 * input gives NaN everywhere (the report prints it as "n/a").
 */
export function sampleStats(samples: readonly number[]): SampleStats {
  const values = samples.filter((v) => Number.isFinite(v));
  if (values.length === 0) return { values, median: NaN, min: NaN, max: NaN, spread: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  const spread = median === 0 ? 0 : (max - min) / 2 / Math.abs(median);
  return { values, median, min, max, spread };
}
