import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHistogram, histogramFromJSON } from '../../../src/stats/histogram.js';
import type { SerializedHistogram } from '../../../src/stats/histogram.js';
import { logNormalValues } from '../../support/random.js';

function sample(): SerializedHistogram {
  const histogram = createHistogram();
  for (const value of logNormalValues(500, 11)) histogram.add(value);
  histogram.add(0);
  histogram.add(Number.NaN);
  return histogram.toJSON();
}

describe('histogramFromJSON', () => {
  it('round-trips exactly, through a JSON string', () => {
    const json = sample();
    const restored = histogramFromJSON(JSON.parse(JSON.stringify(json)));
    expect(restored.toJSON()).toEqual(json);
    expect(restored.quantile(0.95)).toBe(histogramFromJSON(json).quantile(0.95));
  });

  it('is compact: only the touched bucket range is kept', () => {
    const histogram = createHistogram();
    [10, 11, 12].forEach((v) => histogram.add(v));
    expect(histogram.toJSON().counts.length).toBeLessThan(20);
  });

  it.each([
    ['not an object', null, /histogram\. must be an object/],
    ['wrong version', { ...sample(), v: 2 }, /histogram\.v must be 1/],
    ['negative bucket', { ...sample(), counts: [-1] }, /histogram\.counts\[0\]/],
    ['count mismatch', { ...sample(), count: 3 }, /histogram\.count must equal/],
    ['offset out of range', { ...sample(), offset: 1e9 }, /histogram\.offset puts buckets outside/],
    ['string sum', { ...sample(), sum: '12' }, /histogram\.sum/],
    [
      'min above max',
      { ...sample(), min: 1e6 },
      /histogram\.max must be a finite number not below min/,
    ],
    ['huge scale', { ...sample(), scale: 400 }, /histogram\.scale must be an integer/],
    [
      'counts not array',
      { ...sample(), counts: { length: 1e9 } },
      /histogram\.counts must be an array/,
    ],
  ])('rejects %s with an error naming the field', (_name, input, message) => {
    expect(() => histogramFromJSON(input)).toThrow(message);
  });

  it('names the scale when it is too fine for the range (too many buckets)', () => {
    expect(() => histogramFromJSON({ ...sample(), scale: 15 })).toThrow(TypeError);
    expect(() => histogramFromJSON({ ...sample(), scale: 15 })).toThrow(
      /^histogram\.scale is too fine/,
    );
  });

  it('either rejects a fuzzed object with a TypeError or restores a consistent histogram', () => {
    const valid = sample();
    const keys = Object.keys(valid) as (keyof SerializedHistogram)[];
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.anything(), (key, value) => {
        const input: Record<string, unknown> = { ...valid, [key]: value };
        let restored;
        try {
          restored = histogramFromJSON(input);
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
          expect((error as Error).message).toMatch(/^histogram\./);
          return;
        }
        const json = restored.toJSON();
        const bucketTotal = json.counts.reduce((a, b) => a + b, 0);
        expect(bucketTotal + json.zeroCount).toBe(json.count);
      }),
    );
  });
});
