import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../src/detect/create-analyzer.js';
import type { Baseline } from '../../../src/baseline/baseline.js';
import type { Regression } from '../../../src/types.js';
import { CPU_MODEL, Page, runSeconds } from './simulate.js';

/** A GPU-bound scene at 5 fps: cpu blocks pool 4 windows (20 samples), block CV ≈ 2 %. */
const FPS = 5;
const SCENE = { ...CPU_MODEL, sigma: 0.05, phi: 0.5 };

function session(seed: number, factor: number, seconds: number, baseline?: Baseline) {
  const analyzer = createAnalyzer(baseline ? { baseline } : {});
  const regressions: Regression[] = [];
  analyzer.on('regression', (r) => {
    if (r.metric === 'cpu') regressions.push(r);
  });
  const page = new Page(seed, SCENE);
  page.cpu.factor = factor;
  runSeconds(
    analyzer,
    0,
    seconds,
    ({ time }) => {
      page.frame(analyzer, time);
    },
    FPS,
  );
  return { analyzer, regressions };
}

describe('pages at low frame rates', () => {
  it('warm up over 30 pooled blocks, or 6 with a baseline, which then finds a change at once', () => {
    const state = (seconds: number) =>
      session(3, 1, seconds).analyzer.verdict('cpu')?.state ?? 'none';
    // 2 settling windows, then 30 blocks of 4 windows.
    expect(state(120)).toBe('warming-up');
    expect(state(130)).toBe('stable');
    const baseline = session(3, 1, 200).analyzer.captureBaseline();
    const same = session(5, 1, 120, baseline);
    expect(same.regressions).toEqual([]);
    const [cpu] = session(7, 1.3, 120, baseline).regressions;
    expect(cpu).toMatchObject({ comparedWith: 'baseline', runs: 1 });
    // 2 settling windows and 6 blocks of 4 windows: the blocks that checked the session's
    // spread are tested as the check ends, so the change is found then.
    expect(cpu?.detectedAt).toBeLessThanOrEqual(26_000);
  });
});
