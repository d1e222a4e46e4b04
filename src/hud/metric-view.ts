/**
 * One metric in the HUD: its box (name, scale, graph, levels, reference, verdict), what a
 * window adds to its graph, and how a draw writes its text. The HUD controller (hud.ts) owns
 * when these run.
 */
import type { MetricVerdict } from '../analysis/detector.js';
import { formatChange, formatLevel, statisticName } from '../format.js';
import type { MetricName, Verdict, WindowSummary } from '../types.js';
import { element, setText } from './dom.js';
import { COLUMN, StripGraph } from './graph.js';
import type { ColumnState } from './graph.js';

/** Graph height in CSS pixels. */
const GRAPH_HEIGHT = 36;

const LABELS: Partial<Record<MetricName, string>> = {
  cpu: 'CPU work / frame',
  gpu: 'GPU / frame',
  frame: 'frame interval',
};

function describeVerdict(verdict: Verdict | undefined): string {
  if (!verdict) return 'not tested';
  switch (verdict.state) {
    case 'warming-up':
      return `warming up ${String(verdict.blocks)}/${String(verdict.needed)}`;
    case 'stable':
      return 'stable';
    case 'regressed':
      return `regressed: ${statisticName(verdict.regression.statistic)} ${formatChange(verdict.regression.delta, verdict.regression.statistic)}`;
    case 'improved':
      return `improved: ${statisticName(verdict.statistic)} ${formatChange(verdict.delta, verdict.statistic)}`;
  }
}

function columnState(verdict: Verdict | undefined): ColumnState {
  if (verdict?.state === 'regressed') return COLUMN.regressed;
  if (verdict?.state === 'stable' || verdict?.state === 'improved') return COLUMN.stable;
  return COLUMN.other;
}

/** A metric's box in the HUD and the state its graph and text are drawn from. */
export class MetricView {
  readonly metric: MetricName;
  /** The box to place in the HUD's body. */
  readonly box: HTMLDivElement;
  readonly graph: StripGraph;
  private readonly _levels = element('span', 'levels', '–');
  private readonly _reference = element('span', 'reference muted', 'ref –');
  private readonly _verdict = element('span', 'verdict', 'waiting');
  private readonly _scale = element('span', 'scale muted', '');
  private _last: WindowSummary | undefined;
  /** The reference's p50 at the last draw: the graph's reference line. */
  private _referenceP50 = NaN;

  constructor(metric: MetricName, history: number, ratio: number) {
    this.metric = metric;
    this.graph = new StripGraph(history, GRAPH_HEIGHT, ratio);
    this.box = element('div', 'metric');
    this.box.dataset['metric'] = metric;
    const title = element('div', 'row');
    title.append(element('span', 'name', LABELS[metric] ?? metric), this._scale);
    const levels = element('div', 'row');
    levels.append(this._levels);
    const reference = element('div', 'row');
    reference.append(this._reference, this._verdict);
    this.graph.canvas.setAttribute('role', 'img');
    this.graph.canvas.setAttribute(
      'aria-label',
      `${metric}: p50 per second (bars), p95 and reference (lines)`,
    );
    this.box.append(title, this.graph.canvas, levels, reference);
  }

  /** Adds a window of this metric to the graph (fixed arrays: cheap while hidden). */
  push(window: WindowSummary, verdict: Verdict | undefined): void {
    this._last = window;
    this.graph.push(window.p50, window.p95, this._referenceP50, columnState(verdict));
  }

  /** Draws the graph's new columns and writes the text that changed. */
  draw(found: MetricVerdict | undefined): void {
    const { metric } = this;
    this.graph.draw();
    setText(this._scale, `0–${formatLevel(metric, this.graph.scale)}`);
    const last = this._last;
    setText(
      this._levels,
      last
        ? `p50 ${formatLevel(metric, last.p50)} · p95 ${formatLevel(metric, last.p95)}`
        : 'not measured',
    );
    const reference = found?.reference;
    this._referenceP50 = reference?.p50 ?? NaN;
    setText(
      this._reference,
      reference
        ? `ref ${formatLevel(metric, reference.p50)} · ${formatLevel(metric, reference.p95)}`
        : 'ref –',
    );
    setText(this._verdict, describeVerdict(found?.verdict));
    this._verdict.dataset['state'] = found?.verdict.state ?? 'none';
  }
}
