/**
 * The interleaved A/B decision for one metric statistic: each pair of runs adds the difference
 * `ln(candidate) − ln(baseline)`, and the anytime-valid confidence sequence of their mean
 * (src/detect/paired-test.ts) decides, after any pair, against the threshold `t`:
 * the whole interval above `ln(1 + t)` → fail (slower by more than `t`, confidently); the whole
 * interval below it → pass; otherwise another pair is needed.
 */
import {
  addDifference,
  confidenceSequence,
  logBayesFactor,
  NO_DIFFERENCES,
} from '../detect/paired-test.js';
import type { PairedSummary, PairedTestOptions } from '../detect/paired-test.js';
import { mad, MAD_TO_SIGMA, median } from '../stats/robust.js';

/**
 * A pair whose difference lies more than this many robust standard deviations from the median
 * of the earlier pairs (a run hit by a stall of the machine) counts as lying at that distance:
 * one disrupted run must not hold a clear verdict back for the rest of the job.
 */
const CLIP = 3;
/** Pairs needed before the clipping starts (it needs a spread to go by). */
const CLIP_AFTER = 4;
/** Smallest robust spread the clipping assumes (1 % on the log scale). */
const CLIP_FLOOR = 0.01;

/** Run-level effects in CI are large in units of the run-to-run spread: a wide prior fits. */
export const PAIRED_PRIOR: PairedTestOptions = { g: 10 };

/** Where one metric statistic stands. */
export interface PairedDecision {
  outcome: 'pass' | 'fail' | 'undecided';
  /** Relative change, estimate and anytime-valid interval. */
  delta: number;
  interval: [low: number, high: number];
  /** 1 − always-valid p-value of "no difference": how sure the arms differ. */
  confidence: number;
}

/** Accumulates pairs of one metric statistic. */
export class PairedComparison {
  private _summary: PairedSummary = NO_DIFFERENCES;
  private _maxLogFactor = 0;
  private readonly _differences: number[] = [];
  readonly baseline: number[] = [];
  readonly candidate: number[] = [];

  /** `alpha`: this statistic's share of the error budget; `threshold`: e.g. 0.05 for 5 %. */
  constructor(
    private readonly _alpha: number,
    private readonly _threshold: number,
  ) {}

  get pairs(): number {
    return this._summary.n;
  }

  /** Adds one pair of run values (both positive). */
  add(baseline: number, candidate: number): void {
    this.baseline.push(baseline);
    this.candidate.push(candidate);
    let difference = Math.log(candidate) - Math.log(baseline);
    if (this._differences.length >= CLIP_AFTER) {
      // Bounds from the earlier pairs only, so this pair cannot move its own bounds.
      const center = median(this._differences);
      const spread = Math.max(MAD_TO_SIGMA * mad(this._differences, center), CLIP_FLOOR);
      difference = Math.min(center + CLIP * spread, Math.max(center - CLIP * spread, difference));
    }
    this._differences.push(difference);
    this._summary = addDifference(this._summary, difference);
    this._maxLogFactor = Math.max(
      this._maxLogFactor,
      logBayesFactor(this._summary, 0, PAIRED_PRIOR),
    );
  }

  decision(): PairedDecision {
    const [low, high] = confidenceSequence(this._summary, this._alpha, PAIRED_PRIOR);
    const bar = Math.log1p(this._threshold);
    return {
      outcome: low > bar ? 'fail' : high < bar ? 'pass' : 'undecided',
      delta: Math.expm1(this._summary.mean),
      interval: [Math.expm1(low), Math.expm1(high)],
      confidence: 1 - Math.min(1, Math.exp(-this._maxLogFactor)),
    };
  }
}
