/**
 * How perfwarden writes numbers and events for people: the one formatter behind the console
 * exporter, OTLP log bodies, the HUD, the reports, the Storybook panel and the demo, so that
 * the same regression reads the same everywhere.
 *
 * Rules: a real minus sign (−); relative changes with one decimal below 100 % and none above;
 * shares of frames in percentage points; a confidence never rounds up to a certain 100 %.
 */
import { metricInfo } from './metrics.js';
import type { MetricUnit } from './metrics.js';
import type {
  Context,
  DetectionStatistic,
  EnvironmentChange,
  MetricName,
  Recovery,
  Regression,
} from './types.js';

const MINUS = '\u2212';

function signed(text: string, negative: boolean): string {
  return `${negative ? MINUS : '+'}${text}`;
}

/** A relative change: `+12.3 %`, `−5.0 %`, `+259 %`; `–` when unknown. */
export function formatPercent(fraction: number | undefined): string {
  if (fraction === undefined || !Number.isFinite(fraction)) return '–';
  const percent = Math.abs(fraction * 100);
  return `${signed(percent.toFixed(percent < 99.95 ? 1 : 0), fraction < 0)} %`;
}

/** A change of a share in percentage points: `+6.1 points`. */
export function formatPoints(difference: number | undefined): string {
  if (difference === undefined || !Number.isFinite(difference)) return '–';
  return `${signed(Math.abs(difference * 100).toFixed(1), difference < 0)} points`;
}

/**
 * A regression's or verdict's change as its statistic reports it: relative, or in percentage
 * points for shares of frames (`statistic` `proportion`).
 */
export function formatChange(delta: number | undefined, statistic?: DetectionStatistic): string {
  return statistic === 'proportion' ? formatPoints(delta) : formatPercent(delta);
}

/** An interval of changes: `[+6.0 %, +31.0 %]`, `[+2.0, +9.5 points]`. */
export function formatInterval(
  interval: readonly [number, number] | undefined,
  statistic?: DetectionStatistic,
): string {
  if (!interval) return '';
  const [low, high] = interval;
  if (statistic === 'proportion') {
    return `[${formatPoints(low).replace(' points', '')}, ${formatPoints(high)}]`;
  }
  return `[${formatPercent(low)}, ${formatPercent(high)}]`;
}

/** A confidence: `97.3 %`, and `≥ 99.9 %` from 0.999 on (it is never certain). */
export function formatConfidence(confidence: number | undefined): string {
  if (confidence === undefined || !Number.isFinite(confidence)) return '–';
  if (confidence >= 0.999) return '≥ 99.9 %';
  return `${(Math.max(0, confidence) * 100).toFixed(1)} %`;
}

/** A plain number with fewer decimals as it grows: `0.31`, `12.3`, `123`. */
export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  return value.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : 2);
}

/** Milliseconds: two decimals below 10, one below 100, none above: `8.10 ms`, `123 ms`. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  return `${formatNumber(ms)} ms`;
}

/** A share of frames (0..1) as a percentage: `6.1 %`, `0.05 %`. */
export function formatShare(share: number | undefined): string {
  if (share === undefined || !Number.isFinite(share)) return '–';
  const percent = share * 100;
  return `${percent.toFixed(percent !== 0 && Math.abs(percent) < 1 ? 2 : 1)} %`;
}

function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (abs >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (abs >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes.toFixed(0)} B`;
}

/** A level of `metric` in its unit: `8.10 ms`, `12.3 MB`, `0.013`. */
export function formatLevel(metric: MetricName, value: number | undefined): string {
  return formatAmount(value, metricInfo(metric).unit);
}

/** A value in `unit`: `8.10 ms`, `12.3 MB`, `0.013`; `–` when unknown. */
export function formatAmount(value: number | undefined, unit: MetricUnit): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  switch (unit) {
    case 'ms':
      return formatMs(value);
    case 'bytes':
      return formatBytes(value);
    case 'score':
    case 'fraction':
      return value.toFixed(3);
    case 'unknown':
      return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
  }
}

/** How a statistic is named next to its metric: `p10`, `p50`, `p95`, `share`, `rate`, `level`. */
export function statisticName(statistic: DetectionStatistic | undefined): string {
  if (statistic === undefined) return 'p50';
  return statistic === 'proportion' ? 'share' : statistic;
}

/**
 * The levels a regression's statistic moved between, as text: `p95 6.80 → 13.3 ms` (`–` for a
 * level the reference does not have: a p10 from a baseline stored before it was tested),
 * `share 0.10 % → 6.2 % of frames`, `rate 0.30 → 2.1 per block`.
 */
export function formatLevels(regression: Regression): string {
  const { metric, statistic, baseline, current } = regression;
  switch (statistic) {
    case 'p10':
      return `p10 ${formatLevel(metric, baseline.p10)} → ${formatLevel(metric, current.p10)}`;
    case 'p95':
      return `p95 ${formatLevel(metric, baseline.p95)} → ${formatLevel(metric, current.p95)}`;
    case 'proportion':
      return `share ${formatShare(baseline.mean)} → ${formatShare(current.mean)} of frames`;
    case 'rate':
      return `rate ${baseline.mean.toFixed(2)} → ${current.mean.toFixed(2)} per block`;
    case 'level':
      return `level ${formatLevel(metric, baseline.p50)} → ${formatLevel(metric, current.p50)}`;
    default:
      return `p50 ${formatLevel(metric, baseline.p50)} → ${formatLevel(metric, current.p50)}`;
  }
}

/** `scene=graph-10k, dpr=2`, or `` for the empty context. */
export function describeContext(context: Context): string {
  return Object.keys(context)
    .sort()
    .map((key) => `${key}=${context[key] ?? ''}`)
    .join(', ');
}

/**
 * What a regression was measured against, as text to follow its change: `vs your last 5
 * sessions` (remembered sessions), `vs the baseline (3 runs)`, or `` (the session's own
 * reference).
 */
export function describeComparison(regression: Regression): string {
  const { comparedWith, runs } = regression;
  const count = runs ?? 1;
  if (comparedWith === 'remembered') {
    return count === 1 ? 'vs your last session' : `vs your last ${String(count)} sessions`;
  }
  if (comparedWith === 'baseline') {
    return `vs the baseline (${String(count)} ${count === 1 ? 'run' : 'runs'})`;
  }
  return '';
}

/**
 * One line for a regression:
 * `cpu p50 +18.0 % [+6.0 %, +31.0 %] (p50 8.10 → 9.56 ms), confidence ≥ 99.9 %, major in scene=graph-10k`.
 */
export function describeRegression(regression: Regression): string {
  const { metric, statistic, delta, interval, confidence, severity, context } = regression;
  const where = describeContext(context);
  const comparison = describeComparison(regression);
  return (
    `${metric} ${statisticName(statistic)} ${formatChange(delta, statistic)} ` +
    `${formatInterval(interval, statistic)}${comparison ? ` ${comparison}` : ''} ` +
    `(${formatLevels(regression)}), ` +
    `confidence ${formatConfidence(confidence)}, ${severity}` +
    (where ? ` in ${where}` : '')
  );
}

/** One line for a recovery: `cpu p50 recovered from +18.0 % (major) in scene=graph-10k`. */
export function describeRecovery(recovery: Recovery): string {
  const { metric, regression, context } = recovery;
  const where = describeContext(context);
  return (
    `${metric} ${statisticName(regression.statistic)} recovered from ` +
    `${formatChange(regression.delta, regression.statistic)} (${regression.severity})` +
    (where ? ` in ${where}` : '')
  );
}

/**
 * One line for an environment change: `machine busier +60.0 %`, `machine quieter −35.0 %`,
 * `machine back to normal`, or, when a lasting change became the reference,
 * `machine changed for good: references learned again`.
 */
export function describeEnvironment(change: EnvironmentChange): string {
  const where = describeContext(change.context);
  const text =
    change.state === 'normal'
      ? change.adopted
        ? 'machine changed for good: references learned again'
        : 'machine back to normal'
      : `machine ${change.state} ${formatPercent(change.change)}`;
  return text + (where ? ` in ${where}` : '');
}
