import { describe, expect, it } from 'vitest';
import { retryDelay } from '../../../src/export/backoff.js';

const options = { retryDelayMs: 1000, maxRetryDelayMs: 30_000 };

describe('retryDelay', () => {
  it('doubles the ceiling per failure and jitters within its upper half', () => {
    expect(retryDelay(1, options, () => 0)).toBe(500);
    expect(retryDelay(1, options, () => 1)).toBe(1000);
    expect(retryDelay(3, options, () => 0)).toBe(2000);
    expect(retryDelay(3, options, () => 1)).toBe(4000);
  });

  it('never exceeds the largest delay', () => {
    expect(retryDelay(20, options, () => 1)).toBe(30_000);
    expect(retryDelay(20, options, () => 0)).toBe(15_000);
  });

  it("waits at least the server's Retry-After, capped at the largest delay", () => {
    expect(retryDelay(1, options, () => 0.5, 7000)).toBe(7000);
    expect(retryDelay(1, options, () => 0.5, 3_600_000)).toBe(30_000);
  });

  it('keeps backing off when the server says Retry-After: 0', () => {
    expect(retryDelay(1, options, () => 0, 0)).toBe(500);
    expect(retryDelay(5, options, () => 0, 0)).toBe(8000);
  });

  it.each([NaN, -1, Infinity, -Infinity])(
    'ignores a Retry-After of %s: the backoff applies, never a 0 ms or NaN delay',
    (retryAfterMs) => {
      expect(retryDelay(1, options, () => 0, retryAfterMs)).toBe(500);
      expect(retryDelay(3, options, () => 1, retryAfterMs)).toBe(4000);
    },
  );
});
