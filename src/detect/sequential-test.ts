/**
 * One anytime-valid test of a block statistic against its reference, in both directions, from
 * one start block on (a channel runs several, started one after another: see channel.ts).
 *
 * The reference's own error is part of the test. Every block is compared with the same
 * reference center `m0`, so its error `e` (standard error `se`, in units of the scale `s0`:
 * `u = se / s0`) enters the sum of `n` increments `n` times: the sum has variance `n + n² u²`,
 * not `n`. The test is the normal mixture on the sum and count divided by `k = 1 + n u²`:
 * exactly the Bayes factor of "the blocks moved from the reference" with the reference's
 * location integrated out, which is a martingale while nothing changed whatever that location
 * (a test invariant under shifting both), so Ville's inequality bounds the chance of ever
 * crossing by `α`. With `u = 0` it is the plain normal-mixture test.
 *
 * Two kinds of test charge the reference's error instead: they compare with the confidence
 * limit `m0 + z(1 − α_ref/2) · se` (the lower one for improvements), and the whole test holds
 * at `α + α_ref`.
 * - A distribution-free companion that applies the boundary to the signs of the increments
 *   (each in [−1, 1], so sub-Gaussian whatever the tails): it becomes the main statistic when
 *   the reference blocks show pathological tails. A sign does not scale with the reference's
 *   error.
 * - Tests against a stored reference (a baseline, remembered sessions): its error is mostly
 *   the spread between runs, large against one block's and the same for every block of the
 *   session. Once it dominates, the mixture above needs the shift to exceed about
 *   `√(2 ln(1/α))` of it, with the test's own small `α`, where the charge needs `z(1 − α_ref/2)`
 *   of it once, with the reference's larger share.
 */
import { logMixture, mixtureBoundary, mixtureRho } from './mixture.js';
import { normalQuantile } from './normal-quantile.js';
import { psi } from './reference.js';
import type { Reference } from './reference.js';

/** +1 worse (higher), −1 better (lower), 0 no decision. */
export type Direction = -1 | 0 | 1;

export interface TestBudget {
  /** Budget of the sequential boundary. */
  alpha: number;
  /** Budget of the reference's confidence limits (two-sided). */
  alphaReference: number;
  /** Block count where the boundary is tightest. */
  horizon: number;
}

export class SequentialTest {
  readonly reference: Reference;
  readonly alpha: number;
  readonly rho: number;
  /** Whether the sign statistic decides (pathological tails). */
  readonly signs: boolean;
  /** Whether the reference's error is charged to the thresholds (signs, stored references). */
  readonly charged: boolean;
  /**
   * Thresholds a block is compared with: the reference plus or minus the margin (and, where
   * `charged`, the reference's charged error).
   */
  readonly upper: number;
  readonly lower: number;
  /**
   * The reference's variance per unit of the scale, `u²` (see above); 0 where the thresholds
   * carry the charge instead.
   */
  readonly referenceVariance: number;
  /** Blocks tested. */
  count = 0;
  /** `2 ln(1/α)`: the boundary's level term, cached for the per-block check. */
  private readonly _level: number;
  private _sumUp = 0;
  private _sumDown = 0;
  private _signsUp = 0;
  private _signsDown = 0;
  /**
   * Largest `ln M` seen in each direction, from 0 (the always-valid p-value is `exp(−·)`,
   * and a p-value above 1 says nothing more than 1).
   */
  private _evidenceUp = 0;
  private _evidenceDown = 0;
  /** `1 / s0` and the clip of ψ, copied for the per-block path. */
  private readonly _unit: number;
  private readonly _clip: number;

  /** `stored`: the reference is a stored one (see above). */
  constructor(reference: Reference, budget: TestBudget, signs = false, stored = false) {
    this.reference = reference;
    this.alpha = budget.alpha;
    this.rho = mixtureRho(budget.horizon, budget.alpha);
    this.signs = signs;
    this._level = 2 * Math.log(1 / budget.alpha);
    this._unit = 1 / reference.scale;
    this._clip = reference.clip;
    this.charged = signs || stored;
    const charge = this.charged
      ? normalQuantile(1 - budget.alphaReference / 2) * reference.uncertainty
      : 0;
    this.upper = reference.center + charge + reference.margin;
    this.lower = reference.center - charge - reference.margin;
    this.referenceVariance = this.charged ? 0 : (reference.uncertainty / reference.scale) ** 2;
  }

  /** Adds one block's statistic; returns the direction of a boundary crossing, or 0. */
  add(value: number): Direction {
    const up = value - this.upper;
    const down = value - this.lower;
    this.count++;
    this._sumUp += psi(up * this._unit, this._clip);
    this._sumDown += psi(down * this._unit, this._clip);
    this._signsUp += up > 0 ? 1 : up < 0 ? -1 : 0;
    this._signsDown += down > 0 ? 1 : down < 0 ? -1 : 0;
    // The mixture on the sum and count divided by k (see above).
    const k = 1 + this.count * this.referenceVariance;
    const sumUp = (this.signs ? this._signsUp : this._sumUp) / k;
    const sumDown = (this.signs ? this._signsDown : this._sumDown) / k;
    const count = this.count / k;
    // ln M ≤ S² / (2 (v + ρ)) and u(v)² ≥ (v + ρ) · 2 ln(1/α): the logarithms are only
    // needed when a sum comes near its boundary, which is rare while nothing changes.
    const spread = count + this.rho;
    const half = 0.5 / spread;
    if (sumUp > 0 && sumUp * sumUp * half > this._evidenceUp) {
      this._evidenceUp = Math.max(this._evidenceUp, logMixture(sumUp, count, this.rho));
    }
    if (sumDown < 0 && sumDown * sumDown * half > this._evidenceDown) {
      this._evidenceDown = Math.max(this._evidenceDown, logMixture(sumDown, count, this.rho));
    }
    const quiet = spread * this._level;
    if (!(sumUp > 0 && sumUp * sumUp > quiet) && !(sumDown < 0 && sumDown * sumDown > quiet)) {
      return 0;
    }
    const bound = mixtureBoundary(count, this.rho, this.alpha);
    if (sumUp > bound) return 1;
    if (sumDown < -bound) return -1;
    return 0;
  }

  /** Largest `ln M` seen for a change in `direction` (the p-value is `exp(−evidence)`). */
  evidence(direction: 1 | -1): number {
    return direction === 1 ? this._evidenceUp : this._evidenceDown;
  }
}

/**
 * Time-uniform interval for the mean shift per block of `m` blocks whose standardized
 * deviations from the reference sum to `sum`: `(sum ± k · u(m / k)) / m · s0` with the
 * reference's error in `k = 1 + m u²` (where it is charged, `(sum ± u(m)) / m · s0` widened
 * by the charge). In statistic units.
 */
export function shiftInterval(test: SequentialTest, sum: number, m: number): [number, number] {
  const { scale, center, margin } = test.reference;
  const k = 1 + m * test.referenceVariance;
  const half = k * mixtureBoundary(m / k, test.rho, test.alpha);
  // The charge the constructor put into the thresholds (zero unless the test is charged).
  const charge = test.upper - center - margin;
  return [((sum - half) / m) * scale - charge, ((sum + half) / m) * scale + charge];
}
