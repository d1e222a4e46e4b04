/**
 * The detectors perfwarden is compared with, as mainstream tools apply them to a stream of
 * block statistics (one value per block and channel, e.g. log block median and log block p95).
 * Each learns from the same first `warmup` blocks of a segment where it needs a reference,
 * re-checks after every block, and reports a crossing as +1 (worse) or −1 (better).
 */
import { MAD_TO_SIGMA, mad, median } from '../../src/stats/robust.js';
import { normalQuantile } from '../../src/detect/normal-quantile.js';

export type Direction = -1 | 0 | 1;

/** A detector over one channel of block values. */
export interface ChannelDetector {
  push(value: number): Direction;
}

/**
 * Budget style: alarm when a block exceeds the warm-up median by more than `limit`
 * (on a log statistic, ln(1.10) is "+10 %"). One-sided, as budgets are.
 */
export function fixedThreshold(warmup: number, limit: number): () => ChannelDetector {
  return () => {
    const reference: number[] = [];
    let level = NaN;
    return {
      push(value) {
        if (reference.length < warmup) {
          reference.push(value);
          if (reference.length === warmup) level = median(reference);
          return 0;
        }
        return value > level + limit ? 1 : 0;
      },
    };
  };
}

function meanAndVariance(values: Float64Array, from: number, to: number): [number, number] {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i] ?? 0;
  const mean = sum / (to - from);
  let squares = 0;
  for (let i = from; i < to; i++) squares += ((values[i] ?? 0) - mean) ** 2;
  return [mean, squares / (to - from - 1)];
}

/**
 * Perfherder-style: the last 12 blocks against the 12 before them, a t statistic over 7 and a
 * change of at least `minimum` (on a log statistic ln(1.02) is "≥ 2 %").
 */
export function perfherder(
  window = 12,
  threshold = 7,
  minimum = Math.log(1.02),
): () => ChannelDetector {
  return () => {
    const recent = new Float64Array(2 * window);
    let seen = 0;
    return {
      push(value) {
        recent.copyWithin(0, 1);
        recent[2 * window - 1] = value;
        if (++seen < 2 * window) return 0;
        const [before, beforeVariance] = meanAndVariance(recent, 0, window);
        const [after, afterVariance] = meanAndVariance(recent, window, 2 * window);
        const t = (after - before) / Math.sqrt((beforeVariance + afterVariance) / window);
        if (Math.abs(after - before) < minimum || !(Math.abs(t) > threshold)) return 0;
        return t > 0 ? 1 : -1;
      },
    };
  };
}

/** Two-sided Student-t critical value by the Cornish-Fisher expansion (accurate for df ≥ 10). */
function tCritical(p: number, df: number): number {
  const z = normalQuantile(1 - p / 2);
  return (
    z +
    (z ** 3 + z) / (4 * df) +
    (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2) +
    (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3)
  );
}

/**
 * Repeated Welch t-test: the warm-up blocks against every block since, re-run after each block,
 * alarm at two-sided p < `p`.
 */
export function repeatedWelch(warmup: number, p = 0.001): () => ChannelDetector {
  return () => {
    const reference: number[] = [];
    let referenceMean = 0;
    let referenceVariance = 0;
    let n = 0;
    let mean = 0;
    let squares = 0;
    return {
      push(value) {
        if (reference.length < warmup) {
          reference.push(value);
          if (reference.length === warmup) {
            [referenceMean, referenceVariance] = meanAndVariance(
              Float64Array.from(reference),
              0,
              warmup,
            );
          }
          return 0;
        }
        n++;
        const delta = value - mean;
        mean += delta / n;
        squares += delta * (value - mean);
        if (n < 2) return 0;
        const a = referenceVariance / warmup;
        const b = squares / (n - 1) / n;
        const t = (mean - referenceMean) / Math.sqrt(a + b);
        const df = (a + b) ** 2 / (a ** 2 / (warmup - 1) + b ** 2 / (n - 1));
        if (!(Math.abs(t) > tCritical(p, Math.max(df, 1)))) return 0;
        return t > 0 ? 1 : -1;
      },
    };
  };
}

/**
 * Siegmund's approximation of a one-sided CUSUM's in-control average run length for standard
 * normal data, reference value k and threshold h.
 */
export function cusumRunLength(k: number, h: number): number {
  const b = h + 1.166;
  return (Math.exp(2 * k * b) - 2 * k * b - 1) / (2 * k * k);
}

/**
 * The threshold h that makes a two-sided CUSUM (k = 0.5) raise a false alarm in at most
 * `alpha` of runs of `checks` blocks: each side's run length is `2 · checks / alpha`
 * (exponential run-length approximation), solved for h by bisection.
 */
export function cusumThreshold(checks: number, alpha: number, k = 0.5): number {
  const target = (2 * checks) / alpha;
  let low = 0;
  let high = 50;
  for (let i = 0; i < 100; i++) {
    const mid = (low + high) / 2;
    if (cusumRunLength(k, mid) < target) low = mid;
    else high = mid;
  }
  return high;
}

/** Two-sided CUSUM on blocks standardized by the warm-up median and 1.4826 × MAD. */
export function cusum(warmup: number, h: number, k = 0.5): () => ChannelDetector {
  return () => {
    const reference: number[] = [];
    let center = 0;
    let scale = 1;
    let up = 0;
    let down = 0;
    return {
      push(value) {
        if (reference.length < warmup) {
          reference.push(value);
          if (reference.length === warmup) {
            center = median(reference);
            scale = Math.max(MAD_TO_SIGMA * mad(reference, center), 1e-6);
          }
          return 0;
        }
        const z = (value - center) / scale;
        up = Math.max(0, up + z - k);
        down = Math.max(0, down - z - k);
        if (up > h) {
          up = 0;
          return 1;
        }
        if (down > h) {
          down = 0;
          return -1;
        }
        return 0;
      },
    };
  };
}
