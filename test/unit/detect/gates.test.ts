import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../src/detect/create-analyzer.js';
import { GATE_CHECK_BLOCKS } from '../../../src/detect/metric-detector.js';
import type { Regression } from '../../../src/types.js';
import { Page, runSeconds } from './simulate.js';

function setup(seed: number) {
  const analyzer = createAnalyzer();
  const regressions: Regression[] = [];
  analyzer.on('regression', (r) => regressions.push(r));
  return { analyzer, regressions, page: new Page(seed) };
}

describe('gates', () => {
  it('start a new segment when the level moved: a slower device after hiding is no regression', () => {
    const { analyzer, regressions, page } = setup(21);
    runSeconds(analyzer, 0, 120, ({ time }) => {
      page.frame(analyzer, time);
    });
    expect(analyzer.verdict('cpu')?.state).toBe('stable');
    analyzer.interrupt('hidden', 120_000);
    expect(analyzer.verdict('cpu')).toEqual({
      state: 'warming-up',
      blocks: 0,
      needed: GATE_CHECK_BLOCKS,
    });
    // Back after 20 s on a device state 40 % slower: a new reference, no alarm.
    page.cpu.factor = 1.4;
    runSeconds(analyzer, 140, 150, ({ time }) => {
      page.frame(analyzer, time);
    });
    expect(analyzer.verdict('cpu')).toMatchObject({ state: 'warming-up', needed: 30 });
    runSeconds(analyzer, 150, 400, ({ time }) => {
      page.frame(analyzer, time);
    });
    expect(regressions).toEqual([]);
    expect(analyzer.verdict('cpu')?.state).toBe('stable');
  });

  it('keep the reference when the level did not move, and still catch a change after', () => {
    const { analyzer, regressions, page } = setup(24);
    runSeconds(analyzer, 0, 120, ({ time }) => {
      page.frame(analyzer, time);
    });
    analyzer.interrupt('throttled', 120_000);
    // 2 settling blocks, then 5 checked at the reference's level: testing goes on at once.
    runSeconds(analyzer, 121, 121 + 2 + GATE_CHECK_BLOCKS, ({ time }) => {
      page.frame(analyzer, time);
    });
    const cpu = analyzer.snapshot().verdicts.find((v) => v.metric === 'cpu');
    expect(cpu?.verdict.state).toBe('stable');
    expect(cpu?.blocks).toBeGreaterThan(120);
    runSeconds(analyzer, 128, 300, ({ time, second }) => {
      page.cpu.factor = second >= 180 ? 1.2 : 1;
      page.frame(analyzer, time);
    });
    expect(regressions.map((r) => r.metric)).toEqual(['cpu']);
    expect(regressions[0]?.changedAt).toBeGreaterThanOrEqual(175_000);
  });

  it('a device a few per cent slower after a gate is no regression, before or after the new reference', () => {
    // The reference is kept (the level moved by less than the check's tolerance), but the
    // level did move: tested against the old reference without a wider margin, it alarmed.
    for (const [seed, factor] of [
      [31, 1.04],
      [32, 0.96],
      [33, 1.06],
    ] as const) {
      const { analyzer, regressions, page } = setup(seed);
      runSeconds(analyzer, 0, 120, ({ time }) => {
        page.frame(analyzer, time);
      });
      analyzer.interrupt('hidden', 120_000);
      page.cpu.factor = factor;
      runSeconds(analyzer, 140, 600, ({ time }) => {
        page.frame(analyzer, time);
      });
      expect(regressions, `factor ${String(factor)}`).toEqual([]);
      expect(analyzer.verdict('cpu')?.state).toBe('stable');
    }
  });

  it('the same jump without the gate is a regression', () => {
    const { analyzer, regressions, page } = setup(21);
    runSeconds(analyzer, 0, 400, ({ time, second }) => {
      page.cpu.factor = second >= 140 ? 1.4 : 1;
      page.frame(analyzer, time);
    });
    expect(regressions.map((r) => r.metric)).toEqual(['cpu']);
  });

  it('keep contexts apart, and a scene keeps its reference while another one runs', () => {
    const { analyzer, regressions, page } = setup(22);
    const small = { scene: 'small' };
    const large = { scene: 'large' };
    for (let period = 0; period < 8; period++) {
      const scene = period % 2 === 0 ? small : large;
      page.context = scene;
      page.cpu.factor = scene === large ? 2.5 : 1;
      if (period > 0) analyzer.interrupt('context', period * 60_000);
      runSeconds(analyzer, period * 60, (period + 1) * 60, ({ time }) => {
        page.frame(analyzer, time);
      });
    }
    expect(regressions).toEqual([]);
    const verdicts = analyzer.snapshot().verdicts.filter((v) => v.metric === 'cpu');
    expect(verdicts.map((v) => [v.context['scene'], v.verdict.state])).toEqual([
      ['small', 'stable'],
      ['large', 'stable'],
    ]);
    // A scene change pauses a scene, it does not restart it: each keeps all its blocks but the
    // two settling ones at each of its four starts.
    expect(verdicts.map((v) => v.blocks)).toEqual([4 * 60 - 8, 4 * 60 - 8]);
    expect(verdicts.find((v) => v.context['scene'] === 'large')?.reference?.p50).toBeCloseTo(
      20,
      -1,
    );
  });

  it('skip the blocks right after a gate while the page settles', () => {
    const { analyzer, page } = setup(23);
    runSeconds(analyzer, 0, 10, ({ time }) => {
      page.frame(analyzer, time);
    });
    analyzer.interrupt('throttled', 10_000);
    runSeconds(analyzer, 10, 15, ({ time }) => {
      page.frame(analyzer, time);
    });
    const cpu = analyzer.snapshot().verdicts.find((v) => v.metric === 'cpu');
    expect(cpu?.verdict).toEqual({ state: 'warming-up', blocks: 3, needed: 30 });
  });
});
