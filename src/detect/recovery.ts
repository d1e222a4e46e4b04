/**
 * When a regressed metric is back: the median of its latest blocks has returned to the level
 * before the regression (within a tolerance), and is nearer to that level than to the
 * regressed one. The rule works whether or not the detector has learned a reference at the
 * regressed level yet, so a short regression that ended during that warm-up still recovers,
 * and a change that already ended when its test crossed is not announced.
 */
import type { DetectionStatistic } from '../types.js';
import { median } from '../stats/robust.js';
import { marginAt } from './policy.js';

/** Latest blocks whose median decides a return (a few blocks: one noisy block cannot). */
export const RETURN_BLOCKS = 5;
/** A level within this (relative) of the level before the regression is back. */
export const RECOVERY_TOLERANCE = 0.05;

/** Standard errors the latest blocks' median must be below the midpoint of the two levels. */
const RETURN_Z = 3;
/** Standard error of a median of n normal values per unit of their scale, times √n. */
export const MEDIAN_SE = 1.2533;

/**
 * The highest median of the latest blocks that counts as back (statistic units): within
 * `tolerance` of the origin, and {@link RETURN_Z} standard errors below the midpoint between
 * the origin and the regressed level, so that the noise of a few blocks (`scale` per block)
 * cannot end a small regression that is still there.
 */
export function returnThreshold(
  statistic: DetectionStatistic,
  origin: number,
  regressed: number,
  scale: number,
  tolerance: number,
): number {
  const tolerated = origin + marginAt(statistic, origin, tolerance);
  const standardError = (MEDIAN_SE * scale) / Math.sqrt(RETURN_BLOCKS);
  return Math.min(tolerated, (origin + regressed) / 2 - RETURN_Z * standardError);
}

/** Whether the median of `latest` (the last {@link RETURN_BLOCKS} blocks) is at most `threshold`. */
export function isBack(latest: Float64Array, threshold: number): boolean {
  return latest.length >= RETURN_BLOCKS && median(latest) <= threshold;
}

/**
 * Whether a worsening by `shift` that has lasted is over by now: the median of its latest blocks
 * (`latest`, up to {@link RETURN_BLOCKS}) is nearer `center` than half the change, or than
 * {@link RETURN_Z} standard errors of that median when the change was a spike that settled
 * lower.
 */
export function isOver(
  latest: Float64Array,
  center: number,
  shift: number,
  scale: number,
): boolean {
  const standardError = (MEDIAN_SE * scale) / Math.sqrt(RETURN_BLOCKS);
  return median(latest) - center < Math.min(shift / 2, RETURN_Z * standardError);
}
