/**
 * Theil-Sen trend: the median of pairwise slopes, robust to the sawtooth of garbage collection,
 * and the share of pairs that rise (how steady the rise is). Used by the memory-leak hint.
 */
export interface Trend {
  /** Median slope, in value units per time unit. */
  slope: number;
  /** Share of pairs `(i < j)` with `y_j > y_i`, in [0, 1]. */
  rising: number;
}

/** Theil-Sen slope and rising share of `(times[i], values[i])`; NaN slope with < 2 points. */
export function theilSen(times: ArrayLike<number>, values: ArrayLike<number>): Trend {
  const n = Math.min(times.length, values.length);
  const slopes = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  let rising = 0;
  for (let i = 0; i < n; i++) {
    const ti = times[i] ?? NaN;
    const yi = values[i] ?? NaN;
    for (let j = i + 1; j < n; j++) {
      const dy = (values[j] ?? NaN) - yi;
      const dt = (times[j] ?? NaN) - ti;
      if (dy > 0) rising++;
      if (dt > 0) slopes[k++] = dy / dt;
    }
  }
  const used = slopes.subarray(0, k).sort();
  const half = k >> 1;
  const slope =
    k === 0
      ? NaN
      : k % 2 === 1
        ? (used[half] ?? NaN)
        : ((used[half - 1] ?? 0) + (used[half] ?? 0)) / 2;
  return { slope, rising: n < 2 ? 0 : rising / ((n * (n - 1)) / 2) };
}
