import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMoments } from '../../../src/stats/moments.js';

function twoPass(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
}

describe('OnlineMoments', () => {
  it('matches the textbook example', () => {
    const moments = createMoments();
    [2, 4, 4, 4, 5, 5, 7, 9].forEach((v) => moments.add(v));
    expect(moments.mean).toBe(5);
    expect(moments.variance).toBeCloseTo(32 / 7, 12);
  });

  it('stays accurate with a large offset where the naive formula fails', () => {
    const moments = createMoments();
    [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16].forEach((v) => moments.add(v));
    expect(moments.variance).toBeCloseTo(30, 9);
  });

  it('agrees with a two-pass computation and merges like adding all', () => {
    const value = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(fc.array(value, { minLength: 1 }), fc.array(value, { minLength: 1 }), (a, b) => {
        const left = createMoments();
        const right = createMoments();
        a.forEach((v) => left.add(v));
        b.forEach((v) => right.add(v));
        left.merge(right);
        const all = [...a, ...b];
        const reference = twoPass(all);
        expect(left.count).toBe(all.length);
        expect(left.mean).toBeCloseTo(reference.mean, 6);
        if (all.length > 1) {
          const tolerance = 1e-9 * Math.max(1, reference.variance);
          expect(Math.abs(left.variance - reference.variance)).toBeLessThanOrEqual(tolerance);
        }
      }),
    );
  });

  it('ignores non-finite values and reports NaN until it has enough data', () => {
    const moments = createMoments();
    expect(moments.add(Number.NaN)).toBe(false);
    expect(moments.add(Infinity)).toBe(false);
    expect(moments.mean).toBeNaN();
    moments.add(3);
    expect(moments.variance).toBeNaN();
    moments.reset();
    expect(moments.count).toBe(0);
  });
});
