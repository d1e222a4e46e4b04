import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHistogram, histogramFromJSON } from '../../../src/stats/histogram.js';

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

  it('merges the serialized form as it merges the histogram, empty ones included', () => {
    const values = [0, 1e-4, 0.5, 3, 3, 1e12];
    const other = createHistogram();
    for (const value of values) other.add(value);
    other.add(Number.NaN);
    const serialized = other.toJSON();
    for (const [target, source] of [
      [createHistogram(), serialized],
      [createHistogram(), createHistogram().toJSON()],
    ] as const) {
      const reference = histogramFromJSON(target.toJSON());
      reference.merge(histogramFromJSON(source));
      target.merge(source);
      expect(target.toJSON()).toEqual(reference.toJSON());
      expect(target.quantile(0.5)).toBe(reference.quantile(0.5));
    }
  });

  it('refuses a corrupt serialized form, naming the field, and changes nothing', () => {
    const target = createHistogram();
    target.add(2);
    const before = target.toJSON();
    const source = createHistogram();
    source.add(5);
    const good = source.toJSON();
    const cases: [object, RegExp][] = [
      [{ ...good, counts: [-1] }, /histogram\.counts\[0\]/],
      [{ ...good, count: good.count + 1 }, /histogram\.count/],
      [{ ...good, max: null }, /histogram\.max/],
      [{ ...good, offset: good.offset + 1e7 }, /histogram\.offset puts buckets outside/],
    ];
    for (const [corrupt, message] of cases) {
      expect(() => {
        target.merge(corrupt as typeof good);
      }).toThrow(message);
      expect(target.toJSON()).toEqual(before);
    }
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
