/**
 * Reports of several stories, as `perfwarden storybook` writes them: a one-line summary for a
 * pull-request comment, the stories by change with their links, runs worded as compared.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  createReport,
  renderHtml,
  renderJson,
  renderMarkdown,
  runsDescription,
  subjectsByChange,
  summaryLine,
} from '../../../src/report/index.js';
import type { ReportInput, ReportVerdict } from '../../../src/report/index.js';

const schema = JSON.parse(
  readFileSync(new URL('../../../src/report/report.schema.json', import.meta.url), 'utf8'),
) as object;

function verdict(
  subject: string,
  metric: string,
  delta: number,
  outcome: ReportVerdict['outcome'],
  check: ReportVerdict['check'] = 'interleaved',
): ReportVerdict {
  return {
    subject,
    metric,
    statistic: 'p50',
    unit: 'ms',
    check,
    outcome,
    baseline: 10,
    candidate: 10 * (1 + delta),
    delta,
    interval: [delta - 0.05, delta + 0.05],
    confidence: 0.99,
    hints: [],
  };
}

const LINK = 'https://example.com/storybook/?path=/story/';
const stories = (verdicts: ReportVerdict[], extra: Partial<ReportInput> = {}) =>
  createReport({
    tool: 'perfwarden storybook (A/B of two builds)',
    verdicts,
    durationMs: 60_000,
    runs: 8,
    subjectKind: 'story',
    links: Object.fromEntries(verdicts.map((each) => [each.subject, `${LINK}${each.subject}`])),
    ...extra,
  });

const regressed = stories([
  verdict('small--default', 'render', 0.02, 'pass'),
  verdict('big--default', 'render', 0.08, 'pass'),
  verdict('big--default', 'cpu', 0.05, 'inconclusive'),
  verdict('chart--hover', 'play.cpu', 0.4, 'fail'),
  verdict('chart--hover', 'render', 0.01, 'pass'),
]);

describe('reports of stories', () => {
  it('orders stories failed first, then undecided, then by their largest change', () => {
    expect(subjectsByChange(regressed)).toEqual([
      expect.objectContaining({
        subject: 'chart--hover',
        outcome: 'fail',
        failed: ['play.cpu p50'],
      }),
      expect.objectContaining({ subject: 'big--default', outcome: 'inconclusive', failed: [] }),
      expect.objectContaining({ subject: 'small--default', outcome: 'pass' }),
    ]);
    expect(subjectsByChange(regressed)[1]?.largest?.metric).toBe('render');
  });

  it('sums a report up in one line naming the regressed stories, or the largest change', () => {
    expect(summaryLine(regressed)).toBe(
      '❌ perfwarden: 1 of 3 stories regressed: chart--hover (play.cpu p50; play.cpu p50 +40.0 %)',
    );
    const passed = stories([
      verdict('small--default', 'render', 0.02, 'pass'),
      verdict('big--default', 'render', -0.03, 'pass'),
    ]);
    expect(summaryLine(passed)).toBe(
      '✅ perfwarden: 2 stories, no regression (largest change: small--default render p50 +2.0 %)',
    );
  });

  it('words the runs as they were compared: per arm for an A/B, against a stored baseline', () => {
    expect(runsDescription(regressed)).toBe('up to 8 runs per arm and story, interleaved A/B');
    const stored = stories([verdict('one--default', 'render', 0.1, 'pass', 'baseline')], {
      tool: 'perfwarden storybook (stored baseline)',
      runs: 1,
    });
    expect(runsDescription(stored)).toBe('1 run against a stored baseline');
  });

  it('opens the Markdown with the summary line and links each story in its table', () => {
    const markdown = renderMarkdown(regressed);
    const lines = markdown.split('\n');
    expect(lines[0]).toBe(summaryLine(regressed));
    const table = lines.indexOf('| story | verdict | largest change | failed |');
    expect(table).toBeGreaterThan(0);
    expect(lines[table + 2]).toMatch(
      /^\| \[chart--hover\]\(https:\/\/example\.com\/storybook\/\?path=\/story\/chart--hover\) \| .* \| play\.cpu p50 \+40\.0 % .*\| play\.cpu p50 \|$/,
    );
    expect(lines[table + 3]).toMatch(/^\| \[big--default\]/);
    expect(lines[table + 4]).toMatch(/^\| \[small--default\]/);
    expect(markdown).toContain('up to 8 runs per arm and story, interleaved A/B');
  });

  it('links the stories in the HTML report, failed first, and keeps the schema valid', () => {
    const html = renderHtml(regressed);
    const first = html.indexOf(`<a href="${LINK}chart--hover">chart--hover</a>`);
    expect(first).toBeGreaterThan(0);
    expect(html.indexOf(`<a href="${LINK}small--default">`)).toBeGreaterThan(first);
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(JSON.parse(renderJson(regressed))), JSON.stringify(validate.errors)).toBe(true);
  });
});
