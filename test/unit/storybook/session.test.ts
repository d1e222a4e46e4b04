import { describe, expect, it } from 'vitest';
import { PanelSession } from '../../../src/storybook/manager/session.js';
import { DEFAULT_PARAMETERS } from '../../../src/storybook/parameters.js';
import type { StoryRun } from '../../../src/storybook/run.js';

const STORY = 'charts-bar--default';

function run(cpu: number, kind: StoryRun['kind'] = 'mount'): StoryRun {
  return {
    storyId: STORY,
    kind,
    time: 0,
    duration: 500,
    levels: kind === 'mount' ? { 'cpu p50': cpu, 'render p50': 10 } : { 'rerender p50': cpu },
    parameters: DEFAULT_PARAMETERS,
  };
}

function measure(session: PanelSession, values: number[]): void {
  session.beginMeasurement(STORY);
  for (const value of values) session.add(run(value));
  session.endMeasurement(STORY);
}

describe('PanelSession', () => {
  it('judges the latest measurement against the earlier runs of the session', () => {
    const session = new PanelSession();
    session.add(run(4)); // an automatic mount: a measurement of its own
    expect(session.report(STORY).reference).toEqual({ kind: 'none' });
    measure(session, [4, 4.1, 3.9, 4, 4.05, 3.95, 4, 4.1]);
    measure(session, [8, 8.2, 7.9, 8, 8.1, 7.95, 8.05, 8]);
    const report = session.report(STORY);
    expect(report.current).toHaveLength(8);
    expect(report.reference).toEqual({ kind: 'session', runs: 9 });
    const cpu = report.verdicts.find((verdict) => verdict.metric === 'cpu');
    expect(cpu?.state).toBe('regressed');
  });

  it('prefers a captured baseline, falls back to the file after clearing, and notifies', () => {
    const session = new PanelSession();
    let changes = 0;
    session.subscribe(() => (changes += 1));
    measure(session, [4, 4.1, 3.9, 4]);
    const captured = session.capture(new Date(0));
    expect(captured?.entries.map((entry) => entry.metric).sort()).toEqual(['cpu', 'render']);
    if (!captured) return;
    session.setCaptured(captured);
    expect(session.report(STORY).reference).toEqual({ kind: 'baseline', origin: 'captured' });
    session.setCaptured(undefined);
    expect(session.baseline).toBeUndefined();
    expect(changes).toBeGreaterThan(3);
  });

  it('adds a re-render to the story’s latest measurement', () => {
    const session = new PanelSession();
    session.add(run(4));
    session.add(run(12, 'rerender'));
    const report = session.report(STORY);
    expect(report.current.map((item) => item.kind)).toEqual(['mount', 'rerender']);
    expect(report.verdicts.some((verdict) => verdict.metric === 'rerender')).toBe(true);
    expect(session.results().stories[0]?.runs).toHaveLength(2);
  });
});
