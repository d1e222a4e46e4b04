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

/** A level in a report's unit (`ms`, `bytes` or none): `8.21 ms`, `0.013`. */
export function formatLevel(value: number | undefined, unit: string): string {
  return formatAmount(value, unit === 'ms' || unit === 'bytes' ? unit : 'unknown');
}

/** A delta with its interval: `+25.1 % [+21.0 %, +29.4 %]`. */
export function formatDelta(verdict: ReportVerdict): string {
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
  const levels = `${formatLevel(verdict.baseline, verdict.unit)} → ${formatLevel(verdict.candidate, verdict.unit)}`;
  if (verdict.check === 'budget')
    return `${verdict.rule ?? 'budget'}: ${formatLevel(verdict.candidate, verdict.unit)}`;
  return `${levels}, ${formatDelta(verdict)}${verdict.rule ? ` (${verdict.rule})` : ''}`;
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
