import { describe, expect, it } from 'vitest';
import { injectionOf } from '../../../scripts/demo/attribute.js';
import { chartSvg, escapeHtml, layOutLabels, reportHtml } from '../../../scripts/demo/report.js';

const points = [
  { time: 1, p50: 2, p95: 3 },
  { time: 2, p50: 2.2, p95: 3.1 },
  { time: 3, p50: 4, p95: 6 },
];

describe('demo report', () => {
  it('escapes text for HTML', () => {
    expect(escapeHtml('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
  });

  it('draws p50 and p95 lines and a line per mark, injections dashed', () => {
    const svg = chartSvg(
      'cpu',
      'ms',
      points,
      [
        { time: 2, label: 'CPU injected', kind: 'injection' },
        { time: 3, label: 'cpu +80 %', kind: 'detection' },
      ],
      3,
    );
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(1);
    expect(svg).toContain('CPU injected');
    expect(svg).toContain('cpu +80 %');
    expect(svg).toContain('data-metric="cpu"');
  });

  it('builds a page with a chart per series, the detections and the screenshot', () => {
    const html = reportHtml({
      title: 'demo <1>',
      summary: ['ran'],
      series: [
        { metric: 'cpu', unit: 'ms', points },
        { metric: 'gpu', unit: 'ms', points },
      ],
      marks: [],
      detections: [['cpu', '+80 %', '99.9 %', 'major', '3.0 s after CPU', 'hint <b>']],
      screenshot: 'hud.png',
    });
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('<title>demo &lt;1&gt;</title>');
    expect(html).toContain('<td>hint &lt;b&gt;</td>');
    expect(html).toContain('<img src="hud.png"');
  });
});

describe('demo report marks', () => {
  it('merges marks of one kind at the same time and never lets two labels overlap', () => {
    const x = (time: number): number => time * 10;
    const laid = layOutLabels(
      [
        { time: 38, label: 'GPU injected', kind: 'injection' },
        { time: 43, label: 'gpu.points +259 %', kind: 'detection' },
        { time: 43.2, label: 'gpu +259 %', kind: 'detection' },
        { time: 48, label: 'CPU injected', kind: 'injection' },
        { time: 55, label: 'cpu +205 %', kind: 'detection' },
      ],
      x,
    );
    expect(laid.map(({ mark }) => mark.label)).toEqual([
      'GPU injected',
      'gpu.points +259 %, gpu +259 %',
      'CPU injected',
      'cpu +205 %',
    ]);
    const extent = ({ mark }: { mark: { time: number; label: string } }) =>
      [x(mark.time) + 4, x(mark.time) + 4 + mark.label.length * 6.2] as const;
    for (const [i, a] of laid.entries()) {
      for (const b of laid.slice(i + 1)) {
        if (a.row !== b.row) continue;
        const [startA, endA] = extent(a);
        const [startB, endB] = extent(b);
        expect(endA <= startB || endB <= startA).toBe(true);
      }
    }
  });
});

describe('demo attribution', () => {
  it('gives a detection to the injection before its estimated change, not before its detection', () => {
    const injections = [
      { kind: 'GPU', at: 38_000 },
      { kind: 'CPU', at: 70_000 },
    ];
    // A slow GPU pass: changed with the GPU injection, detected just after the CPU one.
    expect(injectionOf(injections, { changedAt: 38_000 }, 2000)?.kind).toBe('GPU');
    // The change estimate is a block start, up to a block early.
    expect(injectionOf(injections, { changedAt: 69_000 }, 2000)?.kind).toBe('CPU');
    expect(injectionOf(injections, { changedAt: 20_000 }, 2000)).toBeUndefined();
  });
});
