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
} from '../../../src/report/index.js';
import type { ReportVerdict } from '../../../src/report/index.js';

const schema = JSON.parse(
  readFileSync(new URL('../../../src/report/report.schema.json', import.meta.url), 'utf8'),
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
  it('fails the report when any verdict failed, passes it when every verdict passed', () => {
    expect(report.outcome).toBe('fail');
    expect(createReport({ tool: 't', verdicts: [passed], durationMs: 1, runs: 1 }).outcome).toBe(
      'pass',
    );
  });

  it('calls a report undecided, in every format, when a verdict is undecided and none failed', () => {
    const undecided: ReportVerdict = { ...passed, outcome: 'inconclusive', hints: ['too noisy'] };
    const mixed = createReport({
      tool: 'perfwarden compare',
      verdicts: [passed, undecided],
      durationMs: 30_000,
      runs: 4,
    });
    expect(mixed.outcome).toBe('undecided');
    const all = createReport({
      tool: 'perfwarden compare',
      verdicts: [undecided, { ...undecided, metric: 'cpu' }],
      durationMs: 30_000,
      runs: 4,
    });
    expect(all.outcome).toBe('undecided');
    const markdown = renderMarkdown(all);
    expect(markdown).toMatch(
      /^## perfwarden: ❔ undecided: 2 of 2 checks undecided, no confident regression\n/,
    );
    expect(markdown).toContain('| ❔ undecided | too noisy |');
    expect(markdown).not.toContain('✅');
    const html = renderHtml(all);
    expect(html).toContain('<h1>perfwarden: <span class="undecided">undecided: 2 of 2 checks');
    expect(html).not.toMatch(/>inconclusive</);
    expect(renderJunit(all)).toContain('<skipped message="undecided: ');
    const json = JSON.parse(renderJson(all)) as { outcome: string };
    expect(json.outcome).toBe('undecided');
    expect(new Ajv({ strict: false }).compile(schema)(json)).toBe(true);
    const [annotation] = annotationsFor(all, { GITHUB_ACTIONS: 'true' });
    expect(annotation).toMatch(/^::warning title=[^:]+::undecided%0A/);
  });

  it('calls a report without verdicts undecided: nothing was compared', () => {
    const empty = createReport({ tool: 't', verdicts: [], durationMs: 1, runs: 1 });
    expect(empty.outcome).toBe('undecided');
    expect(renderMarkdown(empty)).toMatch(/^## perfwarden: ❔ undecided: nothing was compared/);
  });

  it('shows notes (what was not measured, and why) in every format', () => {
    const note = 'gpu was not measured: pass --monitor <expression>';
    const noted = createReport({
      tool: 't',
      verdicts: [passed],
      durationMs: 1,
      runs: 1,
      notes: [note],
    });
    expect(renderMarkdown(noted)).toContain(`> ℹ️ ${note}`);
    expect(renderHtml(noted)).toContain(
      '<p class="note">gpu was not measured: pass --monitor &lt;expression&gt;</p>',
    );
    const json = JSON.parse(renderJson(noted)) as { notes: string[] };
    expect(json.notes).toEqual([note]);
    expect(new Ajv({ strict: false }).compile(schema)(json)).toBe(true);
    expect(annotationsFor(noted, { GITHUB_ACTIONS: 'true' })).toContain(
      `::notice title=perfwarden::${note}`,
    );
    expect(
      createReport({ tool: 't', verdicts: [passed], durationMs: 1, runs: 1 }),
    ).not.toHaveProperty('notes');
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
      /\| cpu p50 \| 4\.00 ms \| 5\.00 ms \| \+25\.0 % \[\+20\.0 %, \+30\.0 %\] \| ≥ 99\.9 % \| ❌ fail \|/,
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

  it('annotates only inside GitHub Actions: an error per failure, a warning per undecided', () => {
    expect(annotationsFor(report, {})).toEqual([]);
    const lines = annotationsFor(report, { GITHUB_ACTIONS: 'true' });
    expect(lines.filter((line) => line.startsWith('::error '))).toHaveLength(1);
    expect(lines.filter((line) => line.startsWith('::warning '))).toHaveLength(1);
    expect(lines.some((line) => line.startsWith('::notice '))).toBe(true);
    expect(lines[0]).toContain('title=perfwarden%3A http%3A//127.0.0.1%3A5173/scatter/ · cpu p50');
    expect(lines.every((line) => !line.slice(2).includes('\n'))).toBe(true);
  });
});
