/**
 * What an alarm says about the change it saw: where it began (the best single split of the
 * blocks), how large it is (Hodges-Lehmann shift, with the always-valid interval of the test
 * that crossed), whether it reaches the minimum effect of practical interest, and how bad it
 * reads. Pure: the metric's detector decides what to do with it (regression, recovery,
 * improvement, or learning the level again).
 */
import type { DetectionStatistic, Severity } from '../types.js';
import type { BlockRing } from './block-ring.js';
import { changePoint } from './change-point.js';
import { hodgesLehmannShift } from './hodges-lehmann.js';
import { relativeChange, untransform } from './policy.js';
import { shiftInterval } from './sequential-test.js';
import type { SequentialTest } from './sequential-test.js';

/** Blocks before a change compared with the blocks after it, at most. */
const BEFORE_BLOCKS = 120;

/** The blocks an alarm is judged on, and how its reference was made. */
export interface AlarmBlocks {
  ring: BlockRing;
  /** The channel (block statistic) that crossed. */
  channel: number;
  statistic: DetectionStatistic;
  /** First block of the segment (since the warm-up began) and the alarm's block. */
  from: number;
  index: number;
  /** Whether the reference is a stored one (no reference blocks in the ring). */
  stored: boolean;
  /** Blocks of a warm-up. */
  warmup: number;
  /** Minimum effect of practical interest (relative). */
  margin: number;
}

/** A change, measured. Levels are in the statistic's (transformed) units. */
export interface ChangeEstimate {
  /** Block number where the change began. */
  first: number;
  /** The blocks' values since then. */
  after: Float64Array;
  /** Hodges-Lehmann shift of `after` from the blocks before (or the stored center). */
  shift: number;
  /** The change as a regression reports it (see {@link reportedChange}). */
  delta: number;
  /** Always-valid interval of `delta`, widened to contain it. */
  interval: [number, number];
  /** Whether the change reaches the minimum effect of practical interest. */
  practical: boolean;
  /** End of the alarm's block, and start of the change's first block (perfwarden clock). */
  detectedAt: number;
  changedAt: number;
}

/**
 * How bad a regression reads: graded on its estimated size, the figure a person reads first
 * (the interval says how sure it is). Relative changes: from +10 % major, from +25 %
 * critical. Shares of frames, whose change is in percentage points: from 2 points major, from
 * 5 points critical.
 */
export function severityOf(statistic: DetectionStatistic, delta: number): Severity {
  const [major, critical] = statistic === 'proportion' ? [0.02, 0.05] : [0.1, 0.25];
  if (delta >= critical) return 'critical';
  if (delta >= major) return 'major';
  return 'minor';
}

/**
 * The change a regression reports for a statistic moving from `center` by `shift`: relative
 * (0.12 = 12 % more), except for shares of frames, where it is the difference of the shares
 * (0.06 = 6 percentage points more): a share that grows from 0.1 % to 6 % is "+5.9 points",
 * not "+5900 %".
 */
function reportedChange(
  statistic: DetectionStatistic,
  center: number,
  shift: number,
  floor: number,
): number {
  if (statistic === 'proportion') {
    return untransform(statistic, center + shift) - untransform(statistic, center);
  }
  return relativeChange(statistic, center, shift, floor);
}

/** Smallest level of a share or rate before the change: half an event over those blocks. */
function levelFloor(
  ring: BlockRing,
  statistic: DetectionStatistic,
  from: number,
  to: number,
): number {
  if (statistic !== 'proportion' && statistic !== 'rate') return 0;
  let weights = 0;
  for (let i = from; i < to; i++)
    weights += statistic === 'rate' ? 1 : (ring.weight[ring.slot(i)] ?? 0);
  return 0.5 / Math.max(1, weights);
}

/** Measures the change that `test` alarmed on, over `blocks`. */
export function estimateChange(test: SequentialTest, blocks: AlarmBlocks): ChangeEstimate {
  const { ring, channel: c, statistic, from, index, stored, warmup } = blocks;
  const { reference } = test;
  // The change: the best single split of the blocks since the warm-up began, after the
  // warm-up; against a stored reference (its center standing in for the blocks before the
  // session), possibly at the session's first block.
  const series = ring.series(c, from, index);
  const lead = stored ? warmup : 0;
  const joined = new Float64Array(lead + series.length).fill(reference.center, 0, lead);
  joined.set(series, lead);
  const left = stored ? lead : Math.max(1, Math.min(warmup, index - from));
  const first = from + changePoint(joined, left) - lead;
  const after = ring.series(c, first, index);
  const before = stored
    ? new Float64Array([reference.center])
    : ring.series(c, Math.max(from, first - BEFORE_BLOCKS), first - 1);
  const shift = hodgesLehmannShift(after, before);
  const detectedAt = ring.end[ring.slot(index)] ?? NaN;
  let sum = 0;
  for (const value of after) sum += (value - reference.center) / reference.scale;
  const [low, high] = shiftInterval(test, sum, after.length);
  const floor = levelFloor(ring, statistic, from, first);
  const change = (value: number): number =>
    reportedChange(statistic, reference.center, value, floor);
  const delta = change(shift);
  // Below the minimum effect of practical interest the change is real but not worth a
  // regression, however confident. Judged on the smaller of the Hodges-Lehmann shift and the
  // mean shift: block medians move in histogram buckets (1.09 %), so near the margin the
  // former alone steps over it.
  const meanShift = (sum / Math.max(1, after.length)) * reference.scale;
  const practical =
    relativeChange(statistic, reference.center, Math.min(shift, meanShift), floor) >= blocks.margin;
  return {
    first,
    after,
    shift,
    delta,
    interval: [Math.min(change(low), delta), Math.max(change(high), delta)],
    practical,
    detectedAt,
    changedAt: ring.start[ring.slot(first)] ?? detectedAt,
  };
}
