/**
 * Online mean and variance (Welford's algorithm), numerically stable in one pass and
 * mergeable (Chan et al.), so per-window moments can be combined without the raw values.
 */
export class OnlineMoments {
  /** Number of values added. */
  count = 0;
  /** Running mean (NaN while empty). */
  mean = NaN;
  private _m2 = 0;

  /** Adds one finite value; anything else is ignored and returns false. */
  add(value: number): boolean {
    if (!Number.isFinite(value)) return false;
    this.count++;
    if (this.count === 1) {
      this.mean = value;
      return true;
    }
    const delta = value - this.mean;
    this.mean += delta / this.count;
    this._m2 += delta * (value - this.mean);
    return true;
  }

  /** Sample variance (n − 1 denominator); NaN with fewer than two values. */
  get variance(): number {
    return this.count < 2 ? NaN : this._m2 / (this.count - 1);
  }

  /** Sample standard deviation; NaN with fewer than two values. */
  get stddev(): number {
    return Math.sqrt(this.variance);
  }

  /** Combines `other` into this, as if its values had been added here. */
  merge(other: OnlineMoments): void {
    if (other.count === 0) return;
    if (this.count === 0) {
      this.count = other.count;
      this.mean = other.mean;
      this._m2 = other._m2;
      return;
    }
    const count = this.count + other.count;
    const delta = other.mean - this.mean;
    this.mean += (delta * other.count) / count;
    this._m2 += other._m2 + (delta * delta * this.count * other.count) / count;
    this.count = count;
  }

  /** Forgets every value. */
  reset(): void {
    this.count = 0;
    this.mean = NaN;
    this._m2 = 0;
  }
}

/** Creates empty online moments. */
/* @__NO_SIDE_EFFECTS__ */
export function createMoments(): OnlineMoments {
  return new OnlineMoments();
}
