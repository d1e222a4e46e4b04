import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  annotationsFor,
  createReport,
  renderHtml,
  renderJson,
  renderJunit,
  renderMarkdown,
} from '../../../src/cli/report/index.js';
import type { ReportVerdict } from '../../../src/cli/report/index.js';

const schema = JSON.parse(
  readFileSync(new URL('../../../src/cli/report/report.schema.json', import.meta.url), 'utf8'),
) as object;

const regressed: ReportVerdict = {
  subject: 'http://127.0.0.1:5173/scatter/',
  metric: 'cpu',
  statistic: 'p50',
  unit: 'ms',
  check: 'interleaved',
  outcome: 'fail',
  baseline: 4,
  candidate: 5,
  delta: 0.25,
  interval: [0.2, 0.3],
  confidence: 0.999,
  samples: { baseline: [4, 4.1, 3.9], candidate: [5, 5.1, 4.9] },
  hints: ['cpu p50 up 25 % while frame stayed flat'],
};
const passed: ReportVerdict = {
  ...regressed,
  metric: 'gpu',
  outcome: 'pass',
  delta: 0.01,
  interval: [-Infinity, Infinity],
  hints: [],
};
const budget: ReportVerdict = {
  subject: 'story:button--primary',
  metric: 'inp',
  statistic: 'p95',
  unit: 'ms',
  check: 'budget',
  outcome: 'inconclusive',
  baseline: 200,
  candidate: 180,
  rule: 'inp p95 ≤ 200 ms',
  hints: [],
};

const report = createReport({
  tool: 'perfwarden compare',
  verdicts: [regressed, passed, budget],
  durationMs: 21_500,
  runs: 6,
  environment: { renderer: 'ANGLE (Mesa, llvmpipe)', softwareRenderer: true },
  created: new Date('2026-11-30T00:00:00Z'),
});

describe('report writers', () => {
  it('fails the report when any verdict failed, and passes it otherwise', () => {
    expect(report.outcome).toBe('fail');
    expect(
      createReport({ tool: 't', verdicts: [passed, budget], durationMs: 1, runs: 1 }).outcome,
    ).toBe('pass');
  });

  it('writes report.json that the documented JSON Schema accepts, infinite bounds as null', () => {
    const validate = new Ajv({ strict: false }).compile(schema);
    const json = JSON.parse(renderJson(report)) as { verdicts: { interval?: unknown }[] };
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.verdicts[1]?.interval).toEqual([null, null]);
    expect(validate({ ...json, verdicts: [{ ...regressed, outcome: 'maybe' }] })).toBe(false);
  });

  it('writes a Markdown table per subject with delta, interval, verdict and the software label', () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('### http://127.0.0.1:5173/scatter/');
    expect(markdown).toContain('### story:button--primary');
    expect(markdown).toMatch(
      /\| cpu p50 \| 4\.00 ms \| 5\.00 ms \| \+25\.0 % \[\+20\.0 %, \+30\.0 %\] \| 99\.9 % \| ❌ fail \|/,
    );
    expect(markdown).toContain('| gpu p50 (software) |');
    expect(markdown).toContain('software renderer');
  });

  it('writes JUnit with one failure and one skipped case', () => {
    const junit = renderJunit(report);
    expect(junit.match(/<testcase /g)).toHaveLength(3);
    expect(junit.match(/<failure /g)).toHaveLength(1);
    expect(junit.match(/<skipped /g)).toHaveLength(1);
    expect(junit).toContain('failures="1"');
  });

  it('writes HTML with an SVG chart of both arms and escapes subject text', () => {
    const html = renderHtml(
      createReport({
        tool: 't',
        verdicts: [{ ...regressed, subject: '<x>' }],
        durationMs: 1,
        runs: 3,
      }),
    );
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(html.match(/<circle /g)).toHaveLength(6);
    expect(html).toContain('&lt;x&gt;');
    expect(html).not.toContain('<x>');
  });

  it('annotates only inside GitHub Actions: an error per failure, a warning per inconclusive', () => {
    expect(annotationsFor(report, {})).toEqual([]);
    const lines = annotationsFor(report, { GITHUB_ACTIONS: 'true' });
    expect(lines.filter((line) => line.startsWith('::error '))).toHaveLength(1);
    expect(lines.filter((line) => line.startsWith('::warning '))).toHaveLength(1);
    expect(lines.some((line) => line.startsWith('::notice '))).toBe(true);
    expect(lines[0]).toContain('title=perfwarden%3A http%3A//127.0.0.1%3A5173/scatter/ · cpu p50');
    expect(lines.every((line) => !line.slice(2).includes('\n'))).toBe(true);
  });
});
