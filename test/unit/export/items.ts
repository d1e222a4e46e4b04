/** Realistic export items for the export and OTLP tests. */
import type { ExportItem } from '../../../src/export/exporter.js';
import { createHistogram } from '../../../src/stats/histogram.js';
import type { Context, Recovery, Regression } from '../../../src/types.js';
import { histogramLayoutFor } from '../../../src/analysis/windows.js';
import type { ClosedWindow } from '../../../src/analysis/windows.js';

/** 2023-11-14T22:13:20Z in ms, with a sub-millisecond part like performance.now() gives. */
export const T0 = 1_700_000_000_000.25;

/** A closed 1 s window of `values`, summarized by the real histogram. */
export function makeWindow(
  metric: string,
  values: readonly number[],
  context: Context = {},
  start = T0,
): ClosedWindow {
  const histogram = createHistogram(histogramLayoutFor(metric));
  for (const value of values) histogram.add(value);
  return {
    metric,
    context,
    start,
    end: start + 1000,
    count: histogram.count,
    mean: histogram.mean,
    min: histogram.min,
    max: histogram.max,
    p50: histogram.quantile(0.5),
    p95: histogram.quantile(0.95),
    p99: histogram.quantile(0.99),
    histogram: histogram.toJSON(),
  };
}

export function windowItem(
  metric = 'cpu',
  values: readonly number[] = [4.2, 5.1, 5.3, 6.8, 0.0005, 12.5],
  context: Context = { scene: 'graph-10k' },
  start = T0,
): ExportItem {
  return { kind: 'window', window: makeWindow(metric, values, context, start) };
}

export function makeRegression(context: Context = { scene: 'graph-10k' }): Regression {
  return {
    metric: 'cpu',
    context,
    baseline: { p50: 8.1, p95: 11.2, mean: 8.4 },
    current: { p50: 9.07, p95: 12.9, mean: 9.3 },
    delta: 0.12,
    interval: [0.08, 0.16],
    confidence: 0.999,
    severity: 'major',
    detectedAt: T0 + 60_000,
    changedAt: T0 + 48_000,
    hints: ['cpu grew in script https://cdn.example.com/app.js?v=3#x (+0.9 ms per frame)'],
  };
}

export function regressionItem(context?: Context): ExportItem {
  return { kind: 'regression', regression: makeRegression(context) };
}

export function recoveryItem(): ExportItem {
  const regression = makeRegression();
  const recovery: Recovery = {
    metric: 'cpu',
    context: regression.context,
    regression,
    recoveredAt: T0 + 120_000,
  };
  return { kind: 'recovery', recovery };
}
