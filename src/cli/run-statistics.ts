/**
 * From a run's window summaries to one number per metric and statistic: the median over the
 * run's windows of the window statistic (robust to a window hit by a GC pause or a stall).
 */
import { cliMetricInfo, isKnownMetric, knownMetricNames } from '../metrics.js';
import { histogramFromJSON } from '../stats/histogram.js';
import type { SerializedHistogram } from '../stats/histogram.js';
import { median as medianOf } from '../stats/robust.js';
import type { WindowSummary } from '../types.js';
import { UsageError } from './usage-error.js';

/** Window statistics a check can use. */
export const STATISTICS = ['p10', 'p25', 'p50', 'p95', 'p99', 'mean', 'max'] as const;
/** One of {@link STATISTICS}. */
export type Statistic = (typeof STATISTICS)[number];

/** A metric and the statistic of it that is checked, e.g. `cpu p95`. */
export interface MetricStatistic {
  metric: string;
  statistic: Statistic;
}

/** The renderer main thread's CPU time per frame (src/cli/run-cpu-time.ts). */
export const MAIN_THREAD_CPU = 'cpu.thread';
/** The CPU time of the GPU process's threads per frame (src/cli/run-cpu-time.ts). */
export const GPU_PROCESS_CPU = 'cpu.gpu';

/**
 * Metrics the CLI reads once per run from outside the page: a run has one value, its mean per
 * frame, so `mean` is their only statistic.
 */
const ONE_VALUE_PER_RUN: readonly string[] = [MAIN_THREAD_CPU, GPU_PROCESS_CPU];

/**
 * Reads `cpu`, `cpu:p95` or `cpu p95` (the statistic defaults to p50, and to mean for the
 * metrics with one value per run). An unknown metric or statistic is a {@link UsageError} that
 * starts with `where` (default: the text quoted) and lists the known ones.
 */
export function parseMetricStatistic(text: string, where = JSON.stringify(text)): MetricStatistic {
  const [metric = '', ...given] = text.trim().split(/[\s:]+/);
  const perRun = ONE_VALUE_PER_RUN.includes(metric);
  const [statistic = perRun ? 'mean' : 'p50', ...rest] = given;
  if (!metric || rest.length > 0) {
    throw new UsageError(
      `${where} is not a metric to check: write a metric name and optionally a statistic, e.g. "cpu" or "cpu:p95"`,
    );
  }
  if (!isKnownMetric(metric)) {
    throw new UsageError(
      `${where}: unknown metric "${metric}"; known: ${knownMetricNames().join(', ')}`,
    );
  }
  if (!(STATISTICS as readonly string[]).includes(statistic)) {
    throw new UsageError(
      `${where}: unknown statistic "${statistic}"; known: ${STATISTICS.join(', ')}`,
    );
  }
  if (perRun && statistic !== 'mean') {
    throw new UsageError(
      `${where}: ${metric} has one value per run (its mean per frame), so no ${statistic}; write "${metric}" or "${metric}:mean"`,
    );
  }
  return { metric, statistic: statistic as Statistic };
}

/** The unit of a metric's values in reports, in words: `ms`, `bytes`, or `` (scores, custom). */
export function unitOf(metric: string): string {
  const { unit } = cliMetricInfo(metric);
  return unit === 'ms' || unit === 'bytes' ? unit : '';
}

/** The median of `values` (NaN when empty). */
export function median(values: readonly number[]): number {
  return values.length === 0 ? NaN : medianOf(values);
}

/**
 * The run's value of `check`, or undefined when the run has no window of that metric.
 * Quantiles come from the run's windows' histograms merged (every sample of the run counts
 * once); without histograms, the median of the window statistics.
 */
export function runValue(
  windows: readonly (WindowSummary & { histogram?: SerializedHistogram })[],
  check: MetricStatistic,
): number | undefined {
  const own = windows.filter((summary) => summary.metric === check.metric && summary.count > 0);
  if (own.length === 0) return undefined;
  const { statistic } = check;
  if (statistic === 'max') return Math.max(...own.map((summary) => summary.max));
  if (statistic === 'mean') {
    const count = own.reduce((sum, summary) => sum + summary.count, 0);
    return own.reduce((sum, summary) => sum + summary.mean * summary.count, 0) / count;
  }
  const histograms = own.map((summary) => summary.histogram);
  if (histograms.every((histogram) => histogram !== undefined)) {
    try {
      const [first, ...rest] = histograms;
      const merged = histogramFromJSON(first);
      for (const histogram of rest) merged.merge(histogram);
      return merged.quantile(QUANTILE[statistic]);
    } catch {
      // A histogram that does not parse or merge: fall back to the window statistics.
    }
  }
  // Window summaries carry p50, p95 and p99 only.
  if (statistic === 'p10' || statistic === 'p25') return undefined;
  return median(own.map((summary) => summary[statistic]).filter(Number.isFinite));
}

const QUANTILE = { p10: 0.1, p25: 0.25, p50: 0.5, p95: 0.95, p99: 0.99 } as const;
