import { describe, expect, it } from 'vitest';
import { parseBaseline } from '../../../src/baseline/baseline.js';
import { DEFAULT_PARAMETERS } from '../../../src/storybook/parameters.js';
import {
  baselineFromRuns,
  logValues,
  referenceFromBaseline,
  referenceFromValues,
} from '../../../src/storybook/reference.js';
import type { LevelKey, StoryRun } from '../../../src/storybook/run.js';
import { isDecided, judgeStory } from '../../../src/storybook/verdict.js';

const STORY = 'charts-line--default';

/** Runs with levels `level · (1 + small deterministic noise)`. */
function runs(levels: Partial<Record<LevelKey, number>>, count: number, seed = 1): StoryRun[] {
  return Array.from({ length: count }, (_, i) => {
    const noise = 1 + 0.02 * Math.sin(seed * 7 + i * 2.3);
    const scaled = Object.fromEntries(
      Object.entries(levels).map(([key, value]) => [key, value * noise]),
    );
    return {
      storyId: STORY,
      kind: 'mount',
      time: i,
      duration: 1000,
      levels: scaled,
      parameters: DEFAULT_PARAMETERS,
    };
  });
}

function judge(current: StoryRun[], reference: StoryRun[], parameters = DEFAULT_PARAMETERS) {
  return judgeStory({
    storyId: STORY,
    parameters,
    runs: current,
    reference: (key) => referenceFromValues(logValues(reference, key)),
  });
}

describe('judgeStory', () => {
  const steady = { 'render p50': 20, 'cpu p50': 4, 'cpu p95': 6, 'frame p50': 16.7 };

  it('fails the level that slowed down, with its own delta, and names it', () => {
    const verdicts = judge(runs({ ...steady, 'cpu p50': 8 }, 10, 2), runs(steady, 10));
    const cpu = verdicts.find((verdict) => verdict.metric === 'cpu' && verdict.statistic === 'p50');
    expect(cpu).toMatchObject({ subject: STORY, state: 'regressed', outcome: 'fail' });
    expect(cpu?.delta).toBeGreaterThan(0.9);
    expect(cpu?.delta).toBeLessThan(1.1);
    expect(cpu?.interval?.[0]).toBeGreaterThan(0.5);
    expect(cpu?.confidence).toBeGreaterThan(0.99);
    const render = verdicts.find((verdict) => verdict.metric === 'render');
    expect(render?.state).toBe('within');
    expect(Math.abs(render?.delta ?? 1)).toBeLessThan(0.05);
    expect(cpu?.hints.join(' ')).toMatch(/Main-thread work per frame grew/);
  });

  it("tests the thread's CPU time in place of the wall-clock levels it replaces", () => {
    const threaded = { ...steady, 'cpu.thread.render level': 12, 'cpu.thread.total level': 30 };
    // The wall-clock cpu doubled (a busier machine), the thread's CPU time did not.
    const busier = { ...threaded, 'cpu p50': 8, 'render p50': 40 };
    const verdicts = judge(runs(busier, 10, 2), runs(threaded, 10));
    const state = (metric: string, statistic: string) =>
      verdicts.find((verdict) => verdict.metric === metric && verdict.statistic === statistic);
    expect(state('cpu.thread.total', 'level')?.state).toBe('within');
    expect(state('cpu.thread.render', 'level')?.state).toBe('within');
    expect(state('cpu', 'p50')).toMatchObject({ state: 'reported', outcome: 'pass' });
    expect(state('render', 'p50')).toMatchObject({ state: 'reported', outcome: 'pass' });
    expect(verdicts.filter((verdict) => verdict.outcome === 'fail')).toEqual([]);
    // A reference without the thread levels (saved by the panel or the Vitest hook): the
    // wall-clock levels are tested, and the thread levels wait for a reference.
    const walled = judge(runs(busier, 10, 2), runs(steady, 10));
    const cpu = walled.find((verdict) => verdict.metric === 'cpu' && verdict.statistic === 'p50');
    expect(cpu?.state).toBe('regressed');
    const thread = walled.find((verdict) => verdict.metric === 'cpu.thread.total');
    expect(thread?.state).toBe('no-reference');
  });

  it('gives hints that name the thread level that grew', () => {
    const threaded = {
      ...steady,
      'cpu.thread.render level': 12,
      'cpu.thread.total level': 30,
      'cpu.thread.play level': 10,
    };
    const hintsOf = (current: typeof threaded, metric: string) =>
      judge(runs(current, 10, 2), runs(threaded, 10))
        .find((verdict) => verdict.metric === metric)
        ?.hints.join(' ');
    expect(hintsOf({ ...threaded, 'cpu.thread.total level': 45 }, 'cpu.thread.total')).toMatch(
      /^Main-thread CPU time over the run grew \(\+\d+\.\d %\): look at the story's frame loop/,
    );
    expect(hintsOf({ ...threaded, 'cpu.thread.render level': 20 }, 'cpu.thread.render')).toMatch(
      /from mount to the first frame grew .*the cost is at mount/,
    );
    expect(hintsOf({ ...threaded, 'cpu.thread.play level': 16 }, 'cpu.thread.play')).toMatch(
      /during the play function grew .*event handlers/,
    );
  });

  it('passes steady levels, and says when everything is decided', () => {
    const verdicts = judge(runs(steady, 10, 3), runs(steady, 10));
    expect(verdicts.filter((verdict) => verdict.outcome === 'fail')).toEqual([]);
    expect(isDecided(verdicts)).toBe(true);
    // Frame intervals are vsync-quantized: reported, never tested.
    expect(verdicts.find((verdict) => verdict.metric === 'frame')?.state).toBe('reported');
  });

  it("reports a regression without failing in mode 'warn'", () => {
    const warn = { ...DEFAULT_PARAMETERS, mode: 'warn' as const };
    const verdicts = judge(runs({ ...steady, 'cpu p50': 8 }, 10, 2), runs(steady, 10), warn);
    const cpu = verdicts.find((verdict) => verdict.metric === 'cpu' && verdict.statistic === 'p50');
    expect(cpu).toMatchObject({ state: 'regressed', outcome: 'inconclusive' });
  });

  it('checks budgets on the median of the runs', () => {
    const budget = { ...DEFAULT_PARAMETERS, budget: { render: 15, cpu: 5 } };
    const verdicts = judge(runs(steady, 5), [], budget);
    const budgets = verdicts.filter((verdict) => verdict.check === 'budget');
    expect(budgets.map((verdict) => [verdict.metric, verdict.state, verdict.outcome])).toEqual([
      ['render', 'over-budget', 'fail'],
      ['cpu', 'within-budget', 'pass'],
    ]);
    // Without a reference, tested levels are not judged.
    expect(
      verdicts.find((verdict) => verdict.check === 'baseline' && verdict.metric === 'render')
        ?.state,
    ).toBe('no-reference');
  });
});

describe('story baselines', () => {
  it('round-trip through the baseline format, one entry per story and tested level', () => {
    const baseline = parseBaseline(
      JSON.stringify(baselineFromRuns(runs({ 'cpu p50': 4, 'frame p50': 16 }, 6))),
    );
    expect(baseline.entries.map((entry) => [entry.metric, entry.statistic, entry.context])).toEqual(
      [['cpu', 'p50', { story: STORY }]],
    );
    const reference = referenceFromBaseline(baseline, STORY, 'cpu p50');
    expect(Math.exp(reference?.center ?? 0)).toBeCloseTo(4, 1);
    expect(reference).toMatchObject({ blocks: 6, runs: 1, origin: 'baseline', source: 'baseline' });
    expect(referenceFromBaseline(baseline, 'another--story', 'cpu p50')).toBeUndefined();
  });
});
