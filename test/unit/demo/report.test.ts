import { describe, expect, it } from 'vitest';
import { chartSvg, escapeHtml, reportHtml } from '../../../scripts/demo/report.js';

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
