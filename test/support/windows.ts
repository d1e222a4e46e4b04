import { createHistogram } from '../../src/stats/histogram.js';
import type { SerializedHistogram } from '../../src/stats/histogram.js';
import type { WindowSummary } from '../../src/types.js';

/** A one-second window of 60 samples that all sit at `level`: what a steady run summarizes to. */
export function flatWindow(metric: string, level: number): WindowSummary {
  return {
    metric,
    context: {},
    start: 0,
    end: 1000,
    count: 60,
    mean: level,
    min: level,
    max: level,
    p50: level,
    p95: level,
    p99: level,
  };
}

/** {@link flatWindow} with its histogram, as a monitor's windows carry it (low quantiles need it). */
export function flatWindowWithHistogram(
  metric: string,
  level: number,
): WindowSummary & { histogram: SerializedHistogram } {
  const histogram = createHistogram();
  for (let i = 0; i < 60; i++) histogram.add(level);
  return { ...flatWindow(metric, level), histogram: histogram.toJSON() };
}
