import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../src/detect/create-analyzer.js';
import type { Recovery, Regression } from '../../../src/types.js';
import { severityOf } from '../../../src/detect/change-estimate.js';
import { Page, runSeconds } from './simulate.js';

function watch(seed: number) {
  const analyzer = createAnalyzer();
  const regressions: Regression[] = [];
  const recoveries: Recovery[] = [];
  analyzer.on('regression', (r) => regressions.push(r));
  analyzer.on('recovery', (r) => recoveries.push(r));
  return { analyzer, regressions, recoveries, page: new Page(seed) };
}

describe('detector on seeded sessions', () => {
  it('raises no alarm in 20 ten-minute sessions without a change', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { analyzer, regressions, page } = watch(seed * 101);
      runSeconds(analyzer, 0, 600, ({ time }) => {
        page.frame(analyzer, time);
      });
      expect(regressions).toEqual([]);
      const verdicts = analyzer.snapshot().verdicts;
      expect(verdicts.map((v) => [v.metric, v.alarms])).toEqual(
        expect.arrayContaining([
          ['cpu', 0],
          ['gpu', 0],
          ['frame.dropped', 0],
        ]),
      );
      expect(verdicts.find((v) => v.metric === 'cpu')?.verdict.state).toBe('stable');
    }
  });

  it('reports a CPU regression with its metric, size, interval, time and severity', () => {
    const { analyzer, regressions, page } = watch(7);
    runSeconds(analyzer, 0, 300, ({ time, second }) => {
      page.cpu.factor = second >= 120 ? 1.3 : 1;
      page.frame(analyzer, time);
    });
    expect(regressions).toHaveLength(1);
    const [regression] = regressions;
    expect(regression).toMatchObject({ metric: 'cpu', statistic: 'p50', context: {} });
    expect(regression?.delta).toBeGreaterThan(0.22);
    expect(regression?.delta).toBeLessThan(0.38);
    const [low, high] = regression?.interval ?? [NaN, NaN];
    expect(low).toBeLessThanOrEqual(regression?.delta ?? NaN);
    expect(high).toBeGreaterThanOrEqual(regression?.delta ?? NaN);
    expect(low).toBeGreaterThan(0);
    // Graded on the estimate a person reads (+22 % to +38 %), not on the interval's low end.
    const delta = regression?.delta ?? NaN;
    expect(regression?.severity).toBe(delta >= 0.25 ? 'critical' : 'major');
    expect(regression?.confidence).toBeGreaterThan(0.999);
    expect(Math.abs((regression?.changedAt ?? 0) - 120_000)).toBeLessThanOrEqual(3000);
    expect(regression?.detectedAt).toBeGreaterThan(120_000);
    expect(regression?.detectedAt).toBeLessThan(140_000);
    expect(regression?.baseline.p50).toBeCloseTo(8, 0);
    expect(regression?.current.p50).toBeCloseTo(10.4, 0);
    expect(analyzer.verdict('cpu')).toEqual({ state: 'regressed', regression });
    expect(analyzer.verdict('gpu')?.state).toBe('stable');
  });

  it('grades a large regression critical and a small one minor', () => {
    const { analyzer, regressions, page } = watch(8);
    runSeconds(analyzer, 0, 200, ({ time, second }) => {
      page.gpu.factor = second >= 100 ? 1.8 : 1;
      page.frame(analyzer, time);
    });
    expect(regressions.map((r) => [r.metric, r.severity])).toEqual([['gpu', 'critical']]);

    const small = watch(9);
    runSeconds(small.analyzer, 0, 400, ({ time, second }) => {
      small.page.cpu.factor = second >= 100 ? 1.07 : 1;
      small.page.frame(small.analyzer, time);
    });
    expect(small.regressions.map((r) => [r.metric, r.severity])).toEqual([['cpu', 'minor']]);
  });

  it('says improved, without a regression event, when work shrinks', () => {
    const { analyzer, regressions, page } = watch(10);
    runSeconds(analyzer, 0, 240, ({ time, second }) => {
      page.cpu.factor = second >= 120 ? 0.75 : 1;
      page.frame(analyzer, time);
    });
    expect(regressions).toEqual([]);
    const verdict = analyzer.verdict('cpu');
    expect(verdict?.state).toBe('improved');
    if (verdict?.state === 'improved') expect(verdict.delta).toBeCloseTo(-0.25, 1);
  });

  it('recovers when the level returns to where it was before the regression', () => {
    const { analyzer, regressions, recoveries, page } = watch(11);
    runSeconds(analyzer, 0, 420, ({ time, second }) => {
      page.cpu.factor = second >= 100 && second < 220 ? 1.4 : 1;
      page.frame(analyzer, time);
    });
    expect(regressions.map((r) => r.metric)).toEqual(['cpu']);
    expect(recoveries).toHaveLength(1);
    expect(recoveries[0]?.regression).toBe(regressions[0]);
    expect(recoveries[0]?.recoveredAt).toBeGreaterThan(220_000);
    expect(recoveries[0]?.recoveredAt).toBeLessThan(260_000);
    expect(analyzer.verdict('cpu')?.state).not.toBe('regressed');
  });

  it('tests dropped frames as a share of the same blocks frames', () => {
    const analyzer = createAnalyzer();
    const regressions: Regression[] = [];
    analyzer.on('regression', (r) => regressions.push(r));
    const page = new Page(12);
    runSeconds(analyzer, 0, 300, ({ time, second }) => {
      page.frame(analyzer, time);
      // 1 % of frames dropped, then 8 %.
      if (page.cpu.uniform() < (second >= 150 ? 0.08 : 0.01))
        analyzer.add('frame.dropped', 33, time);
    });
    expect(regressions.map((r) => [r.metric, r.statistic])).toEqual([
      ['frame.dropped', 'proportion'],
    ]);
    expect(regressions[0]?.current.mean).toBeCloseTo(0.08, 1);
    // A share's change is in percentage points: 1 % → 8 % of frames is +7 points, not +700 %.
    expect(regressions[0]?.delta).toBeGreaterThan(0.04);
    expect(regressions[0]?.delta).toBeLessThan(0.1);
    expect(regressions[0]?.severity).toBe('critical');
    expect(regressions[0]?.hints.join(' ')).toMatch(/Compositor or other/);
  });

  it('tests long tasks as a rate, counting blocks without any as zero', () => {
    const analyzer = createAnalyzer();
    const regressions: Regression[] = [];
    analyzer.on('regression', (r) => regressions.push(r));
    const page = new Page(13);
    runSeconds(analyzer, 0, 300, ({ time, second }) => {
      page.frame(analyzer, time);
      if (page.cpu.uniform() < (second >= 150 ? 3 : 0.3) / 60) analyzer.add('longtask', 60, time);
    });
    expect(regressions.map((r) => [r.metric, r.statistic])).toEqual([['longtask', 'rate']]);
    expect(regressions[0]?.hints[0]).toMatch(/^Long tasks: 0\.\d+ → [23]\.\d+ per s\.$/);
  });

  it('grades severity on the estimated change: relative, or in points for shares', () => {
    // A +139 % change found early has a wide interval; it still reads critical.
    expect(severityOf('p50', 1.39)).toBe('critical');
    expect(severityOf('p95', 0.12)).toBe('major');
    expect(severityOf('p50', 0.06)).toBe('minor');
    expect(severityOf('proportion', 0.061)).toBe('critical');
    expect(severityOf('proportion', 0.03)).toBe('major');
    expect(severityOf('proportion', 0.01)).toBe('minor');
  });
});
