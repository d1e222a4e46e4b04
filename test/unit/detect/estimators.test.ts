import { describe, expect, it } from 'vitest';
import { changePoint } from '../../../src/detect/change-point.js';
import { hodgesLehmannShift } from '../../../src/detect/hodges-lehmann.js';
import { theilSen } from '../../../src/detect/theil-sen.js';
import { normalFrom, seededRandom } from '../../support/random.js';

const normal = normalFrom(seededRandom(42));

describe('hodgesLehmannShift', () => {
  it('is the median of pairwise differences', () => {
    expect(hodgesLehmannShift(Float64Array.of(3, 4), Float64Array.of(1, 2))).toBe(2);
    expect(hodgesLehmannShift(Float64Array.of(10), Float64Array.of(1, 2, 3))).toBe(8);
  });

  it('ignores a minority of wild values that move the difference of means', () => {
    const before = Float64Array.from({ length: 40 }, () => normal());
    const after = Float64Array.from({ length: 40 }, (_, i) => 1 + normal() + (i < 3 ? 50 : 0));
    expect(hodgesLehmannShift(after, before)).toBeCloseTo(1, 0);
    const means = after.reduce((a, b) => a + b, 0) / 40 - before.reduce((a, b) => a + b, 0) / 40;
    expect(means).toBeGreaterThan(4);
  });
});

describe('changePoint', () => {
  it('finds a single step in noisy data', () => {
    const values = Array.from({ length: 200 }, (_, i) => (i >= 130 ? 1 : 0) + 0.3 * normal());
    expect(Math.abs(changePoint(values) - 130)).toBeLessThanOrEqual(3);
  });

  it('respects the smallest left part', () => {
    const values = Array.from({ length: 50 }, (_, i) => (i >= 5 ? 1 : 0));
    expect(changePoint(values, 20)).toBe(20);
  });
});

describe('theilSen', () => {
  it('recovers a slope despite a sawtooth and outliers', () => {
    const times = Array.from({ length: 60 }, (_, i) => i * 1000);
    const values = times.map((t, i) => 100 + 0.002 * t + (i % 10) * 0.5 + (i === 30 ? 80 : 0));
    const trend = theilSen(times, values);
    expect(trend.slope).toBeCloseTo(0.002, 3);
    expect(trend.rising).toBeGreaterThan(0.7);
  });

  it('sees no steady rise in flat noise', () => {
    const times = Array.from({ length: 60 }, (_, i) => i);
    const values = times.map(() => normal());
    expect(theilSen(times, values).rising).toBeLessThan(0.6);
    expect(theilSen([1], [1]).slope).toBeNaN();
  });
});
