/**
 * The recent blocks of one metric, in a fixed ring (constant memory whatever the session
 * length): per block its span, its test statistics, its levels on the metric's own scale and
 * what was attributed in it. Blocks are addressed by their absolute number in the segment.
 */

/** One block of one metric as the detector sees it. */
export interface MetricBlock {
  start: number;
  end: number;
  /** Test statistics, one per channel (already transformed). */
  values: number[];
  /** Levels on the metric's own scale (ms, share, events/s, bytes). */
  p50: number;
  p95: number;
  mean: number;
  /** The undisturbed frames' level, for metrics tested on it (else absent or NaN). */
  p10?: number;
  /** Samples (or frames) behind the block: weights the pooled mean. */
  weight: number;
  attribution?: Readonly<Record<string, number>> | undefined;
}

export class BlockRing {
  readonly capacity: number;
  /** Blocks pushed since the last clear; the ring holds the last `capacity` of them. */
  total = 0;
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly values: Float64Array[];
  readonly p50: Float64Array;
  readonly p95: Float64Array;
  readonly p10: Float64Array;
  readonly mean: Float64Array;
  readonly weight: Float64Array;
  readonly attribution: (Readonly<Record<string, number>> | undefined)[];

  constructor(capacity: number, channels: number) {
    this.capacity = capacity;
    this.start = new Float64Array(capacity);
    this.end = new Float64Array(capacity);
    this.values = Array.from({ length: channels }, () => new Float64Array(capacity));
    this.p50 = new Float64Array(capacity);
    this.p95 = new Float64Array(capacity);
    this.p10 = new Float64Array(capacity);
    this.mean = new Float64Array(capacity);
    this.weight = new Float64Array(capacity);
    this.attribution = new Array<undefined>(capacity).fill(undefined);
  }

  /** Number of the oldest block still held. */
  get oldest(): number {
    return Math.max(0, this.total - this.capacity);
  }

  /** Stores a block; returns its number. */
  push(block: MetricBlock): number {
    const slot = this.total % this.capacity;
    this.start[slot] = block.start;
    this.end[slot] = block.end;
    this.values.forEach((column, c) => {
      column[slot] = block.values[c] ?? NaN;
    });
    this.p50[slot] = block.p50;
    this.p95[slot] = block.p95;
    this.p10[slot] = block.p10 ?? NaN;
    this.mean[slot] = block.mean;
    this.weight[slot] = block.weight;
    this.attribution[slot] = block.attribution;
    return this.total++;
  }

  /** Slot of block number `index` (which must be held). */
  slot(index: number): number {
    return index % this.capacity;
  }

  /** Channel `channel` of blocks `from..to` (inclusive), oldest first. */
  series(channel: number, from: number, to: number): Float64Array {
    const column = this.values[channel];
    const out = new Float64Array(Math.max(0, to - from + 1));
    for (let i = from; i <= to; i++) out[i - from] = column?.[this.slot(i)] ?? NaN;
    return out;
  }

  /** First held block whose start is at or after `time` (or `total` when none). */
  firstAtOrAfter(time: number): number {
    for (let i = this.oldest; i < this.total; i++) {
      if ((this.start[this.slot(i)] ?? 0) >= time) return i;
    }
    return this.total;
  }

  clear(): void {
    this.total = 0;
    this.attribution.fill(undefined);
  }
}
