/**
 * GitHub Actions workflow commands: an `::error` per failed verdict, a `::warning` per
 * undecided one and a `::notice` per note, shown on the run's summary and the pull request.
 */
import { outcomeLabel, softwareRendererNote, verdictName, verdictSummary } from './format.js';
import type { Report } from './types.js';

/** Workflow-command data must escape `%`, CR and LF (properties also `:` and `,`). */
function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** The annotation lines for `report` (print them to stdout inside a GitHub Actions job). */
export function renderAnnotations(report: Report): string[] {
  const lines: string[] = [];
  for (const verdict of report.verdicts) {
    if (verdict.outcome === 'pass') continue;
    const level = verdict.outcome === 'fail' ? 'error' : 'warning';
    const title = escapeProperty(`perfwarden: ${verdictName(verdict)}`);
    const body = [
      verdict.outcome === 'fail' ? 'regression' : outcomeLabel(verdict.outcome),
      verdictSummary(verdict),
      ...verdict.hints,
    ].join('\n');
    lines.push(`::${level} title=${title}::${escapeData(body)}`);
  }
  const note = softwareRendererNote(report);
  for (const each of [...(note ? [note] : []), ...(report.notes ?? [])]) {
    lines.push(`::notice title=perfwarden::${escapeData(each)}`);
  }
  return lines;
}
