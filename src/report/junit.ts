/** junit.xml: one test case per verdict, failures for failed verdicts, so CI dashboards list them. */
import { escapeXml, verdictName, verdictSummary } from './format.js';
import type { Report } from './types.js';

/** Renders `report` as JUnit XML (one suite per subject). */
export function renderJunit(report: Report): string {
  const subjects = [...new Set(report.verdicts.map((verdict) => verdict.subject))];
  const suites = subjects.map((subject) => {
    const verdicts = report.verdicts.filter((verdict) => verdict.subject === subject);
    const failures = verdicts.filter((verdict) => verdict.outcome === 'fail').length;
    const skipped = verdicts.filter((verdict) => verdict.outcome === 'inconclusive').length;
    const cases = verdicts.map((verdict) => {
      const name = escapeXml(`${verdict.metric} ${verdict.statistic}`);
      const open = `    <testcase classname="${escapeXml(`perfwarden.${subject}`)}" name="${name}">`;
      const summary = escapeXml(verdictSummary(verdict));
      if (verdict.outcome === 'fail') {
        const hints = escapeXml(verdict.hints.join('\n'));
        return `${open}\n      <failure message="${summary}">${escapeXml(verdictName(verdict))}: ${summary}\n${hints}</failure>\n    </testcase>`;
      }
      if (verdict.outcome === 'inconclusive') {
        const hints = verdict.hints.length > 0 ? escapeXml(`; ${verdict.hints.join('; ')}`) : '';
        return `${open}\n      <skipped message="undecided: ${summary}${hints}"/>\n    </testcase>`;
      }
      return `${open}\n      <system-out>${summary}</system-out>\n    </testcase>`;
    });
    return (
      `  <testsuite name="${escapeXml(subject)}" tests="${verdicts.length}" failures="${failures}" ` +
      `skipped="${skipped}" errors="0" time="${(report.durationMs / 1000).toFixed(3)}" timestamp="${report.created}">\n` +
      `${cases.join('\n')}\n  </testsuite>`
    );
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="perfwarden">\n${suites.join('\n')}\n</testsuites>\n`;
}
