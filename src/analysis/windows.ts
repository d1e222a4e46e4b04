/**
 * Windows: each (metric, context) series aggregates its samples into a histogram over a
 * fixed span aligned to a grid (default 1 s), so the windows of all metrics line up and can be
 * compared block by block. Closing a window yields a `WindowSummary`; the histogram is reset
 * and reused, so steady-state adding allocates nothing.
 */
import { createHistogram } from '../stats/histogram.js';
import type { HistogramOptions, LogHistogram, SerializedHistogram } from '../stats/histogram.js';
import type { Context, MetricName, WindowSummary } from '../types.js';
import { contextKeyOf } from '../context.js';

export { contextKey, contextKeyOf } from '../context.js';

/** A window summary with its buckets, for exporters that ship distributions (OTLP). */
export interface ClosedWindow extends WindowSummary {
  histogram: SerializedHistogram;
  /**
   * How much of the metric was attributed to what in this window (e.g. `loaf` ms per script
   * URL), for hints; only present when something was attributed.
   */
  attribution?: Record<string, number>;
}

/** Most distinct attribution keys per window; further ones are summed under `(other)`. */
export const MAX_ATTRIBUTION_KEYS = 16;
/** The attribution key that sums the details beyond {@link MAX_ATTRIBUTION_KEYS}. */
export const OTHER_ATTRIBUTION = '(other)';

/** One metric in one context: its open window. */
interface Series {
  readonly metric: MetricName;
  readonly context: Context;
  readonly histogram: LogHistogram;
  /** Whether a window is open, and where it started. */
  open: boolean;
  start: number;
  /** Attributed amounts in the open window, by detail (created on first use). */
  attribution: Map<string, number> | undefined;
}

/** Histogram range per metric unit: the default covers milliseconds; bytes and scores differ. */
export function histogramLayoutFor(metric: MetricName): HistogramOptions {
  if (metric === 'memory') return { lowest: 1, highest: 2 ** 45 };
  if (metric === 'cls' || metric === 'perfwarden.overhead') return { lowest: 1e-6, highest: 1e3 };
  return {};
}

const EMPTY_CONTEXT: Context = Object.freeze({});

export interface WindowsOptions {
  /** Window span in ms (default 1000). */
  duration: number;
  /** Most series kept at once; samples of further series are dropped and counted. */
  maxSeries: number;
  /** Receives every closed window. */
  onWindow: (window: ClosedWindow) => void;
}

export class Windows {
  /**
   * Samples dropped because `maxSeries` was reached, or because they were not numbers or their
   * context was not an object of string labels.
   */
  dropped = 0;
  private readonly _options: WindowsOptions;
  /** Series by context key, then by metric name. */
  private readonly _byContextKey = new Map<string, Map<MetricName, Series>>();
  /** Context object → its series map: the per-sample lookup allocates nothing. */
  private readonly _byContextObject = new WeakMap<Context, Map<MetricName, Series>>();
  private _seriesCount = 0;
  private _lastContext: Context | undefined;
  private _lastMetrics: Map<MetricName, Series> | undefined;
  /**
   * No open window ends before this time (it may be early, never late): `closeDue` scans the
   * series only from then on, so that a tick with nothing due costs a comparison.
   */
  private _nextDue = Infinity;

  constructor(options: WindowsOptions) {
    this._options = options;
  }

  /** Adds a sample; closes the series' window first when `time` is past its end. */
  add(metric: MetricName, value: number, time: number, context: Context = EMPTY_CONTEXT): void {
    const series = this._series(metric, context);
    if (series === undefined || !Number.isFinite(time)) {
      this.dropped++;
      return;
    }
    const { duration } = this._options;
    if (series.open && time >= series.start + duration) this._close(series);
    if (!series.open) {
      series.open = true;
      series.start = Math.floor(time / duration) * duration;
      this._nextDue = Math.min(this._nextDue, series.start + duration);
    }
    if (!series.histogram.add(value)) this.dropped++;
  }

  /**
   * Attributes `value` of `metric` to `detail` in the series' open window (a window opens
   * with the series' next sample if none is). Allocation-free once the detail is known.
   */
  attribute(
    metric: MetricName,
    detail: string,
    value: number,
    time: number,
    context: Context = EMPTY_CONTEXT,
  ): void {
    const series = this._series(metric, context);
    if (series === undefined || !(value >= 0 && value < Infinity) || !Number.isFinite(time)) return;
    const { duration } = this._options;
    if (series.open && time >= series.start + duration) this._close(series);
    const tally = (series.attribution ??= new Map<string, number>());
    const key = tally.has(detail) || tally.size < MAX_ATTRIBUTION_KEYS ? detail : OTHER_ATTRIBUTION;
    tally.set(key, (tally.get(key) ?? 0) + value);
  }

  /** Closes every window that ended at or before `time` (call it when samples are sparse). */
  closeDue(time: number): void {
    if (time < this._nextDue) return;
    const { duration } = this._options;
    // A listener of a closing window may open another: `add` lowers it meanwhile.
    this._nextDue = Infinity;
    let next = Infinity;
    for (const metrics of this._byContextKey.values()) {
      for (const series of metrics.values()) {
        if (series.open && time >= series.start + duration) this._close(series);
        if (series.open) next = Math.min(next, series.start + duration);
      }
    }
    this._nextDue = Math.min(this._nextDue, next);
  }

  /** Closes every open window now (gates, stop, flush), truncating it at `time`. */
  closeAll(time: number): void {
    for (const metrics of this._byContextKey.values()) {
      for (const series of metrics.values()) {
        if (series.open) this._close(series, time);
      }
    }
  }

  /** Summaries of the open windows so far (for snapshots; allocates). */
  open(time: number): WindowSummary[] {
    const summaries: WindowSummary[] = [];
    for (const metrics of this._byContextKey.values()) {
      for (const series of metrics.values()) {
        if (series.open && series.histogram.count > 0) {
          const end = Math.min(time, series.start + this._options.duration);
          summaries.push(
            summarize(series.metric, series.context, series.start, end, series.histogram),
          );
        }
      }
    }
    return summaries;
  }

  private _series(metric: MetricName, context: Context): Series | undefined {
    // Samples come in runs of one context object: remember the last one's series map.
    let metrics =
      context === this._lastContext ? this._lastMetrics : this._byContextObject.get(context);
    if (metrics === undefined) {
      const key = contextKeyOf(context);
      if (key === undefined) return undefined;
      metrics = this._byContextKey.get(key);
      if (metrics === undefined) {
        metrics = new Map<MetricName, Series>();
        this._byContextKey.set(key, metrics);
      }
      this._byContextObject.set(context, metrics);
    }
    this._lastContext = context;
    this._lastMetrics = metrics;
    let series = metrics.get(metric);
    if (series === undefined) {
      if (this._seriesCount >= this._options.maxSeries) return undefined;
      this._seriesCount++;
      series = {
        metric,
        context: Object.freeze({ ...context }),
        histogram: createHistogram(histogramLayoutFor(metric)),
        open: false,
        start: 0,
        attribution: undefined,
      };
      metrics.set(metric, series);
    }
    return series;
  }

  private _close(series: Series, end = series.start + this._options.duration): void {
    let window: ClosedWindow | undefined;
    if (series.histogram.count > 0) {
      // Completed in place rather than spread into a copy: this runs once per window and metric.
      window = summarize(
        series.metric,
        series.context,
        series.start,
        end,
        series.histogram,
      ) as ClosedWindow;
      window.histogram = series.histogram.toJSON();
    }
    if (window && series.attribution && series.attribution.size > 0) {
      window.attribution = Object.fromEntries(series.attribution);
    }
    series.attribution?.clear();
    series.histogram.reset();
    series.open = false;
    if (window) this._options.onWindow(window);
  }
}

/**
 * The summary of `histogram` as the window of `metric` in `context` from `start` to `end`: the
 * analyzer's windows and the pipeline's export windows (`export/coarsen.ts`) are summarized alike.
 */
export function summarize(
  metric: MetricName,
  context: Context,
  start: number,
  end: number,
  histogram: LogHistogram,
): WindowSummary {
  return {
    metric,
    context,
    start,
    end,
    count: histogram.count,
    mean: histogram.mean,
    min: histogram.min,
    max: histogram.max,
    p50: histogram.quantile(0.5),
    p95: histogram.quantile(0.95),
    p99: histogram.quantile(0.99),
  };
}
