import { describe, expect, it } from 'vitest';
import {
  createHistogram,
  relativeErrorOfScale,
  scaleForRelativeError,
} from '../../../src/stats/histogram.js';
import { exactQuantile, logNormalValues } from '../../support/random.js';

const QUANTILES = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

describe('LogHistogram.quantile', () => {
  for (const relativeError of [0.05, 0.01, 0.002]) {
    it(`agrees with exact quantiles of 1e5 log-normal values within ${relativeError}`, () => {
      const values = logNormalValues(100_000, 42, 1.5, 1.2);
      const histogram = createHistogram({ relativeError });
      for (const value of values) histogram.add(value);
      const sorted = [...values].sort((a, b) => a - b);
      let worst = 0;
      for (const q of QUANTILES) {
        const exact = exactQuantile(sorted, q);
        const error = Math.abs(histogram.quantile(q) - exact) / exact;
        worst = Math.max(worst, error);
        expect(error, `q=${q}`).toBeLessThanOrEqual(relativeError);
      }
      // The bound is not vacuous: the histogram does round (except at min and max).
      expect(worst).toBeGreaterThan(0);
      expect(histogram.relativeError).toBeLessThanOrEqual(relativeError);
    });
  }

  it('holds the bound at every rank of a wide-range sample', () => {
    const values = logNormalValues(2_000, 7, 0, 4); // spans ~1e-7..1e7, some below `lowest`
    const histogram = createHistogram({ lowest: 1e-3, highest: 1e9 });
    for (const value of values) histogram.add(value);
    const sorted = [...values].sort((a, b) => a - b);
    for (let rank = 1; rank <= sorted.length; rank++) {
      const q = rank / sorted.length;
      const exact = exactQuantile(sorted, q);
      if (exact <= histogram.lowest) continue; // the zero bucket promises no relative error
      expect(Math.abs(histogram.quantile(q) - exact) / exact, `rank ${rank}`).toBeLessThanOrEqual(
        histogram.relativeError,
      );
    }
  });

  it('reports exact count, min, max and mean', () => {
    const values = logNormalValues(10_000, 3);
    const histogram = createHistogram();
    for (const value of values) histogram.add(value);
    const sum = values.reduce((a, b) => a + b, 0);
    expect(histogram.count).toBe(values.length);
    expect(histogram.min).toBe(Math.min(...values));
    expect(histogram.max).toBe(Math.max(...values));
    expect(histogram.mean).toBeCloseTo(sum / values.length, 9);
    expect(histogram.quantile(0)).toBe(histogram.min);
    expect(histogram.quantile(1)).toBe(histogram.max);
  });

  it('returns NaN when empty and rejects q outside [0, 1]', () => {
    const histogram = createHistogram();
    expect(histogram.quantile(0.5)).toBeNaN();
    expect(histogram.mean).toBeNaN();
    expect(() => histogram.quantile(1.5)).toThrow(/quantile must be in \[0, 1\]/);
    expect(() => histogram.quantile(Number.NaN)).toThrow(RangeError);
  });

  it('chooses the coarsest scale that meets the requested error', () => {
    expect(scaleForRelativeError(0.01)).toBe(6);
    expect(relativeErrorOfScale(6)).toBeCloseTo(0.005415, 5);
    expect(relativeErrorOfScale(5)).toBeGreaterThan(0.01);
    expect(() => scaleForRelativeError(0)).toThrow(/relativeError/);
    expect(() => scaleForRelativeError(0.7)).toThrow(/relativeError/);
  });
});
