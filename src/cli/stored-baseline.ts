/**
 * Stored-baseline mode: runs of the candidate against a committed perfwarden baseline. Sessions
 * of one build differ by a few per cent (machine state, neighbours, thermal), so this mode tests
 * against a margin and charges the uncertainty of both sides; interleaved A/B needs no margin.
 */
import { mergeBaselines } from '../baseline/baseline.js';
import type { Baseline, BaselineEntry } from '../baseline/baseline.js';
import { normalQuantile } from '../detect/normal-quantile.js';
import type { WindowSummary } from '../types.js';
import type { ReportVerdict } from '../report/types.js';
import { median, runValue, unitOf } from './run-statistics.js';
import type { MetricStatistic } from './run-statistics.js';
import { UsageError } from './usage-error.js';

/** Smallest run-to-run spread assumed on the log scale (1 %): one run cannot show its spread. */
const SPREAD_FLOOR = 0.01;

/** The statistic of `check` in a baseline file, which holds p50 and p95 only (else throws). */
export function baselineStatistic(check: MetricStatistic): 'p50' | 'p95' {
  if (check.statistic === 'p50' || check.statistic === 'p95') return check.statistic;
  throw new UsageError(
    `${check.metric} ${check.statistic}: a stored baseline holds p50 and p95 only`,
  );
}

/** The context a subject's entries are stored under (the URL's path, so ports may change). */
export function subjectContext(subject: string): Record<string, string> {
  try {
    const url = new URL(subject);
    return { subject: url.pathname + url.search };
  } catch {
    return { subject };
  }
}

function runEntry(
  subject: string,
  windows: readonly WindowSummary[],
  check: MetricStatistic,
): BaselineEntry | undefined {
  const statistic = baselineStatistic(check);
  const value = runValue(windows, check);
  if (value === undefined || !(value > 0)) return undefined;
  const logs = windows
    .filter((summary) => summary.metric === check.metric && summary[statistic] > 0)
    .map((summary) => Math.log(summary[statistic]));
  const center = median(logs);
  const mad = median(logs.map((x) => Math.abs(x - center)));
  const level = (statistic: 'p50' | 'p95' | 'mean'): number =>
    runValue(windows, { metric: check.metric, statistic }) ?? value;
  return {
    metric: check.metric,
    context: subjectContext(subject),
    statistic,
    center: Math.log(value),
    scale: Math.max(1.4826 * mad, 1e-3),
    spread: 0,
    blocks: logs.length,
    runs: 1,
    levels: { p50: level('p50'), p95: level('p95'), mean: level('mean') },
  };
}

/** A baseline of `runs` of `subject` (one entry per check the runs measured), runs merged. */
export function baselineOfRuns(
  subject: string,
  runs: readonly (readonly WindowSummary[])[],
  checks: readonly MetricStatistic[],
  window: number,
  created = new Date(),
): Baseline {
  const perRun = runs.map((windows): Baseline => ({
    format: 'perfwarden-baseline',
    version: 1,
    created: created.toISOString(),
    window,
    entries: checks.flatMap((check) => runEntry(subject, windows, check) ?? []),
  }));
  return mergeBaselines(...perRun);
}

/** Settings of a stored-baseline comparison. */
export interface StoredComparison {
  subject: string;
  stored: Baseline;
  runs: readonly (readonly WindowSummary[])[];
  checks: readonly MetricStatistic[];
  alpha: number;
  /** Practical margin, e.g. 0.05: changes under it are not failures. */
  margin: number;
}

/** One verdict per check: fail when the change is confidently above the margin. */
export function compareWithBaseline(options: StoredComparison): ReportVerdict[] {
  const context = subjectContext(options.subject)['subject'];
  const z = normalQuantile(1 - options.alpha / Math.max(1, options.checks.length));
  return options.checks.map((check): ReportVerdict => {
    const statistic = baselineStatistic(check);
    const entry = options.stored.entries.find(
      (each) =>
        each.metric === check.metric &&
        each.statistic === statistic &&
        each.context['subject'] === context,
    );
    const values = options.runs
      .flatMap((windows) => runValue(windows, check) ?? [])
      .filter((value) => value > 0);
    const base = {
      subject: options.subject,
      metric: check.metric,
      statistic: check.statistic,
      unit: unitOf(check.metric),
      check: 'baseline' as const,
    };
    if (!entry || values.length === 0) {
      return {
        ...base,
        outcome: 'inconclusive',
        hints: [
          entry
            ? `no ${check.metric} windows in the candidate's runs`
            : `the baseline has no ${check.metric} ${statistic} for ${context}; run \`perfwarden baseline update\``,
        ],
      };
    }
    const logs = values.map(Math.log);
    const mean = logs.reduce((sum, x) => sum + x, 0) / logs.length;
    const candidateSpread =
      logs.length > 1
        ? Math.sqrt(logs.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (logs.length - 1))
        : 0;
    const spread = Math.max(entry.spread, candidateSpread, SPREAD_FLOOR);
    const error = spread * Math.sqrt(1 / entry.runs + 1 / logs.length);
    const difference = mean - entry.center;
    // As for the detector's stored baselines: the margin grows with the spread between runs.
    const margin = Math.max(options.margin, entry.runs >= 3 ? Math.expm1(3.3 * entry.spread) : 0);
    const low = difference - z * error;
    const high = difference + z * error;
    const bar = Math.log1p(margin);
    const outcome = low > bar ? 'fail' : high < bar ? 'pass' : 'inconclusive';
    const hints: string[] = [];
    if (entry.runs < 3)
      hints.push(
        `the baseline rests on ${entry.runs} run${entry.runs === 1 ? '' : 's'}: add runs with \`perfwarden baseline update\` for a tighter comparison`,
      );
    return {
      ...base,
      outcome,
      baseline: Math.exp(entry.center),
      candidate: median(values),
      delta: Math.expm1(difference),
      interval: [Math.expm1(low), Math.expm1(high)],
      confidence: 1 - 2 * (1 - normalCdf(Math.abs(difference) / error)),
      rule: `fails above +${(margin * 100).toFixed(1)} % (margin)`,
      hints,
    };
  });
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf), enough for a reported confidence. */
function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
