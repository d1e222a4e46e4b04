/** report.html: a self-contained page with the verdict table and an SVG chart per verdict. */
import {
  escapeXml,
  formatConfidence,
  formatVerdictChange,
  formatReportLevel,
  isGpuMetric,
  outcomeLabel,
  reportSummary,
  runsDescription,
  softwareRendererNote,
  subjectsByChange,
} from './format.js';
import { distributionChart } from './svg-chart.js';
import type { Report, ReportVerdict } from './types.js';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:64rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}
.fail{color:#b00;font-weight:600}.pass{color:#070}.inconclusive,.undecided{color:#a60}.note{background:#fff6d6;padding:.6rem 1rem;border-left:4px solid #e0b000}
section{margin:1.5rem 0}h3{margin-bottom:.3rem}`;

function chartOf(verdict: ReportVerdict): string {
  if (!verdict.samples) return '';
  const arms = [
    { label: 'baseline', values: verdict.samples.baseline, color: '#3568d4' },
    { label: 'candidate', values: verdict.samples.candidate, color: '#d4542b' },
  ].filter((arm) => arm.values.length > 0);
  const limit = verdict.check === 'budget' ? verdict.baseline : undefined;
  return arms.length ? distributionChart(arms, verdict.unit, limit) : '';
}

function section(verdict: ReportVerdict, software: boolean): string {
  const label = software && isGpuMetric(verdict.metric) ? ' (software renderer)' : '';
  return `<section><h3>${escapeXml(`${verdict.subject} · ${verdict.metric} ${verdict.statistic}${label}`)} <span class="${verdict.outcome}">${outcomeLabel(verdict.outcome)}</span></h3>
<p>${escapeXml(`${formatReportLevel(verdict.baseline, verdict.unit)} → ${formatReportLevel(verdict.candidate, verdict.unit)}, ${formatVerdictChange(verdict)}`)}${verdict.rule ? ` — ${escapeXml(verdict.rule)}` : ''}</p>
${chartOf(verdict)}${verdict.hints.length ? `<ul>${verdict.hints.map((hint) => `<li>${escapeXml(hint)}</li>`).join('')}</ul>` : ''}</section>`;
}

/** Renders `report` as a standalone HTML page (no scripts, no external resources). */
export function renderHtml(report: Report): string {
  const software = report.environment.softwareRenderer === true;
  const note = softwareRendererNote(report);
  const order = subjectsByChange(report).map((each) => each.subject);
  const sorted = [...report.verdicts].sort(
    (a, b) => order.indexOf(a.subject) - order.indexOf(b.subject),
  );
  const subjectCell = (subject: string): string => {
    const link = report.links?.[subject];
    return link ? `<a href="${escapeXml(link)}">${escapeXml(subject)}</a>` : escapeXml(subject);
  };
  const rows = sorted
    .map(
      (verdict) =>
        `<tr><td>${subjectCell(verdict.subject)}</td><td>${escapeXml(`${verdict.metric} ${verdict.statistic}`)}${software && isGpuMetric(verdict.metric) ? ' (software)' : ''}</td>` +
        `<td>${escapeXml(verdict.check === 'budget' ? (verdict.rule ?? 'budget') : formatReportLevel(verdict.baseline, verdict.unit))}</td>` +
        `<td>${escapeXml(formatReportLevel(verdict.candidate, verdict.unit))}</td><td>${escapeXml(formatVerdictChange(verdict))}</td>` +
        `<td>${formatConfidence(verdict.confidence)}</td><td class="${verdict.outcome}">${outcomeLabel(verdict.outcome)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>perfwarden report: ${report.outcome}</title><style>${STYLE}</style></head>
<body><h1>perfwarden: <span class="${report.outcome}">${escapeXml(reportSummary(report))}</span></h1>
<p>${escapeXml(`${report.tool}, ${runsDescription(report)}, in ${(report.durationMs / 1000).toFixed(1)} s, ${report.created}`)}${report.environment.browser ? escapeXml(`, ${report.environment.browser}`) : ''}${report.environment.renderer ? escapeXml(`, renderer ${report.environment.renderer}`) : ''}</p>
${[...(note ? [note] : []), ...(report.notes ?? [])].map((each) => `<p class="note">${escapeXml(each)}</p>`).join('\n')}
<table><thead><tr><th>subject</th><th>metric</th><th>baseline</th><th>candidate</th><th>delta [interval]</th><th>confidence</th><th>verdict</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${sorted.map((verdict) => section(verdict, software)).join('\n')}
</body></html>
`;
}
