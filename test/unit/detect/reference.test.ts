import { describe, expect, it } from 'vitest';
import {
  estimateReference,
  hasHeavyTails,
  isSettled,
  lag1Autocorrelation,
  psi,
  psiLocation,
} from '../../../src/detect/reference.js';
import { normalFrom, seededRandom } from '../../support/random.js';

const options = { floor: 0.001, robust: true, signs: false, clip: 2.5 };

function normals(n: number, seed: number, sd = 1): Float64Array {
  const normal = normalFrom(seededRandom(seed));
  return Float64Array.from({ length: n }, () => sd * normal());
}

describe('estimateReference', () => {
  it('estimates the spread of normal blocks, inflated by 10 %, and a tight center', () => {
    const reference = estimateReference(normals(2000, 1, 0.05), options);
    expect(reference.scale / 0.05).toBeGreaterThan(1.05);
    expect(reference.scale / 0.05).toBeLessThan(1.25);
    expect(Math.abs(reference.center)).toBeLessThan(0.005);
    expect(reference.uncertainty).toBeCloseTo(reference.scale / Math.sqrt(2000), 3);
  });

  it('widens the scale for autocorrelated blocks', () => {
    const innovations = normals(2000, 2);
    const ar = new Float64Array(2000);
    for (let i = 1; i < ar.length; i++) ar[i] = 0.5 * (ar[i - 1] ?? 0) + (innovations[i] ?? 0);
    expect(lag1Autocorrelation(ar, 0)).toBeCloseTo(0.5, 1);
    const independent = estimateReference(
      innovations.map((x) => x * Math.sqrt(4 / 3)),
      options,
    );
    expect(estimateReference(ar, options).scale / independent.scale).toBeGreaterThan(1.5);
  });

  it('centers a mostly-zero share where its ψ-increments balance, not at its median', () => {
    // 85 % of blocks without a dropped frame: the median is 0, the mean is not.
    const uniform = seededRandom(3);
    const shares = Float64Array.from({ length: 400 }, () =>
      uniform() < 0.85 ? 0 : 0.2 + 0.1 * uniform(),
    );
    const reference = estimateReference(shares, { ...options, robust: false });
    let balance = 0;
    for (const share of shares) balance += psi((share - reference.center) / reference.scale, 2.5);
    expect(Math.abs(balance)).toBeLessThan(1e-6);
    expect(reference.center).toBeGreaterThan(0.02);
  });

  it('uses the median and its standard error for sign tests, and the floor', () => {
    const values = normals(100, 4);
    const reference = estimateReference(values, { ...options, signs: true });
    expect(reference.uncertainty).toBeCloseTo((Math.sqrt(Math.PI / 2) * reference.scale) / 10, 9);
    expect(estimateReference(new Float64Array(30).fill(2), options).scale).toBe(0.001);
  });
});

describe('psiLocation', () => {
  it('solves Σψ = 0 and resists a wild minority', () => {
    const values = normals(200, 5);
    values[0] = 1e6;
    values[1] = 1e6;
    const { center } = psiLocation(values, 1.1, 2.5, 0);
    expect(Math.abs(center)).toBeLessThan(0.2);
  });
});

describe('isSettled and hasHeavyTails', () => {
  it('rejects a warm-up with a step between its halves', () => {
    const steady = normals(30, 6, 0.05);
    expect(isSettled(steady, estimateReference(steady, options))).toBe(true);
    const step = steady.map((x, i) => x + (i >= 15 ? 0.3 : 0));
    expect(isSettled(step, estimateReference(step, options))).toBe(false);
  });

  it('flags blocks with many far values, in units of the test scale', () => {
    const heavy = (values: Float64Array) =>
      hasHeavyTails(values, estimateReference(values, options).scale);
    expect(heavy(normals(100, 7))).toBe(false);
    const wild = normals(100, 7).map((x, i) => (i % 10 === 0 ? x * 30 : x));
    expect(heavy(wild)).toBe(true);
  });

  it('takes two close levels for ordinary blocks, and a stall for a far one', () => {
    // The GPU p50s (log ms) a demo run learned on a loaded machine: 15 blocks near 1.3 ms,
    // 5 near 1.8 ms. Counted in MADs, the five made the channel a slow sign test.
    const twoLevels = Float64Array.from([
      0.319, 0.211, 0.244, 0.265, 0.623, 0.558, 0.644, 0.569, 0.298, 0.558, 0.276, 0.255, 0.287,
      0.276, 0.276, 0.374, 0.374, 0.471, 0.244, 0.19,
    ]);
    const scale = estimateReference(twoLevels, options).scale;
    expect(hasHeavyTails(twoLevels, scale)).toBe(false);
    const stalled = twoLevels.map((x, i) => (i === 9 ? 3 : x));
    expect(hasHeavyTails(stalled, estimateReference(stalled, options).scale)).toBe(true);
  });
});
