/**
 * One channel of a detector: a block statistic, its reference and the tests that watch it.
 *
 * A single test started after the warm-up would find a change late in a session slowly: its
 * sum keeps every block since its start, and the blocks before the change dilute it. So the
 * channel starts a new test every `spacing` blocks and keeps each for up to `lifetime` blocks
 * (thinned with age); a change is then seen by a test that started at most `spacing` blocks
 * after it. The union of all tests stays within budget:
 * starts are grouped in epochs of `epoch` blocks, each start of epoch e gets
 * `6 / (π² e²) / (starts per epoch)` of the sequential budget (the weights sum to 1 over any
 * session length).
 *
 * The reference grows while nothing happens: new tests compare with the blocks seen so far,
 * re-estimated after every `warmup` blocks, up to `referenceBlocks` blocks (a larger
 * reference is known better, which the tests on it gain: see sequential-test.ts). Each test
 * keeps the reference it started with; the reference's budget, charged by the sign companion
 * and against a stored reference, is split evenly over the reference sizes, so all of them
 * hold together.
 */
import type { DetectionStatistic } from '../types.js';
import { isSettled } from './reference.js';
import type { Reference } from './reference.js';
import { SequentialTest } from './sequential-test.js';
import type { Direction } from './sequential-test.js';

export interface ChannelSettings {
  /** Blocks of the first reference. */
  warmup: number;
  /** Blocks of the largest reference: the reference is re-estimated every `warmup` blocks up to it. */
  referenceBlocks: number;
  /** Blocks between test starts. */
  spacing: number;
  /** Blocks a test is kept. */
  lifetime: number;
  /** Blocks per budget epoch. */
  epoch: number;
  /** Block count where each test's boundary is tightest. */
  horizon: number;
}

/** How the channel's references are made (supplied by the detector). */
export interface ReferenceEstimator {
  /**
   * The reference (with floor and margin) of `statistic` for the blocks `values`, centered
   * for the sign test or for the normal-mixture test.
   */
  estimate(statistic: DetectionStatistic, values: Float64Array, signs: boolean): Reference;
  /** Whether the sign statistic decides for reference blocks `values` of scale `scale`. */
  signs(values: Float64Array, scale: number): boolean;
}

const SERIES_WEIGHT = 6 / Math.PI ** 2;

export class Channel {
  readonly statistic: DetectionStatistic;
  /** False for a witness: the channel learns its references but runs no test. */
  readonly tested: boolean;
  /** The test whose crossing `test` reported last. */
  crossed: SequentialTest | undefined;
  private readonly _settings: ChannelSettings;
  /** Reference sizes one instance goes through: `warmup`, twice that, … up to `referenceBlocks`. */
  private readonly _sizes: number;
  /** Blocks the reference is estimated from (up to the largest reference). */
  private readonly _pool: Float64Array;
  private _pooled = 0;
  /** Re-estimates so far in this instance (the reference's size in warm-ups, less one). */
  private _reestimates = 0;
  private _reference: Reference | undefined;
  /** The estimate the settling check made of the full warm-up (reused when it is normal). */
  private _warmed: Reference | undefined;
  private _referenceBlocks = 0;
  /** A fixed reference (stored baseline): no growth, no settling check. */
  private _fixed = false;
  /** The reference was kept across a gate: it no longer grows (its blocks are from before). */
  private _frozen = false;
  private _signs = false;
  private _alpha = 0;
  private _alphaReference = 0;
  private readonly _tests: SequentialTest[] = [];
  private readonly _weights: number[] = [];
  /** Start number of each test (0, 1, 2, …), for thinning. */
  private readonly _ordinals: number[] = [];
  private _started = 0;
  private _sinceStart = 0;

  constructor(statistic: DetectionStatistic, settings: ChannelSettings, tested = true) {
    this.statistic = statistic;
    this.tested = tested;
    this._settings = settings;
    this._sizes = Math.max(1, Math.floor(settings.referenceBlocks / settings.warmup));
    this._pool = new Float64Array(settings.warmup * this._sizes);
  }

  /** Whether tests are running (the warm-up is over). */
  get testing(): boolean {
    return this._reference !== undefined;
  }

  /** Blocks in the warm-up so far. */
  get warming(): number {
    return this._pooled;
  }

  /** The reference new tests start with. */
  get reference(): Reference | undefined {
    return this._reference;
  }

  /** Whether the tests run on signs (the tail, or pathological tails). */
  get signs(): boolean {
    return this._signs;
  }

  /** The blocks pooled so far (warm-up, then the growing reference). */
  get pooled(): Float64Array {
    return this._pool.subarray(0, this._pooled);
  }

  /** The reference blocks (empty for a fixed reference). */
  get referenceValues(): Float64Array {
    return this._fixed ? new Float64Array(0) : this._pool.subarray(0, this._referenceBlocks);
  }

  /**
   * Adds a block to the warm-up; returns true when a reference can be made from it (call
   * `begin` then). A warm-up whose halves disagree loses its older half and goes on.
   */
  warm(value: number, estimator: ReferenceEstimator, needed: number): boolean {
    this._pool[this._pooled++] = value;
    if (this._pooled < needed) return false;
    const values = this._pool.subarray(0, this._pooled);
    if (needed < this._settings.warmup) return true;
    // Kept for `begin`, which would otherwise estimate the same blocks again.
    this._warmed = estimator.estimate(this.statistic, values, false);
    if (!isSettled(values, this._warmed)) {
      this._warmed = undefined;
      const half = this._pooled >> 1;
      this._pool.copyWithin(0, half, this._pooled);
      this._pooled -= half;
      return false;
    }
    return true;
  }

  /**
   * Starts testing with budget `alpha` (three quarters for the tests, one quarter for the
   * references), against the warm-up blocks or, when given, a fixed reference.
   */
  begin(alpha: number, estimator: ReferenceEstimator, fixed?: Reference): void {
    this._alpha = 0.75 * alpha;
    this._fixed = fixed !== undefined;
    this._alphaReference = (0.25 * alpha) / (this._fixed ? 1 : this._sizes);
    // A warm-up restarted from the blocks after a change may already hold several warm-ups.
    this._reestimates = Math.max(0, Math.floor(this._pooled / this._settings.warmup) - 1);
    this._started = 0;
    this._sinceStart = 0;
    this._endTests();
    this._establish(estimator, fixed);
    this._start();
  }

  /**
   * Tests one block; returns the direction of a crossing (worse wins; the test is then in
   * `crossed`), or 0.
   */
  test(value: number, estimator: ReferenceEstimator): Direction {
    let direction: Direction = 0;
    for (const test of this._tests) {
      const crossing = test.add(value);
      if (crossing !== 0 && (direction === 0 || crossing > direction)) {
        direction = crossing;
        this.crossed = test;
      }
    }
    if (direction !== 0) return direction;
    if (!this._fixed && !this._frozen && this._pooled < this._pool.length) {
      this._pool[this._pooled++] = value;
      if (this._pooled % this._settings.warmup === 0) {
        this._reestimates++;
        this._establish(estimator, undefined);
      }
    }
    if (++this._sinceStart >= this._settings.spacing) {
      this._prune();
      this._start();
    }
    return 0;
  }

  /**
   * Tests the warm-up blocks with the tests just begun against a fixed reference (they were
   * not part of it); stops at the first crossing and returns its direction, or 0.
   */
  replay(estimator: ReferenceEstimator): Direction {
    if (!this._fixed) return 0;
    for (const value of this._pool.subarray(0, this._pooled)) {
      const direction = this.test(value, estimator);
      if (direction !== 0) return direction;
    }
    return 0;
  }

  /**
   * Always-valid p-value of a change in `direction` over all tests so far (weighted union),
   * plus the references' budget.
   */
  pValue(direction: 1 | -1): number {
    let p = 1;
    this._tests.forEach((test, i) => {
      p = Math.min(p, Math.exp(-test.evidence(direction)) / (this._weights[i] ?? 1));
    });
    return Math.min(1, p + this._alphaReference * (this._reestimates + 1));
  }

  /**
   * Goes on testing the reference after a gate, with its margin at least `margin` (in the
   * statistic's units): the running tests end (their blocks were from before the gate), new
   * ones start against the widened reference, and the reference stops growing. The tests'
   * error budget continues where it was, as for any new test.
   */
  widen(margin: number): void {
    const reference = this._reference;
    if (!reference) return;
    this._reference = { ...reference, margin: Math.max(reference.margin, margin) };
    this._frozen = true;
    this._endTests();
    this._start();
  }

  /** Ends `test` (one of this channel's, which crossed) and goes on with the others. */
  dismiss(test: SequentialTest): void {
    const i = this._tests.indexOf(test);
    if (i < 0) return;
    this._tests.splice(i, 1);
    this._weights.splice(i, 1);
    this._ordinals.splice(i, 1);
    if (this.crossed === test) this.crossed = undefined;
  }

  /** Forgets everything; `values` (optional) start the next warm-up. */
  restart(values?: Float64Array): void {
    this._frozen = false;
    this._reference = undefined;
    this._warmed = undefined;
    this._referenceBlocks = 0;
    this._fixed = false;
    this._endTests();
    const keep = values
      ? values.subarray(Math.max(0, values.length - this._pool.length))
      : undefined;
    this._pooled = keep?.length ?? 0;
    if (keep) this._pool.set(keep);
  }

  /** Ends every running test (with its weight and start number). */
  private _endTests(): void {
    this._tests.length = 0;
    this._weights.length = 0;
    this._ordinals.length = 0;
  }

  private _establish(estimator: ReferenceEstimator, fixed: Reference | undefined): void {
    const values = this._pool.subarray(0, this._pooled);
    const warmed = this._warmed?.blocks === this._pooled ? this._warmed : undefined;
    this._warmed = undefined;
    // The sign decision needs the plain reference's scale; it is the reference unless the
    // tails are pathological.
    const plain = fixed ? undefined : (warmed ?? estimator.estimate(this.statistic, values, false));
    this._signs = plain !== undefined && estimator.signs(values, plain.scale);
    this._reference =
      fixed ?? (this._signs ? estimator.estimate(this.statistic, values, true) : plain);
    this._referenceBlocks = this._pooled;
  }

  private _start(): void {
    const reference = this._reference;
    if (!reference || !this.tested) return;
    const { epoch, spacing, horizon } = this._settings;
    const perEpoch = Math.max(1, Math.floor(epoch / spacing));
    const era = Math.floor(this._started / perEpoch) + 1;
    const weight = SERIES_WEIGHT / (era * era) / perEpoch;
    this._started++;
    this._sinceStart = 0;
    this._tests.push(
      new SequentialTest(
        reference,
        { alpha: this._alpha * weight, alphaReference: this._alphaReference, horizon },
        this._signs,
        this._fixed,
      ),
    );
    this._weights.push(weight);
    this._ordinals.push(this._started - 1);
  }

  /**
   * Drops tests past their lifetime, and thins the older ones: past a quarter of it only every
   * second start is kept, past half only every fourth. A change is still followed by a test
   * that started at most 2 (then 4) spacings after it, at half the cost per block. Dropping a
   * test never adds a false alarm.
   */
  private _prune(): void {
    const { lifetime } = this._settings;
    let kept = 0;
    this._tests.forEach((test, i) => {
      const ordinal = this._ordinals[i] ?? 0;
      const age = test.count;
      const keep =
        age < lifetime &&
        (age < lifetime / 4 || ordinal % 2 === 0) &&
        (age < lifetime / 2 || ordinal % 4 === 0);
      if (!keep) return;
      this._tests[kept] = test;
      this._weights[kept] = this._weights[i] ?? 0;
      this._ordinals[kept] = ordinal;
      kept++;
    });
    this._tests.length = kept;
    this._weights.length = kept;
    this._ordinals.length = kept;
  }
}
