/**
 * Window summaries and counters as an OTLP `ExportMetricsServiceRequest`. A window's histogram
 * already has OTLP's base-2 exponential layout, so it becomes an `ExponentialHistogram` data
 * point with its buckets unchanged (delta temporality: one window, one interval). Counters are
 * cumulative monotonic `Sum`s.
 */
import type { Counter } from '../export/exporter.js';
import { ucumUnit } from './unit.js';
import type { ClosedWindow } from '../analysis/windows.js';
import { attributesOf, CUMULATIVE, DELTA, nanos } from './json.js';
import type {
  ExponentialHistogramDataPoint,
  ExportMetricsServiceRequest,
  InstrumentationScope,
  Metric,
  NumberDataPoint,
  Resource,
} from './json.js';

/** The OTLP metric name of a perfwarden metric: `cpu` → `perfwarden.cpu`. */
export function otlpMetricName(metric: string): string {
  return metric.startsWith('perfwarden.') ? metric : `perfwarden.${metric}`;
}

/** One data point per window; the histogram's buckets are copied as they are. */
export function windowDataPoint(window: ClosedWindow): ExponentialHistogramDataPoint {
  const { histogram } = window;
  const point: ExponentialHistogramDataPoint = {
    ...attributesOf(window.context),
    startTimeUnixNano: nanos(window.start),
    timeUnixNano: nanos(window.end),
    count: String(histogram.count),
    sum: histogram.sum,
    scale: histogram.scale,
    zeroCount: String(histogram.zeroCount),
    zeroThreshold: histogram.lowest,
  };
  if (histogram.counts.length > 0) {
    point.positive = { offset: histogram.offset, bucketCounts: histogram.counts.map(String) };
  }
  if (histogram.min !== null) point.min = histogram.min;
  if (histogram.max !== null) point.max = histogram.max;
  return point;
}

function counterDataPoint(counter: Counter): NumberDataPoint {
  return {
    ...attributesOf(counter.attributes),
    startTimeUnixNano: nanos(counter.start),
    timeUnixNano: nanos(counter.time),
    asInt: String(Math.max(0, Math.round(counter.value))),
  };
}

/** Builds the request body: one `Metric` per name, its data points in batch order. */
export function encodeMetrics(
  windows: readonly ClosedWindow[],
  counters: readonly Counter[],
  resource: Resource,
  scope: InstrumentationScope,
): ExportMetricsServiceRequest {
  const metrics = new Map<string, Metric>();
  for (const window of windows) {
    const name = otlpMetricName(window.metric);
    let metric = metrics.get(name);
    if (!metric) {
      const unit = ucumUnit(window.metric);
      metric = {
        name,
        ...(unit === '' ? {} : { unit }),
        exponentialHistogram: { aggregationTemporality: DELTA, dataPoints: [] },
      };
      metrics.set(name, metric);
    }
    if ('exponentialHistogram' in metric) {
      metric.exponentialHistogram.dataPoints.push(windowDataPoint(window));
    }
  }
  for (const counter of counters) {
    // A counter named like a window metric would clash: counters keep their own names.
    const key = `counter:${counter.name}`;
    let metric = metrics.get(key);
    if (!metric) {
      metric = {
        name: counter.name,
        sum: { aggregationTemporality: CUMULATIVE, isMonotonic: true, dataPoints: [] },
      };
      metrics.set(key, metric);
    }
    if ('sum' in metric) metric.sum.dataPoints.push(counterDataPoint(counter));
  }
  return {
    resourceMetrics: [{ resource, scopeMetrics: [{ scope, metrics: [...metrics.values()] }] }],
  };
}
