/**
 * The reference of a sequential test: where the block statistic sits and how much it varies
 * when nothing changes, estimated from the first blocks of a stable segment (or taken from a
 * stored baseline), with its own estimation error kept so that the test can charge it.
 */
import { MAD_TO_SIGMA, mad, median } from '../stats/robust.js';
import { HODGES_LEHMANN_SE, hodgesLehmannLocation } from './hodges-lehmann.js';

export interface Reference {
  /** Location of the statistic (Hodges-Lehmann). */
  center: number;
  /** Spread `s0` of one block's statistic around `center`: the test's unit. */
  scale: number;
  /** Standard error of `center`. */
  uncertainty: number;
  /** Practical margin `δ0 ≥ 0`: changes smaller than this are not reported. */
  margin: number;
  /** Blocks the reference rests on. */
  blocks: number;
}

export interface ReferenceOptions {
  /** Smallest scale. */
  floor: number;
  /**
   * Whether the scale ignores wild blocks (continuous statistics). Counts and shares, mostly
   * zero, take the plain standard deviation: their rare spikes are their spread.
   */
  robust: boolean;
  /** Factor on the estimated spread; 1.1 by default (DETECTION.md, step 2). */
  inflation?: number;
}

/** Autocorrelation above this is capped: the estimate from tens of blocks is rough anyway. */
const MAX_AUTOCORRELATION = 0.8;
/** Blocks beyond this many robust deviations are clipped before the standard deviation. */
const CLIP = 3.5;
/** A tail share beyond 3 robust deviations this high marks pathological tails. */
const HEAVY_TAIL_SHARE = 0.04;

function standardDeviation(values: Float64Array, center: number, clip: number): number {
  let sum = 0;
  for (const value of values) {
    const deviation = Math.max(-clip, Math.min(clip, value - center));
    sum += deviation * deviation;
  }
  return Math.sqrt(sum / Math.max(1, values.length - 1));
}

/** Lag-1 autocorrelation of `values` around `center`, capped to [0, 0.8]. */
export function lag1Autocorrelation(values: ArrayLike<number>, center: number): number {
  let products = 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const deviation = (values[i] ?? 0) - center;
    squares += deviation * deviation;
    if (i > 0) products += deviation * ((values[i - 1] ?? 0) - center);
  }
  if (!(squares > 0)) return 0;
  return Math.min(MAX_AUTOCORRELATION, Math.max(0, products / squares));
}

/**
 * Estimates a reference from blocks: location by Hodges-Lehmann; spread as the larger of
 * 1.4826 × MAD and the (clipped) standard deviation, inflated, widened by
 * `√((1 + r) / (1 − r))` for a lag-1 autocorrelation `r` (the long-run spread of a sum of
 * AR(1) blocks), and floored.
 */
export function estimateReference(values: Float64Array, options: ReferenceOptions): Reference {
  const n = values.length;
  const center = hodgesLehmannLocation(values);
  const middle = median(values);
  const robustSpread = MAD_TO_SIGMA * mad(values, middle);
  const spread = Math.max(
    robustSpread,
    standardDeviation(values, middle, options.robust ? CLIP * robustSpread : Infinity),
  );
  const r = lag1Autocorrelation(values, middle);
  const scale = Math.max(
    options.floor,
    spread * (options.inflation ?? 1.1) * Math.sqrt((1 + r) / (1 - r)),
  );
  return {
    center,
    scale,
    uncertainty: (HODGES_LEHMANN_SE * scale) / Math.sqrt(n),
    margin: 0,
    blocks: n,
  };
}

/**
 * Whether the two halves of a warm-up agree (|difference| within 3 standard errors): a page
 * still settling after load or a scene change does not make a reference.
 */
export function isSettled(values: Float64Array, reference: Reference): boolean {
  const half = values.length >> 1;
  const difference =
    hodgesLehmannLocation(values.subarray(half)) - hodgesLehmannLocation(values.subarray(0, half));
  const standardError =
    HODGES_LEHMANN_SE * reference.scale * Math.sqrt(1 / half + 1 / (values.length - half));
  return Math.abs(difference) <= 3 * standardError;
}

/** Whether more blocks than a normal law allows lie beyond 3 robust deviations. */
export function hasHeavyTails(values: Float64Array, reference: Reference): boolean {
  const middle = median(values);
  const robustSpread = MAD_TO_SIGMA * mad(values, middle);
  if (!(robustSpread > 0)) return false;
  let beyond = 0;
  for (const value of values) {
    if (Math.abs(value - reference.center) > 3 * robustSpread) beyond++;
  }
  return beyond > HEAVY_TAIL_SHARE * values.length;
}
