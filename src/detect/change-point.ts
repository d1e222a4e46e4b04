/**
 * Where a single change in mean most likely happened: the split `k` that maximizes the
 * two-sample CUSUM statistic `k (n − k) / n · (mean(x[0..k)) − mean(x[k..n)))²` (the
 * likelihood-ratio estimate for one shift in Gaussian data). O(n) with running sums.
 */
export function changePoint(values: ArrayLike<number>, minLeft = 1): number {
  const n = values.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += values[i] ?? 0;
  let best = Math.min(Math.max(minLeft, 1), n - 1);
  let bestScore = -Infinity;
  let left = 0;
  for (let k = 1; k < n; k++) {
    left += values[k - 1] ?? 0;
    if (k < minLeft) continue;
    const difference = left / k - (total - left) / (n - k);
    const score = ((k * (n - k)) / n) * difference * difference;
    if (score > bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return best;
}
