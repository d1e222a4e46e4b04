import { describe, expect, it } from 'vitest';
import { mad, robustScale } from '../../../src/stats/robust.js';
import { normalFrom, seededRandom } from '../../support/random.js';

describe('mad and robustScale', () => {
  it('matches R: mad(c(1, 2, 3, 4, 100)) = 1.4826', () => {
    expect(mad([1, 2, 3, 4, 100])).toBe(1);
    const { location, scale } = robustScale([1, 2, 3, 4, 100]);
    expect(location).toBe(3);
    expect(scale).toBeCloseTo(1.4826, 10);
  });

  it('estimates sigma of normal data and shrugs off outliers', () => {
    const normal = normalFrom(seededRandom(5));
    const values = Array.from({ length: 20_000 }, () => 10 + 2 * normal());
    for (let i = 0; i < 1_000; i++) values[i] = 1e6; // 5 % wild outliers
    const { location, scale } = robustScale(values);
    expect(location).toBeGreaterThan(9.8);
    expect(location).toBeLessThan(10.4);
    expect(scale).toBeGreaterThan(1.9);
    expect(scale).toBeLessThan(2.3);
  });

  it('uses a given center', () => {
    expect(mad([1, 2, 3], 0)).toBe(2);
  });
});
