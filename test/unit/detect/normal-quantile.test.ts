import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../../src/detect/normal-quantile.js';

describe('normalQuantile', () => {
  it('matches tabulated quantiles of the standard normal', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306, 8);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424309, 7);
    expect(normalQuantile(1 - 1e-9)).toBeCloseTo(5.997807015, 6);
  });

  it('is antisymmetric, infinite at the ends and NaN outside [0, 1]', () => {
    expect(normalQuantile(0.1)).toBeCloseTo(-normalQuantile(0.9), 12);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });
});
