import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BucketMapping, MAX_TABLE_SCALE } from '../../../src/stats/bucket-mapping.js';

/** Reference: the definition of the bucket, `(2^(i/2^s), 2^((i+1)/2^s)]`, via logarithms. */
function referenceIndex(value: number, scale: number): number {
  return Math.ceil(Math.log2(value) * 2 ** scale) - 1;
}

/** The smallest double above a positive `x`. */
function nextUp(x: number): number {
  const float = new Float64Array([x]);
  const bits = new BigUint64Array(float.buffer);
  bits[0] = (bits[0] ?? 0n) + 1n;
  return float[0] ?? NaN;
}

describe('BucketMapping.index', () => {
  it('puts every value inside its bucket, at every table scale', () => {
    for (let scale = 0; scale <= MAX_TABLE_SCALE + 2; scale++) {
      const mapping = new BucketMapping(scale);
      fc.assert(
        fc.property(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), (value) => {
          const index = mapping.index(value);
          expect(value).toBeLessThanOrEqual(mapping.upperBound(index) * (1 + 1e-15));
          expect(value).toBeGreaterThan(mapping.upperBound(index - 1) * (1 - 1e-15));
        }),
        { numRuns: 300 },
      );
    }
  });

  it('agrees with the logarithm away from bucket edges', () => {
    const mapping = new BucketMapping(6);
    let disagreements = 0;
    for (let i = 0; i < 100_000; i++) {
      const value = Math.exp(-20 + 40 * ((i * 0.6180339887) % 1));
      if (mapping.index(value) !== referenceIndex(value, 6)) disagreements++;
    }
    expect(disagreements).toBe(0);
  });

  it('assigns an exact upper edge to the bucket below it', () => {
    const mapping = new BucketMapping(3);
    expect(mapping.index(1)).toBe(-1);
    expect(mapping.index(2)).toBe(7);
    expect(mapping.index(nextUp(2))).toBe(8);
    expect(mapping.index(0.5)).toBe(-9);
  });
});
