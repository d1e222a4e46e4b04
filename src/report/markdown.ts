/** report.md: ready to post as a pull-request comment. */
import {
  formatConfidence,
  formatDelta,
  formatLevel,
  isGpuMetric,
  outcomeLabel,
  reportSummary,
  softwareRendererNote,
} from './format.js';
import type { Report, ReportVerdict } from './types.js';

const ICON = { pass: '✅', fail: '❌', inconclusive: '❔', undecided: '❔' };

/** Table cells must not break the table. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function row(verdict: ReportVerdict, software: boolean): string {
  const label = software && isGpuMetric(verdict.metric) ? ' (software)' : '';
  return `| ${[
    `${verdict.metric} ${verdict.statistic}${label}`,
    verdict.check === 'budget'
      ? cell(verdict.rule ?? 'budget')
      : formatLevel(verdict.baseline, verdict.unit),
    formatLevel(verdict.candidate, verdict.unit),
    verdict.check === 'budget' ? '–' : formatDelta(verdict),
    formatConfidence(verdict.confidence),
    `${ICON[verdict.outcome]} ${outcomeLabel(verdict.outcome)}`,
    cell(verdict.hints.join('; ')),
  ].join(' | ')} |`;
}

/** Renders `report` as GitHub-flavoured Markdown: a table per subject. */
export function renderMarkdown(report: Report): string {
  const lines: string[] = [];
  lines.push(
    `## perfwarden: ${ICON[report.outcome]} ${reportSummary(report)}`,
    '',
    `${report.tool}, ${report.runs} run${report.runs === 1 ? '' : 's'} per arm in ${(report.durationMs / 1000).toFixed(1)} s` +
      (report.environment.browser ? `, ${report.environment.browser}` : '') +
      (report.environment.machine ? `, ${report.environment.machine}` : '') +
      '.',
  );
  const note = softwareRendererNote(report);
  if (note) lines.push('', `> ⚠️ ${note}`);
  for (const each of report.notes ?? []) lines.push('', `> ℹ️ ${cell(each)}`);
  const subjects = [...new Set(report.verdicts.map((verdict) => verdict.subject))];
  for (const subject of subjects) {
    lines.push(
      '',
      `### ${subject}`,
      '',
      '| metric | baseline | candidate | delta [interval] | confidence | verdict | hints |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const verdict of report.verdicts) {
      if (verdict.subject === subject)
        lines.push(row(verdict, report.environment.softwareRenderer === true));
    }
  }
  lines.push(
    '',
    'Intervals are confidence intervals of the relative change (anytime-valid for interleaved A/B); confidence is that the arms differ.',
    '',
  );
  return lines.join('\n');
}
