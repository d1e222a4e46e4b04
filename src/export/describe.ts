/**
 * Words and units for what perfwarden exports: the metric's unit (UCUM, as OTLP wants it) and
 * one-line descriptions of regression and recovery events, shared by the console exporter and
 * the OTLP log bodies.
 */
import type { Context, MetricName, Recovery, Regression } from '../types.js';

const MILLISECOND_METRICS: ReadonlySet<string> = new Set([
  'frame',
  'cpu',
  'gpu',
  'longtask',
  'loaf',
  'event',
  'inp',
  'lcp',
  'fcp',
  'ttfb',
]);

/** UCUM unit of a metric: `ms`, `By` (memory), `1` (scores, fractions) or `` when unknown. */
export function unitOf(metric: MetricName): string {
  if (MILLISECOND_METRICS.has(metric) || metric.startsWith('span.') || metric.startsWith('gpu.')) {
    return 'ms';
  }
  if (metric === 'memory') return 'By';
  if (metric === 'cls' || metric === 'perfwarden.overhead') return '1';
  return '';
}

/** The unit to print after a metric's level: ` ms`, ` B`, or nothing (scores, fractions). */
export function unitSuffix(metric: MetricName): string {
  const unit = unitOf(metric);
  return unit === '' || unit === '1' ? '' : ` ${unit === 'By' ? 'B' : unit}`;
}

/** `scene=graph-10k, dpr=2`, or `` for the empty context. */
export function describeContext(context: Context): string {
  return Object.keys(context)
    .sort()
    .map((key) => `${key}=${context[key] ?? ''}`)
    .join(', ');
}

/** `cpu +12.0 % (p50 8.10 → 9.07 ms, confidence 99.9 %, major) in scene=graph-10k` */
export function describeRegression(regression: Regression): string {
  const { metric, delta, confidence, severity, baseline, current, context } = regression;
  const where = describeContext(context);
  return (
    `${metric} ${signed(delta)} (p50 ${amount(baseline.p50)} → ${amount(current.p50)}` +
    `${unitSuffix(metric)}, confidence ${percent(confidence)}, ${severity})` +
    (where ? ` in ${where}` : '')
  );
}

/** `cpu recovered from +12.0 % (major) in scene=graph-10k` */
export function describeRecovery(recovery: Recovery): string {
  const { metric, regression, context } = recovery;
  const where = describeContext(context);
  return (
    `${metric} recovered from ${signed(regression.delta)} (${regression.severity})` +
    (where ? ` in ${where}` : '')
  );
}

function signed(delta: number): string {
  return `${delta >= 0 ? '+' : ''}${percent(delta)}`;
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}

function amount(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}
