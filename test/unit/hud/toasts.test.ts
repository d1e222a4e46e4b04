// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { Toasts } from '../../../src/hud/toasts.js';
import type { Regression } from '../../../src/types.js';

function regression(
  metric: string,
  p50: [number, number],
  statistic: Regression['statistic'] = 'p50',
): Regression {
  const levels = (value: number) => ({ p50: value, p95: value, mean: value });
  return {
    metric,
    statistic,
    context: { scene: 'graph' },
    baseline: levels(p50[0]),
    current: levels(p50[1]),
    delta: p50[1] / p50[0] - 1,
    interval: [0.1, 0.5],
    confidence: 0.9999,
    severity: 'major',
    detectedAt: 2000,
    changedAt: 1000,
    hints: ['Main-thread work grew.'],
  };
}

const levelsOf = (toasts: Toasts, metric: string): string =>
  toasts.list.querySelector(`[data-metric="${metric}"] .levels`)?.textContent ?? '';

describe('Toasts', () => {
  it('shows the levels of the statistic that moved, in the unit of its metric', () => {
    const toasts = new Toasts(5);
    toasts.show('inp', regression('inp', [120, 180]));
    toasts.show('gpu.points', regression('gpu.points', [1.3, 2.2], 'p95'));
    toasts.show('frame.dropped', regression('frame.dropped', [0.01, 0.08], 'proportion'));
    expect(levelsOf(toasts, 'inp')).toBe('p50 120 ms → 180 ms · scene=graph');
    expect(levelsOf(toasts, 'gpu.points')).toBe('p95 1.30 ms → 2.20 ms · scene=graph');
    expect(levelsOf(toasts, 'frame.dropped')).toBe('share 1.0 % → 8.0 % of frames · scene=graph');
    const title = (metric: string): string =>
      toasts.list.querySelector(`[data-metric="${metric}"] .title`)?.textContent ?? '';
    expect(title('gpu.points')).toBe('gpu.points p95 +69.2 % · major');
  });

  it('says what a regression was measured against: remembered sessions or a baseline', () => {
    const toasts = new Toasts(5);
    toasts.show('cpu', { ...regression('cpu', [8, 9.44]), comparedWith: 'remembered', runs: 5 });
    toasts.show('gpu', { ...regression('gpu', [2, 2.5]), comparedWith: 'baseline', runs: 3 });
    toasts.show('inp', { ...regression('inp', [100, 150]), comparedWith: 'session' });
    const title = (metric: string): string =>
      toasts.list.querySelector(`[data-metric="${metric}"] .title`)?.textContent ?? '';
    expect(title('cpu')).toBe('cpu p50 +18.0 % vs your last 5 sessions · major');
    expect(title('gpu')).toBe('gpu p50 +25.0 % vs the baseline (3 runs) · major');
    expect(title('inp')).toBe('inp p50 +50.0 % · major');
  });

  it('replaces the toast of the same key and drops the oldest past the limit', () => {
    const toasts = new Toasts(2);
    toasts.show('cpu', regression('cpu', [4, 5]));
    toasts.show('cpu', regression('cpu', [4, 6]));
    expect(toasts.size).toBe(1);
    expect(levelsOf(toasts, 'cpu')).toContain('4.00 ms → 6.00 ms');
    toasts.show('gpu', regression('gpu', [1, 2]));
    toasts.show('inp', regression('inp', [100, 200]));
    expect(toasts.size).toBe(2);
    expect(toasts.list.querySelector('[data-metric="cpu"]')).toBeNull();
    expect(toasts.clear('gpu')).toBe(true);
    expect(toasts.clear('gpu')).toBe(false);
  });
});
