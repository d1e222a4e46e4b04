import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHistogram } from '../../../src/stats/histogram.js';

describe('LogHistogram.add', () => {
  it('never lets NaN, negative or infinite values corrupt the state', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.double({ min: 0, max: 1e6 }))), (values) => {
        const withBad = createHistogram();
        const clean = createHistogram();
        let bad = 0;
        for (const value of values) {
          const accepted = withBad.add(value);
          const valid = Number.isFinite(value) && value >= 0;
          expect(accepted).toBe(valid);
          if (valid) clean.add(value);
          else bad++;
        }
        expect(withBad.rejected).toBe(bad);
        expect({ ...withBad.toJSON(), rejected: 0 }).toEqual(clean.toJSON());
      }),
    );
  });

  it('counts zero and tiny values in the zero bucket and clamps huge ones', () => {
    const histogram = createHistogram({ lowest: 1e-3, highest: 1e3 });
    histogram.add(0);
    histogram.add(5e-4);
    histogram.add(1e6);
    expect(histogram.zeroCount).toBe(2);
    expect(histogram.count).toBe(3);
    expect(histogram.max).toBe(1e6);
    expect(histogram.quantile(0.5)).toBe(0);
    expect(histogram.quantile(1)).toBe(1e6);
  });

  it('resets to an empty histogram that behaves like a new one', () => {
    const histogram = createHistogram();
    [3, 1, 4, 1, 5, 9, 2, 6].forEach((v) => histogram.add(v));
    histogram.add(Number.NaN);
    histogram.reset();
    expect(histogram.toJSON()).toEqual(createHistogram().toJSON());
    histogram.add(7);
    expect(histogram.quantile(0.5)).toBe(7);
  });

  it('validates its layout options with messages naming them', () => {
    expect(() => createHistogram({ lowest: 0 })).toThrow(
      /createHistogram: option "lowest" must be a positive/,
    );
    expect(() => createHistogram({ lowest: 10, highest: 1 })).toThrow(
      /option "highest" must be a finite number greater/,
    );
    expect(() => createHistogram({ relativeError: 1e-9, highest: 1e300 })).toThrow(/buckets/);
  });
});
