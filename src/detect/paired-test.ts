/**
 * An anytime-valid test of the mean of paired differences when their spread is unknown: the
 * statistics of the CI gate, where A and B runs alternate and each pair gives one difference
 * `d = stat(B) − stat(A)` (on the log scale, so `d = 0.1` is about 10 % slower).
 *
 * The evidence against `H0: mean = μ0` is the mixture Bayes factor of the one-sample t-test
 * with a normal prior `N(0, g)` on the standardized effect `(mean − μ0)/σ` and the
 * scale-invariant prior on `σ` (Rouder et al. 2009, eq. for a normal prior):
 *
 *   BF_n = (1 + n·g)^(−1/2) · [(1 + t²/ν) / (1 + t²/(ν·(1 + n·g)))]^(n/2),   ν = n − 1.
 *
 * Because both hypotheses share the scale-invariant prior, `BF_n` is a nonnegative martingale
 * under `H0` whatever the true `σ` (Lai 1976; Pérez-Ortiz, Lardy, de Heide & Grünwald 2024,
 * "E-statistics, group invariance and anytime-valid testing"), so by Ville's inequality
 * `P(BF_n ≥ 1/α for some n) ≤ α`: the gate may look after every pair and stop when it likes.
 * Inverting the test gives a confidence sequence for the mean. The guarantee assumes roughly
 * normal, independent differences; interleaving A and B is what makes them so.
 */

/** Summary of the differences so far (Welford-style, so it can grow one pair at a time). */
export interface PairedSummary {
  n: number;
  mean: number;
  /** Sum of squared deviations from the mean. */
  sumSquares: number;
}

/** Settings of the test. */
export interface PairedTestOptions {
  /** Prior variance of the standardized effect; 1 suits effects of 1–5 σ. Default 1. */
  g?: number;
  /**
   * Smallest standard deviation believed (same unit as the differences): guards against a
   * spread of zero from quantized or identical runs. Default 1e-3 (0.1 % on the log scale).
   */
  resolution?: number;
}

const DEFAULT_G = 1;
const DEFAULT_RESOLUTION = 1e-3;

/** Adds one difference to a summary (returns a new summary). */
export function addDifference(summary: PairedSummary, value: number): PairedSummary {
  const n = summary.n + 1;
  const delta = value - summary.mean;
  const mean = summary.n === 0 ? value : summary.mean + delta / n;
  return { n, mean, sumSquares: summary.sumSquares + delta * (value - mean) };
}

/** The empty summary. */
export const NO_DIFFERENCES: PairedSummary = { n: 0, mean: 0, sumSquares: 0 };

/** log BF as a function of t² (n ≥ 2). */
function logFactorOfT2(t2: number, n: number, g: number): number {
  const nu = n - 1;
  const growth = 1 + n * g;
  return -0.5 * Math.log(growth) + (n / 2) * (Math.log1p(t2 / nu) - Math.log1p(t2 / (nu * growth)));
}

function standardDeviation(summary: PairedSummary, resolution: number): number {
  return Math.max(Math.sqrt(summary.sumSquares / (summary.n - 1)), resolution);
}

/**
 * Natural log of the Bayes factor against `mean = mu0`; 0 (no evidence) with fewer than two
 * differences.
 */
export function logBayesFactor(
  summary: PairedSummary,
  mu0: number,
  options: PairedTestOptions = {},
): number {
  const { g = DEFAULT_G, resolution = DEFAULT_RESOLUTION } = options;
  if (summary.n < 2) return 0;
  const t = ((summary.mean - mu0) * Math.sqrt(summary.n)) / standardDeviation(summary, resolution);
  return logFactorOfT2(t * t, summary.n, g);
}

/**
 * Confidence sequence for the mean at level `1 − alpha`: `[low, high]`, infinite until the
 * data can bound it. It holds at every `n` at once with probability `≥ 1 − alpha`.
 */
export function confidenceSequence(
  summary: PairedSummary,
  alpha: number,
  options: PairedTestOptions = {},
): [low: number, high: number] {
  const { g = DEFAULT_G, resolution = DEFAULT_RESOLUTION } = options;
  const { n } = summary;
  const threshold = Math.log(1 / alpha);
  // log BF grows with t² towards ((n − 1)/2)·ln(1 + n·g); below the threshold, no bound yet.
  if (n < 2 || ((n - 1) / 2) * Math.log(1 + n * g) <= threshold) return [-Infinity, Infinity];
  let low = 0;
  let high = 1;
  while (logFactorOfT2(high, n, g) < threshold) high *= 2;
  for (let i = 0; i < 100; i++) {
    const middle = (low + high) / 2;
    if (logFactorOfT2(middle, n, g) < threshold) low = middle;
    else high = middle;
  }
  const halfWidth = (Math.sqrt(high) * standardDeviation(summary, resolution)) / Math.sqrt(n);
  return [summary.mean - halfWidth, summary.mean + halfWidth];
}
