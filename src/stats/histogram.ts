/**
 * A fixed-memory log-bucket histogram for non-negative values.
 *
 * Buckets follow OpenTelemetry's base-2 exponential histogram: at `scale` s the base is
 * `b = 2^(2^-s)` and bucket `i` holds the values in `(b^i, b^(i+1)]`. Any quantile is
 * reported as the point of its bucket that minimises the worst relative error, so the
 * error is at most `(b - 1) / (b + 1)`; the scale is the coarsest one that meets the
 * requested `relativeError`. Because the layout is OTLP's, an exporter can ship the
 * buckets as they are.
 *
 * Memory is fixed at creation (one `Uint32Array` spanning `lowest..highest`); `add` never
 * allocates. Values in `[0, lowest]` go to a zero bucket (OTLP's `zeroCount` with
 * `zeroThreshold = lowest`), values above `highest` to the last bucket; `min`, `max`,
 * `sum` and `count` stay exact whatever the value. NaN, negative and infinite values are
 * rejected: they only increase `rejected`.
 */
import { BucketMapping, MIN_NORMAL } from './bucket-mapping.js';
import { numberOption, optionsObject, preview, rejectUnknown } from '../validate.js';

const WHERE = 'createHistogram';

/** Layout of a histogram: which values it resolves and how finely. */
export interface HistogramOptions {
  /**
   * Largest relative error allowed for a reported quantile, in (0, 0.5]. Default 0.01
   * (1 %), which selects scale 6 (64 buckets per power of two, 0.54 % worst error).
   */
  relativeError?: number;
  /** Values at or below this (and 0) are counted in the zero bucket. Default 1e-3. */
  lowest?: number;
  /** Values above this share the last bucket (their min/max/sum stay exact). Default 1e9. */
  highest?: number;
}

/**
 * Compact, JSON-safe form of a histogram. `counts[k]` is the count of bucket
 * `offset + k`; only the range between the first and last non-empty bucket is kept.
 */
export interface SerializedHistogram {
  /** Format version of this object. */
  v: 1;
  scale: number;
  lowest: number;
  highest: number;
  count: number;
  sum: number;
  /** Smallest accepted value, or `null` when empty. */
  min: number | null;
  /** Largest accepted value, or `null` when empty. */
  max: number | null;
  zeroCount: number;
  rejected: number;
  offset: number;
  counts: number[];
}

const DEFAULT_RELATIVE_ERROR = 0.01;
const DEFAULT_LOWEST = 1e-3;
const DEFAULT_HIGHEST = 1e9;
const MAX_SCALE = 20;
const MAX_BUCKETS = 1 << 20;

/** Worst relative error of a quantile at a given scale: `(b - 1) / (b + 1)`. */
export function relativeErrorOfScale(scale: number): number {
  const base = 2 ** (2 ** -scale);
  return (base - 1) / (base + 1);
}

/** The coarsest scale whose worst relative error is at most `relativeError`. */
export function scaleForRelativeError(relativeError: number): number {
  if (!(relativeError > 0 && relativeError <= 0.5)) {
    throw new RangeError(`relativeError must be in (0, 0.5], got ${String(relativeError)}`);
  }
  let scale = 0;
  while (relativeErrorOfScale(scale) > relativeError && scale < MAX_SCALE) scale++;
  return scale;
}

/** A streaming histogram of non-negative values with a bounded quantile error. */
export class LogHistogram {
  /** Scale of the exponential buckets (OTLP's `scale`). */
  readonly scale: number;
  readonly lowest: number;
  readonly highest: number;
  /** Worst relative error of a reported quantile for values above `lowest`. */
  readonly relativeError: number;
  /** Number of accepted values. */
  count = 0;
  /** Sum of accepted values. */
  sum = 0;
  /** Smallest accepted value (`Infinity` while empty). */
  min = Infinity;
  /** Largest accepted value (`-Infinity` while empty). */
  max = -Infinity;
  /** Accepted values in `[0, lowest]`. */
  zeroCount = 0;
  /** Values refused because they were NaN, negative or infinite. */
  rejected = 0;

  private readonly _counts: Uint32Array;
  /** Absolute bucket index of `_counts[0]`. */
  private readonly _offset: number;
  private readonly _mapping: BucketMapping;
  private readonly _base: number;
  /** Touched range of `_counts` (relative indices), so scans and resets skip the rest. */
  private _first = Infinity;
  private _last = -Infinity;

  constructor(input?: HistogramOptions) {
    const options = optionsObject(WHERE, input);
    rejectUnknown(WHERE, options, ['relativeError', 'lowest', 'highest']);
    const lowest = numberOption(WHERE, 'lowest', options['lowest'], DEFAULT_LOWEST, {
      min: MIN_NORMAL,
      expected: 'a positive finite number',
    });
    const highest = numberOption(WHERE, 'highest', options['highest'], DEFAULT_HIGHEST, {
      above: lowest,
      expected: `a finite number greater than lowest (${String(lowest)})`,
    });
    const relativeError = numberOption(
      WHERE,
      'relativeError',
      options['relativeError'],
      DEFAULT_RELATIVE_ERROR,
      { above: 0, max: 0.5, expected: 'a fraction in (0, 0.5]' },
    );
    this.scale = scaleForRelativeError(relativeError);
    this.relativeError = relativeErrorOfScale(this.scale);
    this.lowest = lowest;
    this.highest = highest;
    this._mapping = new BucketMapping(this.scale);
    this._base = 2 ** (2 ** -this.scale);
    // The first bucket is the one that holds `lowest`: values just above it belong there.
    this._offset = this._mapping.index(lowest);
    const size = this._mapping.index(highest) - this._offset + 1;
    if (size > MAX_BUCKETS) {
      throw new RangeError(
        `histogram would need ${String(size)} buckets (max ${String(MAX_BUCKETS)}): narrow lowest..highest or raise relativeError`,
      );
    }
    this._counts = new Uint32Array(size);
  }

  /** Adds one value. Returns false (and counts it in `rejected`) when it is not accepted. */
  add(value: number): boolean {
    if (!(value >= 0 && value < Infinity)) {
      this.rejected++;
      return false;
    }
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value <= this.lowest) {
      this.zeroCount++;
      return true;
    }
    let slot = this._mapping.index(value) - this._offset;
    if (slot >= this._counts.length) slot = this._counts.length - 1;
    this._counts[slot] = (this._counts[slot] ?? 0) + 1;
    if (slot < this._first) this._first = slot;
    if (slot > this._last) this._last = slot;
    return true;
  }

  /** Arithmetic mean of accepted values (exact), NaN when empty. */
  get mean(): number {
    return this.count === 0 ? NaN : this.sum / this.count;
  }

  /**
   * The `q`-quantile (0 ≤ q ≤ 1) by the nearest-rank rule: the value of rank `⌈q·count⌉`
   * (at least 1) in sorted order, within `relativeError` for values above `lowest`.
   * NaN when empty.
   */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${String(q)}`);
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    if (rank <= this.zeroCount) return this.min;
    if (rank === this.count) return this.max;
    let seen = this.zeroCount;
    const counts = this._counts;
    for (let slot = this._first; slot <= this._last; slot++) {
      seen += counts[slot] ?? 0;
      if (seen >= rank) return this._clamp(this._representative(slot));
    }
    return this.max;
  }

  /** Adds every value of `other` (same layout required) as if they had been added here. */
  merge(other: LogHistogram | SerializedHistogram): void {
    // A serialized one is checked and added as it is: restoring it first would allocate a
    // whole histogram (its full bucket range) for every window the pipeline and detector merge.
    const source = other instanceof LogHistogram ? other : checkSerialized(other);
    if (
      source.scale !== this.scale ||
      source.lowest !== this.lowest ||
      source.highest !== this.highest
    ) {
      throw new RangeError(
        `cannot merge histograms with different layouts (scale ${String(source.scale)} vs ${String(this.scale)}, range ${String(source.lowest)}..${String(source.highest)} vs ${String(this.lowest)}..${String(this.highest)})`,
      );
    }
    if (source.count === 0) {
      this.rejected += source.rejected;
      return;
    }
    if (source instanceof LogHistogram) {
      for (let slot = source._first; slot <= source._last; slot++) {
        this._counts[slot] = (this._counts[slot] ?? 0) + (source._counts[slot] ?? 0);
      }
      if (source._first < this._first) this._first = source._first;
      if (source._last > this._last) this._last = source._last;
    } else this._load(source.offset, source.counts);
    this.count += source.count;
    this.sum += source.sum;
    this.zeroCount += source.zeroCount;
    this.rejected += source.rejected;
    const { min, max } = source as { min: number; max: number }; // numbers, since count > 0
    if (min < this.min) this.min = min;
    if (max > this.max) this.max = max;
  }

  /** Empties the histogram, keeping its layout and memory. */
  reset(): void {
    if (this._last >= this._first) this._counts.fill(0, this._first, this._last + 1);
    this._first = Infinity;
    this._last = -Infinity;
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.zeroCount = 0;
    this.rejected = 0;
  }

  /** Compact JSON form; `histogramFromJSON` restores it exactly. */
  toJSON(): SerializedHistogram {
    const touched = this._last >= this._first;
    return {
      v: 1,
      scale: this.scale,
      lowest: this.lowest,
      highest: this.highest,
      count: this.count,
      sum: this.sum,
      min: this.count === 0 ? null : this.min,
      max: this.count === 0 ? null : this.max,
      zeroCount: this.zeroCount,
      rejected: this.rejected,
      offset: touched ? this._offset + this._first : this._offset,
      counts: touched ? this._touchedCounts() : [],
    };
  }

  /** The touched range of bucket counts as a plain array (a loop: ~5× faster than Array.from). */
  private _touchedCounts(): number[] {
    const counts = new Array<number>(this._last - this._first + 1);
    for (let slot = this._first; slot <= this._last; slot++) {
      counts[slot - this._first] = this._counts[slot] ?? 0;
    }
    return counts;
  }

  /** Calls `visit(index, count)` for each non-empty bucket in ascending order (OTLP export). */
  forEachBucket(visit: (index: number, count: number) => void): void {
    for (let slot = this._first; slot <= this._last; slot++) {
      const count = this._counts[slot] ?? 0;
      if (count > 0) visit(this._offset + slot, count);
    }
  }

  /** Point of bucket `slot` with the smallest worst-case relative error: `2·b^(i+1)/(1+b)`. */
  private _representative(slot: number): number {
    return (2 * this._mapping.upperBound(slot + this._offset)) / (1 + this._base);
  }

  private _clamp(value: number): number {
    return value < this.min ? this.min : value > this.max ? this.max : value;
  }

  /**
   * @internal Adds checked bucket counts (`merge`, `histogramFromJSON`); throws, changing
   * nothing, when they do not fit the layout.
   */
  _load(offset: number, counts: readonly number[]): void {
    const start = offset - this._offset;
    if (counts.length > 0 && (start < 0 || start + counts.length > this._counts.length)) {
      fail(
        'offset',
        `puts buckets outside ${String(this._offset)}..${String(this._offset + this._counts.length - 1)}`,
        offset,
      );
    }
    for (let k = 0; k < counts.length; k++) {
      const count = counts[k] ?? 0;
      if (count === 0) continue;
      const slot = start + k;
      this._counts[slot] = (this._counts[slot] ?? 0) + count;
      if (slot < this._first) this._first = slot;
      if (slot > this._last) this._last = slot;
    }
  }
}

/** Creates an empty histogram. See {@link LogHistogram} for the layout and error bound. */
/* @__NO_SIDE_EFFECTS__ */
export function createHistogram(options?: HistogramOptions): LogHistogram {
  return new LogHistogram(options);
}

function fail(field: string, problem: string, value: unknown): never {
  throw new TypeError(`histogram.${field} ${problem}, got ${preview(value)}`);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
}

/**
 * Restores a histogram from {@link SerializedHistogram}, validating every field. A corrupt,
 * truncated or hostile object throws a `TypeError` that names the offending field; it never
 * yields a histogram in an inconsistent state.
 */
export function histogramFromJSON(json: unknown): LogHistogram {
  const { scale, lowest, highest } = checkSerialized(json);
  // The restored histogram's own construction defines the valid bucket range; a scale too fine
  // for lowest..highest (too many buckets) is this object's fault, named as such.
  let histogram: LogHistogram;
  try {
    histogram = new LogHistogram({ relativeError: relativeErrorOfScale(scale), lowest, highest });
  } catch (error) {
    fail('scale', `is too fine for lowest..highest (${(error as Error).message})`, scale);
  }
  if (histogram.scale !== scale) fail('scale', 'does not match its own relative error', scale);
  histogram.merge(json as SerializedHistogram);
  return histogram;
}

/**
 * Checks every field of a {@link SerializedHistogram} but whether its layout can be built and
 * its buckets fit it (the histogram it is restored or merged into knows that). Throws a
 * `TypeError` naming the field.
 */
function checkSerialized(json: unknown): SerializedHistogram {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    fail('', 'must be an object', json);
  }
  const data = json as Record<string, unknown>;
  if (data['v'] !== 1) fail('v', 'must be 1 (the only format version)', data['v']);
  const { scale, lowest, highest, count, sum, min, max, zeroCount, rejected, offset, counts } =
    data;
  if (!(typeof scale === 'number' && Number.isInteger(scale) && scale >= 0 && scale <= MAX_SCALE)) {
    fail('scale', `must be an integer in [0, ${String(MAX_SCALE)}]`, scale);
  }
  if (!(typeof lowest === 'number' && lowest >= MIN_NORMAL && Number.isFinite(lowest))) {
    fail('lowest', 'must be a positive finite number', lowest);
  }
  if (!(typeof highest === 'number' && highest > lowest && Number.isFinite(highest))) {
    fail('highest', 'must be a finite number above lowest', highest);
  }
  if (!isCount(count)) fail('count', 'must be a non-negative integer', count);
  if (!isCount(zeroCount) || zeroCount > count) {
    fail('zeroCount', 'must be a non-negative integer not above count', zeroCount);
  }
  if (!isCount(rejected)) fail('rejected', 'must be a non-negative integer', rejected);
  if (!(typeof sum === 'number' && Number.isFinite(sum) && sum >= 0)) {
    fail('sum', 'must be a non-negative finite number', sum);
  }
  if (!(typeof offset === 'number' && Number.isInteger(offset))) {
    fail('offset', 'must be an integer', offset);
  }
  if (!Array.isArray(counts)) fail('counts', 'must be an array', counts);

  let bucketTotal = 0;
  for (let k = 0; k < counts.length; k++) {
    const bucket: unknown = counts[k];
    if (!isCount(bucket)) fail(`counts[${String(k)}]`, 'must be a non-negative integer', bucket);
    bucketTotal += bucket;
  }
  if (bucketTotal + zeroCount !== count) {
    fail(
      'count',
      `must equal zeroCount + sum of counts (${String(bucketTotal + zeroCount)})`,
      count,
    );
  }
  if (count === 0) {
    if (min !== null || max !== null) fail('min', 'must be null when count is 0', min);
  } else {
    if (!(typeof min === 'number' && Number.isFinite(min) && min >= 0)) {
      fail('min', 'must be a non-negative finite number', min);
    }
    if (!(typeof max === 'number' && Number.isFinite(max) && max >= min)) {
      fail('max', 'must be a finite number not below min', max);
    }
  }
  return data as unknown as SerializedHistogram;
}
