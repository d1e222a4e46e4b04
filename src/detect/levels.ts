/**
 * Levels of a run of blocks on the metric's own scale, for reports (`Regression.baseline` and
 * `.current`, hints, baselines): p50 and p95 are typical block values, `mean` is pooled.
 */
import type { MetricLevels, TestKind } from '../types.js';
import type { BlockRing } from './block-ring.js';

function quantileOf(values: Float64Array, q: number): number {
  if (values.length === 0) return NaN;
  values.sort();
  if (q === 0.5) {
    const half = values.length >> 1;
    const upper = values[half] ?? NaN;
    return values.length % 2 === 1 ? upper : ((values[half - 1] ?? NaN) + upper) / 2;
  }
  return values[Math.max(0, Math.ceil(q * values.length) - 1)] ?? NaN;
}

/**
 * Levels of blocks `from..to` (inclusive). Location and level metrics: median of the block
 * medians, median of the block p95s, weighted mean, and the median of the block p10s where the
 * metric is tested on them. Shares and rates: median and p95 of the block values, and the
 * pooled value.
 */
export function levelsOf(ring: BlockRing, kind: TestKind, from: number, to: number): MetricLevels {
  const n = Math.max(0, to - from + 1);
  const medians = new Float64Array(n);
  const tails = new Float64Array(n);
  const undisturbed = new Float64Array(n);
  let weighted = 0;
  let weights = 0;
  for (let i = 0; i < n; i++) {
    const slot = ring.slot(from + i);
    medians[i] = ring.p50[slot] ?? NaN;
    tails[i] = ring.p95[slot] ?? NaN;
    undisturbed[i] = ring.p10[slot] ?? NaN;
    const weight = ring.weight[slot] ?? 0;
    weighted += (ring.mean[slot] ?? 0) * weight;
    weights += weight;
  }
  const continuous = kind === 'location' || kind === 'level';
  const levels: MetricLevels = {
    p50: quantileOf(medians, 0.5),
    p95: continuous ? quantileOf(tails, 0.5) : quantileOf(medians, 0.95),
    mean: weights > 0 ? weighted / weights : NaN,
  };
  const p10 = quantileOf(undisturbed, 0.5);
  if (continuous && !Number.isNaN(p10)) levels.p10 = p10;
  return levels;
}
