/**
 * The reference of a sequential test: where the block statistic sits and how much it varies
 * when nothing changes, estimated from the first blocks of a stable segment (or taken from a
 * stored baseline), with its own estimation error kept so that the test can account for it.
 *
 * The test adds Huber-clipped increments `ψ((b − m0*) / s0)`, `ψ(z) = max(−c, min(c, z))`. For
 * their mean to be ≤ 0 while nothing changes whatever the law of the blocks (skewed tails,
 * shares that are mostly zero), the center is the M-estimate for that same ψ: the `μ` with
 * `Σ ψ((x − μ) / s0) = 0`. Its standard error comes from the sandwich formula
 * `s0 · √mean(ψ²) / mean(ψ') / √n`, i.e. from the blocks themselves.
 */
import { MAD_TO_SIGMA } from '../stats/robust.js';

export interface Reference {
  /** Location of the statistic: the ψ M-estimate (or the median for sign tests). */
  center: number;
  /** Spread `s0` of one block's statistic around `center`: the test's unit. */
  scale: number;
  /** Standard error of `center`. */
  uncertainty: number;
  /** Practical margin `δ0 ≥ 0`: changes smaller than this are not reported. */
  margin: number;
  /** Blocks the reference rests on. */
  blocks: number;
  /** Where the test's increments are clipped, in units of `scale` (see {@link psi}). */
  clip: number;
}

export interface ReferenceOptions {
  /** Smallest scale. */
  floor: number;
  /**
   * Whether the scale ignores wild blocks (continuous statistics). Counts and shares, mostly
   * zero, take the plain standard deviation: their rare spikes are their spread.
   */
  robust: boolean;
  /** Center for the sign test (the median) instead of the ψ M-estimate. */
  signs: boolean;
  /** Where ψ clips, in units of the scale. */
  clip: number;
  /** Factor on the estimated spread, for the spread's own estimation error; 1.1 by default. */
  inflation?: number;
}

/** Asymptotic standard error of the sample median per unit of σ and per √n: √(π/2). */
const MEDIAN_SE = Math.sqrt(Math.PI / 2);
/** Autocorrelation above this is capped: the estimate from tens of blocks is rough anyway. */
const MAX_AUTOCORRELATION = 0.8;
/** Blocks beyond this many robust deviations are clipped before the standard deviation. */
const SD_CLIP = 3.5;
/** A share of blocks beyond 3 units of the test's scale this high marks pathological tails. */
const HEAVY_TAIL_SHARE = 0.04;

/**
 * Huber's ψ at `clip`: the increment the test adds for a standardized block `z`. Math.min/max
 * rather than a conditional: V8 then keeps the result an unboxed double where the caller
 * inlines it; a conditional that may return the field `clip` made every test's `add` allocate
 * two heap numbers (32 bytes per test per block).
 */
export function psi(z: number, clip: number): number {
  return Math.max(-clip, Math.min(clip, z));
}

function middleOf(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const half = n >> 1;
  const upper = sorted[half] ?? NaN;
  return n % 2 === 1 ? upper : ((sorted[half - 1] ?? NaN) + upper) / 2;
}

/** Median and 1.4826 × MAD of `values` (finite numbers). */
function medianAndSpread(values: Float64Array): { middle: number; spread: number } {
  const middle = middleOf(Float64Array.from(values).sort());
  const deviations = Float64Array.from(values, (value) => Math.abs(value - middle)).sort();
  return { middle, spread: MAD_TO_SIGMA * middleOf(deviations) };
}

function standardDeviation(values: Float64Array, center: number, clip: number): number {
  let sum = 0;
  for (const value of values) {
    const deviation = Math.max(-clip, Math.min(clip, value - center));
    sum += deviation * deviation;
  }
  return Math.sqrt(sum / Math.max(1, values.length - 1));
}

/** Lag-1 autocorrelation of `values` around `center`, capped to [0, 0.8]. */
export function lag1Autocorrelation(values: Float64Array, center: number): number {
  let products = 0;
  let squares = 0;
  let previous = NaN;
  for (const value of values) {
    const deviation = value - center;
    squares += deviation * deviation;
    if (!Number.isNaN(previous)) products += deviation * previous;
    previous = deviation;
  }
  if (!(squares > 0)) return 0;
  return Math.min(MAX_AUTOCORRELATION, Math.max(0, products / squares));
}

/**
 * The ψ M-estimate of location for scale `scale` (iteratively reweighted from `start`) and its
 * sandwich standard error.
 */
export function psiLocation(
  values: Float64Array,
  scale: number,
  clip: number,
  start: number,
): { center: number; uncertainty: number } {
  let center = start;
  for (let iteration = 0; iteration < 30; iteration++) {
    let sum = 0;
    let inside = 0;
    for (const value of values) {
      const z = (value - center) / scale;
      sum += psi(z, clip);
      if (Math.abs(z) < clip) inside++;
    }
    const step = (scale * sum) / Math.max(1, inside);
    center += step;
    if (Math.abs(step) < 1e-9 * scale) break;
  }
  let squares = 0;
  let inside = 0;
  for (const value of values) {
    const z = (value - center) / scale;
    squares += psi(z, clip) ** 2;
    if (Math.abs(z) < clip) inside++;
  }
  const n = values.length;
  const slope = Math.max(inside, 1) / n;
  return { center, uncertainty: (scale * Math.sqrt(squares / n)) / slope / Math.sqrt(n) };
}

/**
 * Estimates a reference from blocks. Spread: the larger of 1.4826 × MAD and the standard
 * deviation (clipped at 3.5 robust deviations for continuous statistics), inflated, widened
 * by `√((1 + r) / (1 − r))` for a lag-1 autocorrelation `r` (the long-run spread of a sum of
 * AR(1) blocks), and floored. Center: the ψ M-estimate at that scale, or the median.
 */
export function estimateReference(values: Float64Array, options: ReferenceOptions): Reference {
  const n = values.length;
  const { middle, spread: robustSpread } = medianAndSpread(values);
  const clip = options.robust && robustSpread > 0 ? SD_CLIP * robustSpread : Infinity;
  const spread = Math.max(robustSpread, standardDeviation(values, middle, clip));
  const r = lag1Autocorrelation(values, middle);
  const scale = Math.max(
    options.floor,
    spread * (options.inflation ?? 1.1) * Math.sqrt((1 + r) / (1 - r)),
  );
  const { clip: increments } = options;
  if (options.signs) {
    const uncertainty = (MEDIAN_SE * scale) / Math.sqrt(n);
    return { center: middle, scale, uncertainty, margin: 0, blocks: n, clip: increments };
  }
  const location = psiLocation(values, scale, increments, middle);
  return { ...location, scale, margin: 0, blocks: n, clip: increments };
}

/**
 * Whether the two halves of a warm-up agree (|difference| within 3 standard errors): a page
 * still settling after load or a scene change does not make a reference.
 */
export function isSettled(values: Float64Array, reference: Reference): boolean {
  const half = values.length >> 1;
  const { scale, clip, center } = reference;
  const first = psiLocation(values.subarray(0, half), scale, clip, center);
  const second = psiLocation(values.subarray(half), scale, clip, center);
  return (
    Math.abs(second.center - first.center) <= 3 * Math.hypot(first.uncertainty, second.uncertainty)
  );
}

/**
 * Whether more blocks than a normal law allows lie beyond 3 units `scale` of the test (the
 * reference's scale) from the median. Measured in MADs instead, a reference with two close
 * levels (a GPU whose clock steps under CPU load: 15 blocks near 1.3 ms, 5 near 1.8 ms)
 * looked pathological, and the sign test then needed ~30 blocks for a +300 % change; in the
 * test's unit those blocks are ordinary, while a stall's block (clipped in the spread) still
 * lies far out.
 */
export function hasHeavyTails(values: Float64Array, scale: number): boolean {
  if (!(scale > 0)) return false;
  const middle = middleOf(Float64Array.from(values).sort());
  let beyond = 0;
  for (const value of values) {
    if (Math.abs(value - middle) > 3 * scale) beyond++;
  }
  return beyond > HEAVY_TAIL_SHARE * values.length;
}
