import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../src/detect/create-analyzer.js';
import {
  ADOPT_BLOCKS,
  AFTER_CUT_BLOCKS,
  EnvironmentTracker,
  movesWithMachine,
  NORMAL_AFTER_BLOCKS,
  PROBE_RECENT_BLOCKS,
  PROBE_REFERENCE_BLOCKS,
  PROBE_SETTLE_BLOCKS,
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

/** Feeds `count` blocks of which `cutsPerTen` in every ten have a cut probe (4 ms lost). */
function pattern(tracker: EnvironmentTracker, count: number, cutsPerTen: number) {
  const steps = [];
  for (let i = 0; i < count; i++) {
    const step = tracker.observe(i % 10 < cutsPerTen ? 4 : 0.1);
    steps.push({ skip: step.skip, state: step.change?.state });
  }
  return steps;
}

/** Blocks with a probe before the reference is learned: settling, then learning. */
const LEARNING = PROBE_SETTLE_BLOCKS + PROBE_REFERENCE_BLOCKS;

describe('EnvironmentTracker', () => {
  it('learns the probe reference, then calls a lasting rise busier and its return normal', () => {
    const tracker = new EnvironmentTracker();
    expect(feed(tracker, LEARNING, 0.3).every((s) => !s.skip)).toBe(true);
    // Time lost under the floor (0.5 ms) is the floor, and under 1 ms no cut: no change.
    expect(tracker.reference).toBe(0.5);
    expect(feed(tracker, 20, 0.45).every((s) => !s.skip && s.state === undefined)).toBe(true);
    const busy = feed(tracker, 5, 2);
    // A cut block is left out at once; the machine is busier once 3 of the latest 10 are cut.
    expect(busy.map((s) => s.skip)).toEqual([true, true, true, true, true]);
    expect(busy.map((s) => s.state)).toEqual([
      undefined,
      undefined,
      'busier',
      undefined,
      undefined,
    ]);
    expect(tracker.state).toBe('busier');
    // Back: blocks stay left out until the latest blocks have been back for a while. The 10
    // latest hold one cut block at most from the 9th quiet one on (index 8), and 10 such
    // blocks in a row are normal.
    const back = feed(tracker, 30, 0.4);
    const normal = back.findIndex((s) => s.state === 'normal');
    expect(normal).toBe(PROBE_RECENT_BLOCKS - 2 + NORMAL_AFTER_BLOCKS - 1);
    expect(back.slice(0, normal).every((s) => s.skip)).toBe(true);
    expect(back.slice(normal).some((s) => s.skip || (s.state && s.state !== 'normal'))).toBe(false);
  });

  it('does not learn from the blocks while the page loads', () => {
    const tracker = new EnvironmentTracker();
    // The page's own start cuts every probe, then the machine is quiet.
    feed(tracker, PROBE_SETTLE_BLOCKS, 4);
    feed(tracker, PROBE_REFERENCE_BLOCKS + PROBE_RECENT_BLOCKS, 0.1);
    expect(tracker.state).toBe('normal');
    expect(feed(tracker, 3, 4).map((s) => s.state)).toEqual([undefined, undefined, 'busier']);
  });

  it('holds busier through load that cuts only some of the probes', () => {
    const tracker = new EnvironmentTracker();
    feed(tracker, LEARNING, 0.1);
    const random = seededRandom(5);
    const states: (string | undefined)[] = [];
    for (let i = 0; i < 120; i++) {
      // Half the blocks hold a cut probe (a time slice lost), the others none.
      const step = tracker.observe(random() < 0.5 ? 4 : 0.1);
      if (step.change) states.push(step.change.state);
    }
    expect(states).toEqual(['busier']);
  });

  it('a machine left alone that cuts a probe now and then stays normal', () => {
    const tracker = new EnvironmentTracker();
    feed(tracker, LEARNING, 0.1);
    const skipped = [];
    for (let i = 0; i < 300; i++) skipped.push(tracker.observe(i % 30 === 7 ? 4 : 0.1).skip);
    expect(tracker.state).toBe('normal');
    // Only each cut block and the few after it are left out.
    expect(skipped.filter(Boolean)).toHaveLength(10 * (1 + AFTER_CUT_BLOCKS));
  });

  it('has hysteresis: a share between the two ratios keeps the state it has', () => {
    const tracker = new EnvironmentTracker();
    pattern(tracker, LEARNING, 1); // the reference: 1 block in 10 cut
    pattern(tracker, 30, 2); // 2 × the reference's share, under 3 ×: still normal
    expect(tracker.state).toBe('normal');
    pattern(tracker, 10, 5);
    expect(tracker.state).toBe('busier');
    pattern(tracker, 40, 2); // over 1.5 ×: still busier
    expect(tracker.state).toBe('busier');
    pattern(tracker, NORMAL_AFTER_BLOCKS + 10, 1);
    expect(tracker.state).toBe('normal');

    const loaded = new EnvironmentTracker();
    pattern(loaded, LEARNING, 5); // learned on a loaded machine
    pattern(loaded, 30, 3);
    expect(loaded.state).toBe('normal');
    // Cuts are common for this reference: a cut block is no reason to leave it out.
    expect(pattern(loaded, 30, 5).some((s) => s.skip)).toBe(false);
    // Quieter: said, and still tested (a quieter machine makes no test read a regression).
    expect(pattern(loaded, 20, 0).some((s) => s.skip)).toBe(false);
    expect(loaded.state).toBe('quieter');
  });

  it('gates nothing without probe levels (no probe: an analyzer fed by other means)', () => {
    const tracker = new EnvironmentTracker();
    expect(feed(tracker, 100, undefined).some((s) => s.skip || s.state)).toBe(false);
  });

  it('adopts a lasting change as the reference, and asks the timed metrics to relearn', () => {
    const tracker = new EnvironmentTracker();
    feed(tracker, LEARNING, 0.1);
    // The state is decided once the latest blocks are full (10 blocks after the reference).
    const busy = feed(tracker, ADOPT_BLOCKS + PROBE_RECENT_BLOCKS + 5, 3);
    const adopted = busy.findIndex((s) => s.relearn);
    expect(adopted).toBeGreaterThanOrEqual(ADOPT_BLOCKS);
    expect(busy[adopted]).toEqual({ skip: false, relearn: true, state: 'normal' });
    expect(tracker.reference).toBe(3);
    expect(busy.slice(adopted + 1).every((s) => !s.skip)).toBe(true);
  });

  it('restores the first reference when adopted load leaves, so the next load reads busier', () => {
    const tracker = new EnvironmentTracker();
    feed(tracker, LEARNING, 0.1);
    const busy = feed(tracker, ADOPT_BLOCKS + PROBE_RECENT_BLOCKS + 5, 3);
    expect(busy.some((s) => s.relearn)).toBe(true);
    // The load leaves: once the latest blocks are back near the first reference, it returns.
    const quiet = feed(tracker, 2 * PROBE_RECENT_BLOCKS, 0.1);
    const restored = quiet.findIndex((s) => s.relearn);
    expect(restored).toBeGreaterThanOrEqual(0);
    expect(quiet[restored]?.state).toBe('normal');
    expect(tracker.reference).toBeCloseTo(0.5);
    expect(quiet.slice(restored + 1).some((s) => s.state !== undefined)).toBe(false);
    // The same load again is a busier machine, its blocks left out.
    const again = feed(tracker, PROBE_RECENT_BLOCKS, 3);
    expect(again.map((s) => s.state)).toContain('busier');
    expect(again.at(-1)?.skip).toBe(true);
  });

  it('does not adopt load that has already left (the busier state lingers a few blocks)', () => {
    const tracker = new EnvironmentTracker();
    feed(tracker, LEARNING, 0.1);
    // Busier from the 3rd loaded block on; the load ends just before 180 blocks of it, and the
    // state stays busier for the blocks it takes the latest share to come back.
    const busy = feed(tracker, ADOPT_BLOCKS, 3);
    const after = feed(tracker, 3 * PROBE_RECENT_BLOCKS, 0.1);
    expect([...busy, ...after].some((s) => s.relearn)).toBe(false);
    expect(after.map((s) => s.state)).toContain('normal');
    expect(tracker.reference).toBeCloseTo(0.5);
  });

  it('counts CPU-timed metrics as moving with the machine, not GPU time, memory or the probe', () => {
    expect(['cpu', 'span.layout', 'frame.long', 'longtask'].every(movesWithMachine)).toBe(true);
    // GPU time is not the CPU's: on a software renderer a slower shader cuts the probe itself.
    expect(
      ['memory', 'env.probe', 'custom.items', 'cls', 'gpu', 'gpu.render'].some(movesWithMachine),
    ).toBe(false);
  });
});

/** The probe once a second: nothing lost on a quiet machine, a time slice (2.5–8 ms) busy. */
function probe(
  analyzer: ReturnType<typeof createAnalyzer>,
  second: number,
  busy: boolean,
  random: () => number,
) {
  analyzer.add('env.probe', busy ? 2.5 + 5.5 * random() : 0, second * 1000 + 500);
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
    // Other processes' load slows the main thread, not a (hardware) GPU's timer queries.
    page.cpu.factor = cpuFactor(second);
    page.frame(analyzer, time);
    if (withProbe && time % 1000 === 0) probe(analyzer, second, busy(second), random);
  });
  return { analyzer, regressions, changes };
}

describe('the detector with the environment probe', () => {
  const loaded = (second: number) => second >= 120 && second < 200;

  it('raises an environment event, not a regression, when cpu moves with the probe', () => {
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
