/**
 * Hodges-Lehmann estimators: medians of pairwise quantities. They keep 95 % of the mean's
 * efficiency on normal data and ignore a minority of wild blocks, which is why the detector
 * uses them for the reference location and for the size of a change. For the tens to hundreds
 * of blocks they see (O(n·m) memory and time, run once per reference or alarm).
 */

function medianInPlace(values: Float64Array): number {
  if (values.length === 0) return NaN;
  values.sort();
  const half = values.length >> 1;
  const upper = values[half] ?? NaN;
  return values.length % 2 === 1 ? upper : ((values[half - 1] ?? NaN) + upper) / 2;
}

/** One-sample location: the median of the Walsh averages `(x_i + x_j) / 2`, `i ≤ j`. */
export function hodgesLehmannLocation(values: ArrayLike<number>): number {
  const n = values.length;
  const averages = new Float64Array((n * (n + 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const xi = values[i] ?? NaN;
    for (let j = i; j < n; j++) averages[k++] = (xi + (values[j] ?? NaN)) / 2;
  }
  return medianInPlace(averages);
}

/** Two-sample shift: the median of all differences `after_i − before_j`. */
export function hodgesLehmannShift(after: Float64Array, before: Float64Array): number {
  const differences = new Float64Array(after.length * before.length);
  let k = 0;
  for (const a of after) for (const b of before) differences[k++] = a - b;
  return medianInPlace(differences);
}

/**
 * The asymptotic standard error of the one-sample Hodges-Lehmann location, per unit of σ and
 * per √n, for normal data: √(π/3) (the median's is √(π/2) ≈ 1.2533).
 */
export const HODGES_LEHMANN_SE = Math.sqrt(Math.PI / 3);
