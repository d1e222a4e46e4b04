/**
 * The "Performance" panel: the selected story's levels against its reference, each with its
 * verdict (change, interval, confidence) and hints, and the buttons to measure, capture or
 * clear the baseline and download the results. Written with `createElement` (no JSX build
 * step); React is the manager's own.
 */
import { createElement as h, useSyncExternalStore } from 'react';
import type { ReactElement } from 'react';
import { EVENTS } from '../constants.js';
import { formatConfidence, formatVerdictChange, formatReportLevel } from '../../report/format.js';
import type { ResolvedPerfwardenParameters } from '../parameters.js';
import type { StoryVerdict } from '../verdict.js';
import type { PanelSession, StoryReport } from './session.js';

/** What the panel does besides showing: wired by the manager entry to Storybook and storage. */
export interface PanelActions {
  emit: (event: string, payload: unknown) => void;
  capture: () => void;
  clear: () => void;
  download: () => void;
}

/** Props of {@link PerformancePanel}. */
export interface PanelProps {
  session: PanelSession;
  actions: PanelActions;
  storyId: string | undefined;
  parameters: ResolvedPerfwardenParameters;
}

const STATE_COLORS: Partial<Record<StoryVerdict['state'], string>> = {
  regressed: '#c62828',
  'over-budget': '#c62828',
  improved: '#2e7d32',
  within: '#2e7d32',
  'within-budget': '#2e7d32',
};

const cell = {
  padding: '4px 10px',
  borderBottom: '1px solid rgba(128,128,128,.25)',
  textAlign: 'left' as const,
};

function referenceText(report: StoryReport): string {
  const { reference } = report;
  if (reference.kind === 'baseline') {
    return reference.origin === 'file' ? 'the baseline file' : 'the captured baseline';
  }
  if (reference.kind === 'session') return `${reference.runs} earlier runs of this session`;
  return 'none yet: measure again, or capture a baseline';
}

function row(verdict: StoryVerdict, index: number): ReactElement {
  const name = `${verdict.metric} ${verdict.statistic}${verdict.check === 'budget' ? ' (budget)' : ''}`;
  return h(
    'tr',
    {
      key: index,
      'data-metric': `${verdict.metric} ${verdict.statistic}`,
      'data-check': verdict.check,
    },
    h('td', { style: cell }, name),
    h('td', { style: cell }, formatReportLevel(verdict.baseline, verdict.unit)),
    h('td', { style: cell }, formatReportLevel(verdict.candidate, verdict.unit)),
    h('td', { style: cell }, formatVerdictChange(verdict)),
    h('td', { style: cell }, formatConfidence(verdict.confidence)),
    h(
      'td',
      {
        style: { ...cell, color: STATE_COLORS[verdict.state], fontWeight: 600 },
        'data-state': verdict.state,
      },
      verdict.state,
    ),
  );
}

function button(label: string, onClick: () => void, disabled = false): ReactElement {
  return h(
    'button',
    {
      type: 'button',
      onClick,
      disabled,
      style: { marginRight: 8, padding: '3px 10px', cursor: 'pointer' },
    },
    label,
  );
}

/** The panel's content for the selected story. */
export function PerformancePanel({
  session,
  actions,
  storyId,
  parameters,
}: PanelProps): ReactElement {
  useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => session.version,
  );
  if (!storyId) return h('p', { style: { padding: 12 } }, 'Select a story to measure it.');
  if (parameters.mode === 'off') {
    return h('p', { style: { padding: 12 } }, "Not measured: parameters.perfwarden.mode is 'off'.");
  }
  const report = session.report(storyId);
  const measuring = session.measuring(storyId);
  const hints = report.verdicts.flatMap((verdict) =>
    verdict.hints.map((hint) => `${verdict.metric} ${verdict.statistic}: ${hint}`),
  );
  const renderer = report.current.find((run) => run.renderer)?.renderer;
  return h(
    'div',
    { 'data-perfwarden-panel': '', style: { padding: 12, fontSize: 13, lineHeight: 1.5 } },
    h(
      'div',
      { style: { marginBottom: 8 } },
      button(
        measuring ? 'Measuring…' : `Measure ${parameters.runs} runs`,
        () => {
          session.beginMeasurement(storyId);
          actions.emit(EVENTS.measure, { storyId, runs: parameters.runs });
        },
        measuring,
      ),
      button('Capture baseline', actions.capture, report.current.length < 2),
      button('Clear baseline', actions.clear, session.baseline?.origin !== 'captured'),
      button('Download results', actions.download),
    ),
    h(
      'p',
      { style: { margin: '4px 0' } },
      `${report.current.length} runs of ${storyId} (mode '${parameters.mode}', ${parameters.duration} ms each), compared with ${referenceText(report)}.`,
      renderer?.software ? ` GPU times come from a software renderer (${renderer.renderer}).` : '',
    ),
    report.verdicts.length === 0
      ? h('p', null, 'No runs yet: the story is measured each time it mounts.')
      : h(
          'table',
          { style: { borderCollapse: 'collapse', margin: '8px 0' } },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ...[
                'level',
                'reference',
                'current',
                'change [interval]',
                'confidence',
                'verdict',
              ].map((title) => h('th', { key: title, style: cell }, title)),
            ),
          ),
          h('tbody', null, ...report.verdicts.map(row)),
        ),
    hints.length > 0
      ? h('ul', null, ...hints.map((hint, index) => h('li', { key: index }, hint)))
      : null,
  );
}
