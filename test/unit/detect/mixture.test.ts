import { describe, expect, it } from 'vitest';
import { logMixture, mixtureBoundary, mixtureRho } from '../../../src/detect/mixture.js';

describe('normal-mixture boundary', () => {
  it('matches reference values of ρ and the boundary (v_opt = 100, α = 0.05)', () => {
    const rho = mixtureRho(100, 0.05);
    expect(rho).toBeCloseTo(12.60056, 5);
    expect(mixtureBoundary(100, 12.60056, 0.05)).toBeCloseTo(30.35209, 5);
  });

  it('is where the mixture martingale reaches 1/α', () => {
    for (const [v, alpha] of [
      [1, 0.05],
      [30, 1e-4],
      [600, 1e-6],
    ] as const) {
      const rho = mixtureRho(30, alpha);
      const bound = mixtureBoundary(v, rho, alpha);
      expect(logMixture(bound, v, rho)).toBeCloseTo(Math.log(1 / alpha), 9);
      expect(logMixture(-bound, v, rho)).toBeCloseTo(Math.log(1 / alpha), 9);
    }
  });

  it('grows with the block count and with a smaller α', () => {
    const rho = mixtureRho(30, 1e-3);
    expect(mixtureBoundary(200, rho, 1e-3)).toBeGreaterThan(mixtureBoundary(100, rho, 1e-3));
    expect(mixtureBoundary(100, rho, 1e-6)).toBeGreaterThan(mixtureBoundary(100, rho, 1e-3));
  });

  it('is tightest, relative to √v, near v_opt', () => {
    const alpha = 1e-3;
    const ratio = (vOpt: number, v: number): number =>
      mixtureBoundary(v, mixtureRho(vOpt, alpha), alpha) / Math.sqrt(v);
    expect(ratio(30, 30)).toBeLessThan(ratio(300, 30));
    expect(ratio(300, 300)).toBeLessThan(ratio(30, 300));
  });
});
