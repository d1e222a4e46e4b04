/** report.md: ready to post as a pull-request comment. */
import {
  formatConfidence,
  formatVerdictChange,
  formatReportLevel,
  isGpuMetric,
  outcomeLabel,
  reportSummary,
  runsDescription,
  softwareRendererNote,
  subjectsByChange,
  summaryLine,
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
      : formatReportLevel(verdict.baseline, verdict.unit),
    formatReportLevel(verdict.candidate, verdict.unit),
    verdict.check === 'budget' ? '–' : formatVerdictChange(verdict),
    formatConfidence(verdict.confidence),
    `${ICON[verdict.outcome]} ${outcomeLabel(verdict.outcome)}`,
    cell(verdict.hints.join('; ')),
  ].join(' | ')} |`;
}

/** The table of subjects, failed first and by change, with their links. */
function subjectTable(report: Report): string[] {
  const kind = report.subjectKind ?? 'subject';
  const lines = [`| ${kind} | verdict | largest change | failed |`, '| --- | --- | --- | --- |'];
  for (const row of subjectsByChange(report)) {
    const link = report.links?.[row.subject];
    const name = link ? `[${cell(row.subject)}](${link})` : cell(row.subject);
    const change = row.largest
      ? `${row.largest.metric} ${row.largest.statistic} ${formatVerdictChange(row.largest)}`
      : '–';
    lines.push(
      `| ${name} | ${ICON[row.outcome]} ${outcomeLabel(row.outcome)} | ${cell(change)} | ${cell(row.failed.join(', ')) || '–'} |`,
    );
  }
  return lines;
}

/**
 * Renders `report` as GitHub-flavoured Markdown: for reports of a kind of subject (stories) its
 * one-line summary first (for a pull-request comment), a table of the subjects by change when
 * there are several, then a table per subject.
 */
export function renderMarkdown(report: Report): string {
  const lines: string[] = [];
  const rows = subjectsByChange(report);
  // Reports of several stories (or other subjects) open with their one line, for a PR comment.
  if (report.subjectKind !== undefined) lines.push(summaryLine(report), '');
  lines.push(
    `## perfwarden: ${ICON[report.outcome]} ${reportSummary(report)}`,
    '',
    `${report.tool}, ${runsDescription(report)}, in ${(report.durationMs / 1000).toFixed(1)} s` +
      (report.environment.browser ? `, ${report.environment.browser}` : '') +
      (report.environment.machine ? `, ${report.environment.machine}` : '') +
      '.',
  );
  const note = softwareRendererNote(report);
  if (note) lines.push('', `> ⚠️ ${note}`);
  for (const each of report.notes ?? []) lines.push('', `> ℹ️ ${cell(each)}`);
  if (rows.length > 1) lines.push('', ...subjectTable(report));
  for (const { subject } of rows) {
    const link = report.links?.[subject];
    lines.push(
      '',
      `### ${link ? `[${subject}](${link})` : subject}`,
      '',
      '| metric | baseline | candidate | delta [interval] | confidence | verdict | hints |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const verdict of report.verdicts) {
      if (verdict.subject === subject)
        lines.push(row(verdict, report.environment.softwareRenderer === true));
    }
  }
  const interleaved = report.verdicts.some((verdict) => verdict.check === 'interleaved');
  lines.push(
    '',
    `Intervals are ${interleaved ? 'anytime-valid ' : ''}confidence intervals of the relative change; confidence is that the ${interleaved ? 'arms differ' : 'candidate differs from the reference'}.`,
    '',
  );
  return lines.join('\n');
}
