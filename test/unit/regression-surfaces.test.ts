// @vitest-environment happy-dom
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { consoleExporter } from '../../src/export/console-exporter.js';
import type { ConsoleLike } from '../../src/export/console-exporter.js';
import type { ExportContext } from '../../src/export/exporter.js';
import { createHud } from '../../src/hud/hud.js';
import type { Hud, HudMonitor } from '../../src/hud/hud.js';
import { renderHtml } from '../../src/report/html.js';
import { REPORT_FORMAT, REPORT_VERSION } from '../../src/report/types.js';
import type { Report, ReportVerdict } from '../../src/report/types.js';
import { PerformancePanel } from '../../src/storybook/manager/panel.js';
import type { PanelSession, StoryReport } from '../../src/storybook/manager/session.js';
import { DEFAULT_PARAMETERS } from '../../src/storybook/parameters.js';
import type { Regression } from '../../src/types.js';

// One regression, rendered by every surface that shows one to a person: the console exporter,
// the HUD, the HTML report and the Storybook panel. Its numbers must read the same everywhere
// (they all come from src/format.ts): the change, its interval, the confidence and the p50
// levels before and after. The panel is rendered with React DOM into happy-dom's document.
const regression: Regression = {
  metric: 'cpu',
  statistic: 'p50',
  context: { scene: 'graph-10k' },
  baseline: { p50: 8.1, p95: 11.2, mean: 8.3 },
  current: { p50: 9.56, p95: 13.1, mean: 9.7 },
  delta: 0.18,
  interval: [0.06, 0.31],
  confidence: 0.9995,
  severity: 'major',
  changedAt: 1_000,
  detectedAt: 2_000,
  hints: [],
};

/** The strings each surface must show, written out so that a surface that formats its own fails. */
const NUMBERS = {
  delta: '+18.0 %',
  interval: '[+6.0 %, +31.0 %]',
  confidence: '≥ 99.9 %',
  before: '8.10 ms',
  after: '9.56 ms',
};

function consoleText(): string {
  const lines: string[] = [];
  const record = (...args: unknown[]): void => {
    lines.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
  };
  const console: ConsoleLike = {
    groupCollapsed: record,
    groupEnd: record,
    table: record,
    warn: record,
    info: record,
  };
  const context: ExportContext = {
    signal: new AbortController().signal,
    keepalive: { claim: () => undefined },
    final: false,
  };
  void consoleExporter({ console }).export([{ kind: 'regression', regression }], context);
  return lines.join('\n');
}

let hud: Hud | undefined;
afterEach(() => {
  hud?.destroy();
  hud = undefined;
});

/** The HUD after its monitor emitted the regression. */
function hudAfterRegression(): ShadowRoot {
  const listeners = new Map<string, (payload: unknown) => void>();
  const monitor = {
    on: (event: string, listener: (payload: unknown) => void) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    },
    snapshot: () => ({ time: 0, verdicts: [], windows: [], dropped: 0 }),
    verdict: () => undefined,
    captureBaseline: () => undefined,
    start: () => undefined,
    stop: () => undefined,
    running: true,
    refreshInterval: undefined,
    sessionId: 'session',
    gpu: undefined,
    context: {},
  } as unknown as HudMonitor;
  hud = createHud(monitor, { target: document.body });
  listeners.get('regression')?.(regression);
  const root = hud.dom.shadowRoot;
  if (!root) throw new Error('the HUD has no open shadow root');
  return root;
}

/** What the HUD shows: the regression's toast. */
function hudToastText(): string {
  return hudAfterRegression().querySelector('.toast[data-metric="cpu"]')?.textContent ?? '';
}

/** What the HUD announces to screen readers (its live status line). */
function hudAnnouncementText(): string {
  return hudAfterRegression().querySelector('[role="status"]')?.textContent ?? '';
}

/** The regression as the reports and the Storybook panel carry it: a verdict. */
const verdict: ReportVerdict = {
  subject: 'graph-10k',
  metric: regression.metric,
  statistic: 'p50',
  unit: 'ms',
  check: 'interleaved',
  outcome: 'fail',
  baseline: regression.baseline.p50,
  candidate: regression.current.p50,
  delta: regression.delta,
  interval: regression.interval,
  confidence: regression.confidence,
  hints: [],
};

function htmlReportText(): string {
  const report: Report = {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    created: '2026-12-06T00:00:00.000Z',
    tool: 'perfwarden compare',
    outcome: 'fail',
    durationMs: 1_000,
    runs: 8,
    environment: {},
    verdicts: [verdict],
  };
  const page = new DOMParser().parseFromString(renderHtml(report), 'text/html');
  return page.body.textContent;
}

/** The Storybook panel for a story whose baseline comparison found the regression. */
function storybookPanelText(): string {
  const storyId = 'charts--scatter';
  const report: StoryReport = {
    storyId,
    current: [],
    reference: { kind: 'baseline', origin: 'file' },
    verdicts: [{ ...verdict, subject: storyId, check: 'baseline', state: 'regressed' }],
  };
  // What the panel reads of its session; the session's own judging has tests of its own.
  const session = {
    version: 0,
    baseline: undefined,
    subscribe: () => () => undefined,
    report: () => report,
    measuring: () => false,
    beginMeasurement: () => undefined,
  } as unknown as PanelSession;
  const actions = {
    emit: () => undefined,
    capture: () => undefined,
    clear: () => undefined,
    download: () => undefined,
  };
  // React warns unless told that updates are wrapped in act().
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  try {
    act(() => {
      root.render(
        createElement(PerformancePanel, {
          session,
          actions,
          storyId,
          parameters: DEFAULT_PARAMETERS,
        }),
      );
    });
    const table = container.querySelector('[data-perfwarden-panel] tbody');
    if (!table) throw new Error('the panel rendered no verdict table');
    return table.textContent;
  } finally {
    act(() => {
      root.unmount();
    });
    container.remove();
  }
}

describe('one regression on every surface', () => {
  it.each([
    ['console exporter', consoleText],
    ['HUD toast', hudToastText],
    ['HUD announcement', hudAnnouncementText],
    ['HTML report', htmlReportText],
    ['Storybook panel', storybookPanelText],
  ])('%s shows the same numbers', (_surface, render) => {
    const text = render();
    for (const number of Object.values(NUMBERS)) expect(text).toContain(number);
  });
});
