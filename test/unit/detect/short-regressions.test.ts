import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../src/detect/create-analyzer.js';
import { LASTING_MS } from '../../../src/detect/metric-detector.js';
import type { Recovery, Regression } from '../../../src/types.js';
import { seededRandom } from '../../support/random.js';
import { Page, runSeconds } from './simulate.js';

function watch() {
  const analyzer = createAnalyzer({ detector: { warmup: 20 } });
  const regressions: Regression[] = [];
  const recoveries: Recovery[] = [];
  analyzer.on('regression', (r) => regressions.push(r));
  analyzer.on('recovery', (r) => recoveries.push(r));
  return { analyzer, regressions, recoveries };
}

describe('regressions that end soon after they are found', () => {
  // The demo's GPU injection: found once it has lasted, removed a few seconds later, long
  // before a reference at the regressed level could be learned.
  it('recovers once the level is back, without waiting for a reference at the regressed level', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { analyzer, regressions, recoveries } = watch();
      const page = new Page(seed * 31);
      runSeconds(analyzer, 0, 120, ({ time, second }) => {
        page.gpu.factor = second >= 40 && second < 60 ? 3.6 : 1;
        page.frame(analyzer, time);
      });
      expect(regressions.map((r) => r.metric)).toEqual(['gpu']);
      expect(recoveries.map((r) => r.metric)).toEqual(['gpu']);
      const recoveredAt = recoveries[0]?.recoveredAt ?? NaN;
      expect(recoveredAt).toBeGreaterThan(60_000);
      expect(recoveredAt).toBeLessThan(70_000);
      expect(analyzer.verdict('gpu')?.state).toBe('stable');
      // The reference is the level before the regression again.
      const verdict = analyzer.snapshot().verdicts.find((v) => v.metric === 'gpu');
      expect(verdict?.reference?.p50).toBeCloseTo(4, 0);
    }
  });

  it('does not report a change shorter than LASTING_MS, and reports the same change once it lasts', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { analyzer, regressions } = watch();
      const page = new Page(seed * 31);
      // 10 s of 1.5 × the GPU work, caught within a few seconds by the tests, then back.
      runSeconds(analyzer, 0, 120, ({ time, second }) => {
        page.gpu.factor = second >= 40 && second < 50 ? 1.5 : 1;
        page.frame(analyzer, time);
      });
      expect(regressions).toEqual([]);
      expect(analyzer.verdict('gpu')?.state).toBe('stable');
    }
    const { analyzer, regressions } = watch();
    const page = new Page(7);
    runSeconds(analyzer, 0, 120, ({ time, second }) => {
      page.gpu.factor = second >= 40 ? 1.5 : 1;
      page.frame(analyzer, time);
    });
    expect(regressions.map((r) => r.metric)).toEqual(['gpu']);
    const [regression] = regressions;
    expect((regression?.detectedAt ?? NaN) - (regression?.changedAt ?? NaN)).toBeGreaterThanOrEqual(
      LASTING_MS,
    );
    expect(regression?.detectedAt).toBeLessThan(40_000 + 2 * LASTING_MS);
  });

  it('reports a spike that settles at a lower level that lasts', () => {
    for (const seed of [1, 2, 3]) {
      const { analyzer, regressions } = watch();
      const page = new Page(seed * 17);
      // 10 × the GPU work for 12 s, then 1.4 × for good: the change's estimate is mostly the
      // spike, and the latest blocks are well under half of it, yet far from the reference.
      runSeconds(analyzer, 0, 150, ({ time, second }) => {
        page.gpu.factor = second < 40 ? 1 : second < 52 ? 10 : 1.4;
        page.frame(analyzer, time);
      });
      const gpu = regressions.find((r) => r.metric === 'gpu');
      expect(gpu?.detectedAt).toBeGreaterThanOrEqual(40_000 + LASTING_MS);
      expect(gpu?.detectedAt).toBeLessThan(40_000 + 2 * LASTING_MS);
    }
  });

  it('keeps a small regression that is still there', () => {
    const { analyzer, regressions, recoveries } = watch();
    const page = new Page(9);
    runSeconds(analyzer, 0, 400, ({ time, second }) => {
      page.cpu.factor = second >= 100 ? 1.07 : 1;
      page.frame(analyzer, time);
    });
    expect(regressions.map((r) => r.metric)).toEqual(['cpu']);
    expect(recoveries).toEqual([]);
    expect(analyzer.verdict('cpu')?.state).toBe('regressed');
  });

  // A span measured a few times a second pools several windows into each block: the block that
  // crosses can end after the level came back. Whatever is announced must be recovered.
  it('never leaves a regression of a sparse metric open after its level came back', () => {
    for (const seed of [11, 12, 13, 14, 15, 16]) {
      const { analyzer, regressions, recoveries } = watch();
      const page = new Page(seed);
      const random = seededRandom(seed);
      runSeconds(analyzer, 0, 160, ({ time, second }) => {
        page.frame(analyzer, time);
        if (random() < 4 / 60) {
          const level = second >= 60 && second < 75 ? 2.2 : 1;
          analyzer.add('span.layout', 5 * level * (0.9 + 0.2 * random()), time);
        }
      });
      const spans = regressions.filter((r) => r.metric === 'span.layout');
      const ended = recoveries.filter((r) => r.metric === 'span.layout');
      expect(ended).toHaveLength(spans.length);
      for (const regression of spans) expect(regression.changedAt).toBeLessThan(75_000);
      expect(analyzer.verdict('span.layout')?.state).not.toBe('regressed');
    }
  });
});
