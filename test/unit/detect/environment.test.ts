import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../src/detect/create-analyzer.js';
import {
  ADOPT_BLOCKS,
  EnvironmentTracker,
  movesWithMachine,
  PROBE_REFERENCE_BLOCKS,
} from '../../../src/detect/environment.js';
import type { EnvironmentChange, Regression } from '../../../src/types.js';
import { seededRandom } from '../../support/random.js';
import { Page, runSeconds } from './simulate.js';

/** Feeds `count` blocks of probe level `level` and returns the steps' flags and changes. */
function feed(tracker: EnvironmentTracker, count: number, level: number | undefined) {
  const steps: { skip: boolean; relearn: boolean; state: string | undefined }[] = [];
  for (let i = 0; i < count; i++) {
    const step = tracker.observe(level);
    steps.push({ skip: step.skip, relearn: step.relearn, state: step.change?.state });
  }
  return steps;
}

describe('EnvironmentTracker', () => {
  it('learns the probe reference, then calls a lasting rise busier and its return normal', () => {
    const tracker = new EnvironmentTracker();
    expect(feed(tracker, PROBE_REFERENCE_BLOCKS, 0.3).every((s) => !s.skip)).toBe(true);
    // Levels under the floor (0.5 ms) are the floor: 0.3 → 0.45 is no change.
    expect(tracker.reference).toBe(0.5);
    expect(feed(tracker, 20, 0.45).every((s) => !s.skip && s.state === undefined)).toBe(true);
    const busy = feed(tracker, 5, 2);
    // The first busy block is left out at once; the state follows the recent median.
    expect(busy.map((s) => s.skip)).toEqual([true, true, true, true, true]);
    expect(busy.map((s) => s.state)).toEqual([
      undefined,
      undefined,
      'busier',
      undefined,
      undefined,
    ]);
    expect(tracker.state).toBe('busier');
    // Back: blocks stay left out until the median of the latest blocks is back too.
    const back = feed(tracker, 5, 0.4);
    expect(back.map((s) => s.state)).toEqual([
      undefined,
      undefined,
      'normal',
      undefined,
      undefined,
    ]);
    expect(back.map((s) => s.skip)).toEqual([true, true, false, false, false]);
  });

  it('has hysteresis: a level between the two ratios keeps the state it has', () => {
    const tracker = new EnvironmentTracker();
    feed(tracker, PROBE_REFERENCE_BLOCKS, 1);
    feed(tracker, 5, 1.4); // under 1.5: still normal
    expect(tracker.state).toBe('normal');
    feed(tracker, 5, 2);
    expect(tracker.state).toBe('busier');
    feed(tracker, 5, 1.3); // over 1.25: still busier
    expect(tracker.state).toBe('busier');
    feed(tracker, 5, 1.1);
    expect(tracker.state).toBe('normal');
    feed(tracker, 5, 0.5);
    expect(tracker.state).toBe('quieter');
  });

  it('gates nothing without probe levels (no probe: an analyzer fed by other means)', () => {
    const tracker = new EnvironmentTracker();
    expect(feed(tracker, 100, undefined).some((s) => s.skip || s.state)).toBe(false);
  });

  it('adopts a lasting change as the reference, and asks the timed metrics to relearn', () => {
    const tracker = new EnvironmentTracker();
    feed(tracker, PROBE_REFERENCE_BLOCKS, 1);
    const busy = feed(tracker, ADOPT_BLOCKS + 5, 3);
    const adopted = busy.findIndex((s) => s.relearn);
    expect(adopted).toBeGreaterThanOrEqual(ADOPT_BLOCKS);
    expect(busy[adopted]).toEqual({ skip: false, relearn: true, state: 'normal' });
    expect(tracker.reference).toBe(3);
    expect(busy.slice(adopted + 1).every((s) => !s.skip)).toBe(true);
  });

  it('counts timed metrics as moving with the machine, not memory or the probe itself', () => {
    expect(
      ['cpu', 'gpu', 'gpu.render', 'span.layout', 'frame.long', 'longtask'].every(movesWithMachine),
    ).toBe(true);
    expect(['memory', 'env.probe', 'custom.items', 'cls'].some(movesWithMachine)).toBe(false);
  });
});

/** Probe levels of a quiet (about 0.2 ms) or busy (about 3 ms) machine, 8 a second. */
function probe(
  analyzer: ReturnType<typeof createAnalyzer>,
  second: number,
  busy: boolean,
  random: () => number,
) {
  for (let k = 0; k < 8; k++) {
    const level = busy ? 1.5 + 3 * random() : 0.1 + 0.3 * random();
    analyzer.add('env.probe', level, second * 1000 + k * 125);
  }
}

function session(
  cpuFactor: (second: number) => number,
  busy: (second: number) => boolean,
  withProbe = true,
) {
  const analyzer = createAnalyzer();
  const regressions: Regression[] = [];
  const changes: EnvironmentChange[] = [];
  analyzer.on('regression', (r) => regressions.push(r));
  analyzer.on('environment', (e) => changes.push(e));
  const page = new Page(31);
  const random = seededRandom(32);
  runSeconds(analyzer, 0, 300, ({ time, second }) => {
    page.cpu.factor = cpuFactor(second);
    page.gpu.factor = cpuFactor(second);
    page.frame(analyzer, time);
    if (withProbe && time % 1000 === 0) probe(analyzer, second, busy(second), random);
  });
  return { analyzer, regressions, changes };
}

describe('the detector with the environment probe', () => {
  const loaded = (second: number) => second >= 120 && second < 200;

  it('raises an environment event, not a regression, when cpu and gpu move with the probe', () => {
    const { analyzer, regressions, changes } = session((s) => (loaded(s) ? 1.6 : 1), loaded);
    expect(regressions).toEqual([]);
    expect(changes.map((c) => c.state)).toEqual(['busier', 'normal']);
    const [busier, normal] = changes;
    expect(busier?.change).toBeGreaterThan(1);
    expect(busier?.time).toBeGreaterThan(120_000);
    expect(busier?.time).toBeLessThan(126_000);
    expect(normal?.time).toBeGreaterThan(200_000);
    expect(busier?.context).toEqual({});
    // Testing resumed against the same reference: no new warm-up.
    expect(analyzer.verdict('cpu')?.state).toBe('stable');
  });

  it('without the probe, the same load is a regression', () => {
    const { regressions, changes } = session((s) => (loaded(s) ? 1.6 : 1), loaded, false);
    expect(regressions.map((r) => r.metric)).toContain('cpu');
    expect(changes).toEqual([]);
  });

  it('still raises a regression when cpu moves and the probe does not (it is the code)', () => {
    const { regressions, changes } = session(
      (s) => (s >= 120 ? 1.3 : 1),
      () => false,
    );
    expect(changes).toEqual([]);
    expect(regressions.map((r) => r.metric)).toContain('cpu');
  });
});
