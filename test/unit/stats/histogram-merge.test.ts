import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHistogram } from '../../../src/stats/histogram.js';

const anyValue = fc.oneof(
  fc.double({ min: 0, max: 1e10, noNaN: true }),
  fc.constantFrom(Number.NaN, -1, Infinity, -Infinity, 0, 1e-4, 1e12),
);

describe('LogHistogram.merge', () => {
  it('equals adding every value to one histogram', () => {
    fc.assert(
      fc.property(fc.array(anyValue), fc.array(anyValue), (left, right) => {
        const merged = createHistogram();
        const other = createHistogram();
        const all = createHistogram();
        for (const value of left) merged.add(value);
        for (const value of right) other.add(value);
        for (const value of [...left, ...right]) all.add(value);
        merged.merge(other);
        const a = merged.toJSON();
        const b = all.toJSON();
        // Sums may differ in the last bits because the addition order differs.
        expect(Math.abs(a.sum - b.sum)).toBeLessThanOrEqual(1e-12 * Math.max(1, b.sum));
        expect({ ...a, sum: 0 }).toEqual({ ...b, sum: 0 });
      }),
    );
  });

  it('accepts the serialized form', () => {
    const left = createHistogram();
    const right = createHistogram();
    [1, 2, 3].forEach((v) => left.add(v));
    [10, 20].forEach((v) => right.add(v));
    left.merge(right.toJSON());
    expect(left.count).toBe(5);
    expect(left.max).toBe(20);
  });

  it('refuses a histogram with another layout, naming both', () => {
    const fine = createHistogram({ relativeError: 0.01 });
    const coarse = createHistogram({ relativeError: 0.05 });
    coarse.add(1);
    expect(() => {
      fine.merge(coarse);
    }).toThrow(/different layouts \(scale 3 vs 6/);
    expect(fine.count).toBe(0);
  });
});
