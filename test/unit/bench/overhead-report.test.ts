import { describe, expect, it } from 'vitest';
import {
  millisecondsWithInterval,
  ratioChange,
  signedPercent,
  targetVerdict,
} from '../../../bench/overhead/report.js';

describe('overhead report', () => {
  it('writes changes with their sign', () => {
    expect(signedPercent(0.0123)).toBe('+1.2 %');
    expect(signedPercent(-0.034)).toBe('−3.4 %');
    expect(ratioChange({ estimate: 1.012, low: 0.997, high: 1.028 })).toBe(
      '+1.2 % (−0.3 to +2.8 %)',
    );
    expect(millisecondsWithInterval({ estimate: 0.012, low: -0.004, high: 0.03 })).toBe(
      '0.012 (−0.004 to 0.030)',
    );
  });

  it('meets a target only when the upper end of the interval is within it', () => {
    expect(targetVerdict({ estimate: 1.005, low: 0.99, high: 1.019 }, 0.02)).toBe(
      'target ≤ 2 %: met (upper bound +1.9 %)',
    );
    // The estimate is within the target, the interval is not: not met.
    expect(targetVerdict({ estimate: 1.01, low: 0.99, high: 1.031 }, 0.02)).toBe(
      'target ≤ 2 %: not met (upper bound +3.1 %)',
    );
  });
});
