import { describe, expect, it } from 'vitest';
import { median } from '../../../src/stats/robust.js';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median(new Float64Array([5]))).toBe(5);
  });

  it('ignores non-finite values and does not reorder its input', () => {
    const values = [9, Number.NaN, 1, Infinity, 5];
    expect(median(values)).toBe(5);
    expect(values).toEqual([9, Number.NaN, 1, Infinity, 5]);
    expect(median([])).toBeNaN();
  });
});
