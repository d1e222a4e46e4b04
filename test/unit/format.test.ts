import { describe, expect, it } from 'vitest';
import {
  describeRecovery,
  describeRegression,
  formatChange,
  formatConfidence,
  formatLevel,
  formatMs,
  formatPercent,
} from '../../src/format.js';
import type { Regression } from '../../src/types.js';

function regression(overrides: Partial<Regression>): Regression {
  return {
    metric: 'cpu',
    context: {},
    baseline: { p50: 8.1, p95: 9, mean: 8.2 },
    current: { p50: 9.56, p95: 10.4, mean: 9.6 },
    delta: 0.18,
    interval: [0.06, 0.31],
    confidence: 0.9995,
    severity: 'major',
    detectedAt: 2000,
    changedAt: 1000,
    hints: [],
    statistic: 'p50',
    ...overrides,
  };
}

describe('the one formatter', () => {
  it('writes milliseconds with fewer decimals as they grow', () => {
    expect([formatMs(1.234), formatMs(12.34), formatMs(123.4), formatMs(NaN)]).toEqual([
      '1.23 ms',
      '12.3 ms',
      '123 ms',
      '–',
    ]);
  });

  it('signs changes with a real minus, one decimal below 100 %', () => {
    expect([
      formatPercent(0.123),
      formatPercent(-0.05),
      formatPercent(0),
      formatPercent(2.59),
    ]).toEqual(['+12.3 %', '−5.0 %', '+0.0 %', '+259 %']);
  });

  it('never rounds a confidence up to certainty', () => {
    expect([formatConfidence(0.99999), formatConfidence(0.95)]).toEqual(['≥ 99.9 %', '95.0 %']);
  });

  it('writes a share of frames in percentage points, not as a relative change', () => {
    // frame.long went from 0.00 % to 6.12 % of frames.
    const share = regression({
      metric: 'frame.long',
      statistic: 'proportion',
      baseline: { p50: 0, p95: 0, mean: 0 },
      current: { p50: 0.06, p95: 0.09, mean: 0.0612 },
      delta: 0.0612,
      interval: [0.02, 0.095],
      severity: 'critical',
    });
    expect(formatChange(share.delta, share.statistic)).toBe('+6.1 points');
    expect(describeRegression(share)).toBe(
      'frame.long share +6.1 points [+2.0, +9.5 points] (share 0.0 % → 6.1 % of frames), confidence ≥ 99.9 %, critical',
    );
  });

  it('names and shows the statistic that moved', () => {
    // A tail regression: the p95 doubled while the p50 barely moved.
    const tail = regression({
      metric: 'gpu',
      statistic: 'p95',
      baseline: { p50: 6.34, p95: 7, mean: 6.4 },
      current: { p50: 6.62, p95: 13.7, mean: 7.9 },
      delta: 0.96,
      interval: [0.4, 1.6],
      severity: 'critical',
    });
    expect(describeRegression(tail)).toBe(
      'gpu p95 +96.0 % [+40.0 %, +160 %] (p95 7.00 ms → 13.7 ms), confidence ≥ 99.9 %, critical',
    );
    expect(
      describeRecovery({
        metric: 'gpu',
        context: { scene: 'a' },
        regression: tail,
        recoveredAt: 5,
      }),
    ).toBe('gpu p95 recovered from +96.0 % (critical) in scene=a');
  });

  it('says what the change is measured against', () => {
    const base = regression({
      metric: 'cpu',
      statistic: 'p50',
      baseline: { p50: 8.1, p95: 9, mean: 8.2 },
      current: { p50: 9.56, p95: 11, mean: 9.7 },
      delta: 0.18,
      interval: [0.06, 0.31],
      severity: 'major',
    });
    expect(describeRegression({ ...base, comparedWith: 'remembered', runs: 5 })).toBe(
      'cpu p50 +18.0 % [+6.0 %, +31.0 %] vs your last 5 sessions (p50 8.10 ms → 9.56 ms), confidence ≥ 99.9 %, major',
    );
    expect(describeRegression({ ...base, comparedWith: 'baseline', runs: 1 })).toContain(
      '[+6.0 %, +31.0 %] vs the baseline (1 run) (p50',
    );
    expect(describeRegression({ ...base, comparedWith: 'session' })).toBe(describeRegression(base));
  });

  it('writes levels in the unit of their metric', () => {
    expect(formatLevel('memory', 12_345_678)).toBe('12.3 MB');
    expect(formatLevel('cls', 0.0123)).toBe('0.012');
    expect(formatLevel('span.layout', 4.5)).toBe('4.50 ms');
  });
});
