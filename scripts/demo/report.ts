/**
 * The demo's report: one SVG chart per metric over time (p50 and p95 per window), with the
 * injection and detection times marked, a table of the detections and the HUD screenshot.
 * Pure: a string in, a string out, so that it is unit-tested without a browser.
 */

/** One window of one metric, times in seconds since the demo started. */
export interface ReportPoint {
  time: number;
  p50: number;
  p95: number;
}

/** A vertical mark on every chart. */
export interface ReportMark {
  time: number;
  label: string;
  kind: 'injection' | 'detection' | 'false-alarm';
}

export interface ReportInput {
  title: string;
  /** Lines under the title (plain text). */
  summary: string[];
  series: { metric: string; unit: string; points: ReportPoint[] }[];
  marks: ReportMark[];
  /** Rows of the detections table (plain text cells). */
  detections: string[][];
  /** Relative path of the HUD screenshot, if one was taken. */
  screenshot?: string;
}

const WIDTH = 760;
const HEIGHT = 180;
const PAD = { left: 48, right: 12, top: 12, bottom: 24 };
const COLOURS = {
  p50: '#2f81f7',
  p95: '#d29922',
  injection: '#8250df',
  detection: '#cf222e',
  'false-alarm': '#cf222e',
} as const;

/** Escapes text for HTML and SVG. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** A "nice" upper bound: 1, 2 or 5 times a power of ten. */
function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const decade = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((step) => step * decade >= value) ?? 10) * decade;
}

function polyline(
  points: ReportPoint[],
  pick: (p: ReportPoint) => number,
  x: (t: number) => number,
  y: (v: number) => number,
): string {
  return points
    .filter((point) => Number.isFinite(pick(point)))
    .map((point) => `${x(point.time).toFixed(1)},${y(pick(point)).toFixed(1)}`)
    .join(' ');
}

/** Height of a row of mark labels, and the width of one label character (11 px font), px. */
const LABEL_ROW = 12;
const LABEL_CHAR = 6.2;

/**
 * Marks with the label row each is drawn in. Marks of one kind at the same second share one
 * label (two metrics detected together); every label takes the first row where it does not
 * run into the label before it, so that labels never overlap.
 */
export function layOutLabels(
  marks: readonly ReportMark[],
  x: (time: number) => number,
): { mark: ReportMark; row: number }[] {
  const merged: ReportMark[] = [];
  for (const mark of [...marks].sort((a, b) => a.time - b.time)) {
    const same = merged.find(
      (other) => other.kind === mark.kind && Math.abs(other.time - mark.time) < 0.5,
    );
    if (same) same.label = `${same.label}, ${mark.label}`;
    else merged.push({ ...mark });
  }
  const rowEnds: number[] = [];
  return merged.map((mark) => {
    const start = x(mark.time) + 4;
    let row = rowEnds.findIndex((end) => end <= start);
    if (row < 0) row = rowEnds.length;
    rowEnds[row] = start + mark.label.length * LABEL_CHAR + 6;
    return { mark, row };
  });
}

/** One metric's chart as an SVG element. */
export function chartSvg(
  metric: string,
  unit: string,
  points: ReportPoint[],
  marks: ReportMark[],
  duration: number,
): string {
  const top = niceMax(Math.max(...points.map((p) => p.p95).filter(Number.isFinite), 0) * 1.05);
  const span = Math.max(duration, 1);
  const x = (t: number): number => PAD.left + (t / span) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number): number =>
    PAD.top + (1 - Math.min(v, top) / top) * (HEIGHT - PAD.top - PAD.bottom);
  const ticks = [0, 0.5, 1].map(
    (f) =>
      `<text x="${PAD.left - 6}" y="${(y(top * f) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(String(+(top * f).toPrecision(3)))}</text>` +
      `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(top * f).toFixed(1)}" y2="${y(top * f).toFixed(1)}" stroke="#d0d7de"/>`,
  );
  const seconds = [];
  const step = span > 120 ? 30 : span > 40 ? 10 : 5;
  for (let t = 0; t <= span; t += step) {
    seconds.push(
      `<text x="${x(t).toFixed(1)}" y="${HEIGHT - 6}" text-anchor="middle">${String(t)} s</text>`,
    );
  }
  const markLines = layOutLabels(marks, x).map(
    ({ mark, row }) =>
      `<line x1="${x(mark.time).toFixed(1)}" x2="${x(mark.time).toFixed(1)}" y1="${PAD.top}" y2="${HEIGHT - PAD.bottom}" stroke="${COLOURS[mark.kind]}" stroke-width="1.5"${mark.kind === 'injection' ? ' stroke-dasharray="5 3"' : ''}/>` +
      `<text x="${(x(mark.time) + 4).toFixed(1)}" y="${PAD.top + 12 + row * LABEL_ROW}" fill="${COLOURS[mark.kind]}">${escapeHtml(mark.label)}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(metric)} over time" data-metric="${escapeHtml(metric)}">`,
    `<style>text{font:11px system-ui,sans-serif;fill:#59636e}</style>`,
    ...ticks,
    ...seconds,
    `<polyline fill="none" stroke="${COLOURS.p95}" stroke-width="1" points="${polyline(points, (p) => p.p95, x, y)}"/>`,
    `<polyline fill="none" stroke="${COLOURS.p50}" stroke-width="1.5" points="${polyline(points, (p) => p.p50, x, y)}"/>`,
    ...markLines,
    `<text x="${PAD.left + 4}" y="${HEIGHT - PAD.bottom - 4}" fill="#1f2328">${escapeHtml(metric)} (${escapeHtml(unit)}): p50 blue, p95 amber</text>`,
    `</svg>`,
  ].join('\n');
}

/** The whole report page. */
export function reportHtml(input: ReportInput): string {
  const duration = Math.max(
    ...input.series.flatMap((s) => s.points.map((p) => p.time)),
    ...input.marks.map((m) => m.time),
    1,
  );
  const rows = input.detections
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(input.title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1f2328; max-width: 820px; }
table { border-collapse: collapse; margin: 12px 0; } td, th { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
figure { margin: 16px 0; } img { max-width: 100%; border: 1px solid #d0d7de; }
</style>
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
${input.summary.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
<h2>Detections</h2>
<table>
<tr><th>metric</th><th>delta (interval)</th><th>confidence</th><th>severity</th><th>detection delay</th><th>hints</th></tr>
${rows}
</table>
<h2>Metrics over time</h2>
<p>Dashed lines: injections. Solid red lines: detections.</p>
${input.series.map((s) => `<figure>${chartSvg(s.metric, s.unit, s.points, input.marks, duration)}</figure>`).join('\n')}
${input.screenshot ? `<h2>The HUD at the end of the run</h2>\n<img src="${escapeHtml(input.screenshot)}" alt="perfwarden HUD with the regression toasts">` : ''}
</body>
</html>
`;
}
