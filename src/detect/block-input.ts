/**
 * Translates a block of windows into what one metric's detector tests: a location metric's
 * median and tail, and p10 for main-thread and GPU work (from its window, or from windows
 * pooled until they hold enough samples), a proportion's share of the block's frames, a rate's
 * events per block.
 */
import type { ClosedWindow } from '../analysis/windows.js';
import { histogramFromJSON } from '../stats/histogram.js';
import type { LogHistogram } from '../stats/histogram.js';
import type { MetricName } from '../types.js';
import type { Block } from './block-assembly.js';
import type { MetricBlock } from './block-ring.js';
import type { MetricDetector } from './metric-detector.js';
import { FRAME_METRIC, transform, UNDISTURBED_QUANTILE } from './policy.js';

/** Windows of a sparse metric pooled until they hold enough samples for a block median. */
export interface WindowPool {
  histogram: LogHistogram | undefined;
  start: number;
  sum: number;
}

/**
 * The block's p10 among the frames that did any work: a frame in the zero bucket (1 µs or less,
 * e.g. under a coarse clock) ran none of the code, and would pin the p10 at zero. NaN when no
 * frame did any.
 */
export function undisturbedLevel(histogram: LogHistogram): number {
  const working = histogram.count - histogram.zeroCount;
  if (working <= 0) return NaN;
  const rank = histogram.zeroCount + UNDISTURBED_QUANTILE * working;
  return histogram.quantile(Math.min(1, rank / histogram.count));
}

/** Rates need (almost) whole blocks: their count scales with the span. */
const RATE_COVER = 0.9;

/** The block as each detector sees it, written into one reused scratch block. */
export class BlockTranslator {
  private readonly _span: number;
  /** Reused for every block a detector analyses (it copies what it keeps). */
  private readonly _scratch: MetricBlock = {
    start: 0,
    end: 0,
    values: [],
    p50: 0,
    p95: 0,
    mean: 0,
    p10: NaN,
    weight: 0,
    attribution: undefined,
  };
  /**
   * Per metric tested on its p10, a histogram a window's is copied into to read that quantile
   * (windows carry p50, p95 and p99 only); reused block after block.
   */
  private readonly _quantileScratch = new Map<MetricName, LogHistogram>();

  /** @param span The block (window) span in ms. */
  constructor(span: number) {
    this._span = span;
  }

  /**
   * The block as `detector` sees it, or undefined when it has nothing (yet) for it; `pools`
   * are the context's pooled sparse metrics, added to or emptied here.
   */
  input(
    detector: MetricDetector,
    block: Block,
    pools: Map<MetricName, WindowPool>,
  ): MetricBlock | undefined {
    const { metric, policy } = detector;
    const window = block.windows.get(metric);
    if (policy.kind === 'proportion') {
      const frames = block.windows.get(FRAME_METRIC)?.count ?? 0;
      if (frames === 0) return undefined;
      const share = Math.min(1, (window?.count ?? 0) / frames);
      return this._fill(block.start, block.end, transform('proportion', share), share, frames);
    }
    if (policy.kind === 'rate') {
      if (block.end - block.start < RATE_COVER * this._span) return undefined;
      const events = window?.count ?? 0;
      const perSecond = (events * 1000) / (block.end - block.start);
      const input = this._fill(block.start, block.end, transform('rate', events), perSecond, 1);
      input.attribution = window?.attribution;
      return input;
    }
    if (!window) return undefined;
    if (!pools.has(metric) && window.count >= policy.minSamples) {
      const p10 = this._undisturbed(detector, window);
      return this._location(detector, block.start, block.end, window, p10);
    }
    return this._pooled(detector, window, block, pools);
  }

  /** The scratch block (the detector copies what it keeps) with one statistic and one level. */
  private _fill(
    start: number,
    end: number,
    value: number,
    level: number,
    weight: number,
  ): MetricBlock {
    const input = this._scratch;
    input.start = start;
    input.end = end;
    input.values.length = 1;
    input.values[0] = value;
    input.p50 = level;
    input.p95 = level;
    input.p10 = NaN;
    input.mean = level;
    input.weight = weight;
    input.attribution = undefined;
    return input;
  }

  private _pooled(
    detector: MetricDetector,
    window: ClosedWindow,
    block: Block,
    pools: Map<MetricName, WindowPool>,
  ): MetricBlock | undefined {
    let pool = pools.get(detector.metric);
    if (!pool) {
      pool = { histogram: undefined, start: block.start, sum: 0 };
      pools.set(detector.metric, pool);
    }
    if (pool.histogram) pool.histogram.merge(window.histogram);
    else pool.histogram = histogramFromJSON(window.histogram);
    pool.sum += window.mean * window.count;
    const { histogram } = pool;
    if (histogram.count < detector.policy.minSamples) return undefined;
    pools.delete(detector.metric);
    const tested = detector.policy.statistics.includes('p10');
    return this._location(
      detector,
      pool.start,
      block.end,
      {
        p50: histogram.quantile(0.5),
        p95: histogram.quantile(0.95),
        mean: pool.sum / histogram.count,
        count: histogram.count,
      },
      tested ? undisturbedLevel(histogram) : NaN,
    );
  }

  /** The window's p10 when `detector` tests it, else NaN. */
  private _undisturbed(detector: MetricDetector, window: ClosedWindow): number {
    if (!detector.policy.statistics.includes('p10')) return NaN;
    let histogram = this._quantileScratch.get(detector.metric);
    if (histogram) {
      histogram.reset();
      histogram.merge(window.histogram);
    } else {
      histogram = histogramFromJSON(window.histogram);
      this._quantileScratch.set(detector.metric, histogram);
    }
    return undisturbedLevel(histogram);
  }

  /** The scratch block of a location or level metric, from a window or a pool of windows. */
  private _location(
    detector: MetricDetector,
    start: number,
    end: number,
    summary: Pick<ClosedWindow, 'p50' | 'p95' | 'mean' | 'count' | 'attribution'>,
    p10: number,
  ): MetricBlock {
    const input = this._fill(start, end, NaN, summary.p50, summary.count);
    const { statistics } = detector.policy;
    input.values.length = statistics.length;
    statistics.forEach((statistic, c) => {
      const value = statistic === 'p95' ? summary.p95 : statistic === 'p10' ? p10 : summary.p50;
      input.values[c] = transform(statistic, value);
    });
    input.p95 = summary.p95;
    input.p10 = p10;
    input.mean = summary.mean;
    input.attribution = summary.attribution;
    return input;
  }
}
