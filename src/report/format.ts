/**
 * What the report writers share: outcome words, verdict names and lines, and the numbers,
 * written by the one formatter (src/format.ts) so that a report reads like the HUD and the
 * console.
 */
import { formatAmount, formatInterval, formatPercent } from '../format.js';
import type { Report, ReportOutcome, ReportVerdict } from './types.js';

export { formatConfidence, formatPercent } from '../format.js';

/** How a verdict's outcome reads in every format: `inconclusive` is said plainly, "undecided". */
export function outcomeLabel(outcome: ReportOutcome): 'pass' | 'fail' | 'undecided' {
  return outcome === 'inconclusive' ? 'undecided' : outcome;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The report's outcome in words, the same in every format: `regression: 1 check failed`,
 * `pass: every check decided, no regression`, `undecided: 2 of 2 checks undecided, no
 * confident regression`, `undecided: nothing was compared`.
 */
export function reportSummary(report: Report): string {
  const total = report.verdicts.length;
  const failed = report.verdicts.filter((verdict) => verdict.outcome === 'fail').length;
  const undecided = report.verdicts.filter((verdict) => verdict.outcome === 'inconclusive').length;
  if (report.outcome === 'fail') return `regression: ${plural(failed, 'check')} of ${total} failed`;
  if (report.outcome === 'pass') return `pass: ${plural(total, 'check')} decided, no regression`;
  if (total === 0) return 'undecided: nothing was compared';
  return `undecided: ${undecided} of ${plural(total, 'check')} undecided, no confident regression`;
}

/**
 * How many runs the numbers rest on, in words that fit how they were compared: `8 runs per arm,
 * interleaved A/B`, `up to 10 runs per story against a stored baseline`, `1 run`.
 */
export function runsDescription(report: Report): string {
  const interleaved = report.verdicts.some((verdict) => verdict.check === 'interleaved');
  const stored = report.verdicts.some(
    (verdict) => verdict.check === 'baseline' && verdict.delta !== undefined,
  );
  const several = new Set(report.verdicts.map((verdict) => verdict.subject)).size > 1;
  const kind = report.subjectKind ?? 'subject';
  const runs = `${several ? 'up to ' : ''}${plural(report.runs, 'run')}`;
  if (interleaved) return `${runs} per arm${several ? ` and ${kind}` : ''}, interleaved A/B`;
  return `${runs}${several ? ` per ${kind}` : ''}${stored ? ' against a stored baseline' : ''}`;
}

/** The largest relative change among a subject's compared verdicts (0 when none). */
function largestChange(verdicts: readonly ReportVerdict[]): ReportVerdict | undefined {
  let largest: ReportVerdict | undefined;
  for (const verdict of verdicts) {
    if (verdict.check === 'budget' || verdict.delta === undefined) continue;
    if (largest?.delta === undefined || verdict.delta > largest.delta) largest = verdict;
  }
  return largest;
}

/** One subject of a report, with its outcome and its largest change. */
export interface SubjectRow {
  subject: string;
  outcome: ReportOutcome;
  /** The verdict with the largest relative change, if any was compared. */
  largest?: ReportVerdict;
  /** Levels that failed: `render p50`, `cpu p50 (budget)`. */
  failed: string[];
}

/**
 * The subjects of a report, failed first, then by their largest change (slower first): what a
 * reviewer reads first.
 */
export function subjectsByChange(report: Report): SubjectRow[] {
  const subjects = [...new Set(report.verdicts.map((verdict) => verdict.subject))];
  const rows = subjects.map((subject): SubjectRow => {
    const verdicts = report.verdicts.filter((verdict) => verdict.subject === subject);
    const largest = largestChange(verdicts);
    const outcome: ReportOutcome = verdicts.some((verdict) => verdict.outcome === 'fail')
      ? 'fail'
      : verdicts.every((verdict) => verdict.outcome === 'pass')
        ? 'pass'
        : 'inconclusive';
    return {
      subject,
      outcome,
      ...(largest ? { largest } : {}),
      failed: verdicts
        .filter((verdict) => verdict.outcome === 'fail')
        .map(
          (verdict) =>
            `${verdict.metric} ${verdict.statistic}${verdict.check === 'budget' ? ' (budget)' : ''}`,
        ),
    };
  });
  const rank = { fail: 0, inconclusive: 1, pass: 2 };
  return rows.sort(
    (a, b) =>
      rank[a.outcome] - rank[b.outcome] ||
      (b.largest?.delta ?? -Infinity) - (a.largest?.delta ?? -Infinity),
  );
}

/**
 * The report in one line, for a pull-request comment's first line: `❌ perfwarden: 1 of 4
 * stories regressed: charts-bar-chart--default (render p50 +31.2 %)`, `✅ perfwarden: 4
 * stories, no regression (largest change: … +3.1 %)`.
 */
export function summaryLine(report: Report): string {
  const rows = subjectsByChange(report);
  const kind = report.subjectKind ?? 'subject';
  const kinds = rows.length === 1 ? kind : kind === 'story' ? 'stories' : `${kind}s`;
  const failed = rows.filter((row) => row.outcome === 'fail');
  const change = (row: SubjectRow): string =>
    row.largest
      ? `${row.largest.metric} ${row.largest.statistic} ${formatPercent(row.largest.delta)}`
      : '';
  if (failed.length > 0) {
    const named = failed
      .slice(0, 3)
      .map(
        (row) =>
          `${row.subject} (${row.failed.join(', ')}${row.largest?.outcome === 'fail' ? `; ${change(row)}` : ''})`,
      )
      .join(', ');
    return `❌ perfwarden: ${failed.length} of ${rows.length} ${kinds} regressed: ${named}${failed.length > 3 ? ', …' : ''}`;
  }
  const top = rows.find((row) => row.largest)?.largest;
  const largest = top
    ? ` (largest change: ${top.subject} ${top.metric} ${top.statistic} ${formatPercent(top.delta)})`
    : '';
  if (report.outcome === 'pass')
    return `✅ perfwarden: ${rows.length} ${kinds}, no regression${largest}`;
  const undecided = rows.filter((row) => row.outcome === 'inconclusive').length;
  return `❔ perfwarden: no confident regression, ${undecided} of ${rows.length} ${kinds} undecided${largest}`;
}

/**
 * A level in a report's unit (`ms`, `bytes` or none): `8.21 ms`, `0.013`. Reports carry a unit
 * string, not a metric name, hence not `formatLevel` of src/format.ts.
 */
export function formatReportLevel(value: number | undefined, unit: string): string {
  return formatAmount(value, unit === 'ms' || unit === 'bytes' ? unit : 'unknown');
}

/** A verdict's relative change with its interval: `+25.1 % [+21.0 %, +29.4 %]`. */
export function formatVerdictChange(verdict: ReportVerdict): string {
  if (verdict.delta === undefined) return '–';
  const interval = verdict.interval && formatInterval(verdict.interval);
  return `${formatPercent(verdict.delta)}${interval ? ` ${interval}` : ''}`;
}

/** `subject · cpu p50`: how a verdict is named in every format. */
export function verdictName(verdict: ReportVerdict): string {
  return `${verdict.subject} · ${verdict.metric} ${verdict.statistic}`;
}

/** The one-line reason of a verdict: its rule, or its delta. */
export function verdictSummary(verdict: ReportVerdict): string {
  const levels = `${formatReportLevel(verdict.baseline, verdict.unit)} → ${formatReportLevel(verdict.candidate, verdict.unit)}`;
  if (verdict.check === 'budget')
    return `${verdict.rule ?? 'budget'}: ${formatReportLevel(verdict.candidate, verdict.unit)}`;
  return `${levels}, ${formatVerdictChange(verdict)}${verdict.rule ? ` (${verdict.rule})` : ''}`;
}

/** The caveat printed when GPU times come from a software rasterizer. */
export function softwareRendererNote(report: Report): string | undefined {
  if (!report.environment.softwareRenderer) return undefined;
  return (
    `GPU times come from a software renderer (${report.environment.renderer ?? 'unknown'}): they ` +
    'measure CPU rasterization, not a GPU. GPU verdicts are labelled "software".'
  );
}

/** True for metrics whose numbers a software renderer makes CPU times. */
export function isGpuMetric(metric: string): boolean {
  return metric === 'gpu' || metric.startsWith('gpu.') || metric.endsWith('.gpu');
}

/** Escapes text for HTML and XML. */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}
