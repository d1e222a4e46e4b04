/** Number formatting shared by the report writers, so every format shows the same figures. */
import type { Report, ReportOutcome, ReportVerdict } from './types.js';

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

/** A level with its unit: `8.21 ms`, `0.013`. */
export function formatLevel(value: number | undefined, unit: string): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return unit ? `${value.toFixed(digits)} ${unit}` : value.toFixed(Math.max(digits, 3));
}

/** A relative change as a signed percentage: `+12.3 %`. */
export function formatPercent(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const percent = value * 100;
  return `${percent >= 0 ? '+' : '−'}${Math.abs(percent).toFixed(1)} %`;
}

/** A delta with its interval: `+25.1 % [+21.0 %, +29.4 %]`. */
export function formatDelta(verdict: ReportVerdict): string {
  if (verdict.delta === undefined) return '–';
  const [low, high] = verdict.interval ?? [];
  const interval =
    low !== undefined && high !== undefined
      ? ` [${formatPercent(low)}, ${formatPercent(high)}]`
      : '';
  return `${formatPercent(verdict.delta)}${interval}`;
}

/** A confidence as a percentage: `99.9 %`. */
export function formatConfidence(value: number | undefined): string {
  if (value === undefined) return '–';
  return `${(Math.min(1, Math.max(0, value)) * 100).toFixed(1)} %`;
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
  return metric === 'gpu' || metric.startsWith('gpu.');
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
