/**
 * Robust location and scale for small arrays (reference blocks, per-run results): they
 * sort a copy, so they are for tens or hundreds of values, not for per-frame paths.
 */

/** Consistency constant that makes the MAD estimate σ for normally distributed data. */
export const MAD_TO_SIGMA = 1.4826;

function finiteSorted(values: ArrayLike<number>): number[] {
  return Array.from(values)
    .filter((value) => Number.isFinite(value))
    .sort((a, b) => a - b);
}

function middle(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const half = n >> 1;
  const upper = sorted[half] ?? NaN;
  return n % 2 === 1 ? upper : ((sorted[half - 1] ?? NaN) + upper) / 2;
}

/** Median of the finite values (mean of the two middle ones for an even count); NaN if none. */
export function median(values: ArrayLike<number>): number {
  return middle(finiteSorted(values));
}

/**
 * Median absolute deviation from `center` (default: the median) of the finite values.
 * Multiply by {@link MAD_TO_SIGMA} for a robust standard deviation, or use {@link robustScale}.
 */
export function mad(values: ArrayLike<number>, center: number = median(values)): number {
  const sorted = finiteSorted(values);
  for (let i = 0; i < sorted.length; i++) sorted[i] = Math.abs((sorted[i] ?? NaN) - center);
  return middle(sorted.sort((a, b) => a - b));
}

/** Robust location and scale: the median and `1.4826 × MAD` (σ for normal data). */
export function robustScale(values: ArrayLike<number>): { location: number; scale: number } {
  const location = median(values);
  return { location, scale: MAD_TO_SIGMA * mad(values, location) };
}
