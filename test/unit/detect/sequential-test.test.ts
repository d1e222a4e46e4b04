import { describe, expect, it } from 'vitest';
import type { Reference } from '../../../src/detect/reference.js';
import { normalQuantile } from '../../../src/detect/normal-quantile.js';
import { SequentialTest } from '../../../src/detect/sequential-test.js';
import { normalFrom, seededRandom } from '../../support/random.js';

/**
 * A reference learned from `blocks` standard normal blocks (its center the sample mean, off by
 * its own error), as the detector makes one; `known` false pretends its center is exact.
 */
function learned(normal: () => number, blocks: number, known = true): Reference {
  let sum = 0;
  for (let i = 0; i < blocks; i++) sum += normal();
  return {
    center: sum / blocks,
    scale: 1,
    uncertainty: known ? 1 / Math.sqrt(blocks) : 0,
    margin: 0,
    blocks,
    clip: 4,
  };
}

/** Blocks until the first crossing in either direction, or Infinity within `blocks`. */
function firstCrossing(
  test: SequentialTest,
  normal: () => number,
  shift: number,
  blocks: number,
): number {
  for (let n = 1; n <= blocks; n++) {
    if (test.add(shift + normal()) !== 0) return n;
  }
  return Infinity;
}

describe('sequential test against a reference learned from blocks', () => {
  const alpha = 0.01;
  const budget = { alpha, alphaReference: 0.001, horizon: 30 };

  it("keeps within its budget however far off the reference's center is", () => {
    const normal = normalFrom(seededRandom(11));
    const trials = 2000;
    let accounted = 0;
    let ignored = 0;
    for (let t = 0; t < trials; t++) {
      const reference = learned(normal, 30);
      const withError = new SequentialTest(reference, budget);
      const exact = new SequentialTest({ ...reference, uncertainty: 0 }, budget);
      // The same null blocks for both.
      const blocks = Array.from({ length: 300 }, normal);
      if (blocks.some((value) => withError.add(value) !== 0)) accounted++;
      if (blocks.some((value) => exact.add(value) !== 0)) ignored++;
    }
    // Each direction holds at α, so both together at 2α.
    expect(accounted).toBeLessThanOrEqual(2 * alpha * trials);
    // The reference's error, shared by every block, would otherwise add up like a change.
    expect(ignored).toBeGreaterThan(10 * alpha * trials);
  });

  it('catches a shift a well-known reference can tell, without charging its error twice', () => {
    const normal = normalFrom(seededRandom(12));
    const tight = { alpha: 1e-6, alphaReference: 1e-6, horizon: 30 };
    const trials = 200;
    let caught = 0;
    for (let t = 0; t < trials; t++) {
      const test = new SequentialTest(learned(normal, 240), tight);
      if (firstCrossing(test, normal, 0.7, 180) <= 180) caught++;
    }
    // A shift of 0.7 scale units reaches 10.8 of the 240-block reference's standard errors.
    // Charged as a worst-case offset instead (z(1 − α_ref/2) · se ≈ 0.32), the error left a
    // 0.38 shift, caught within 180 blocks in 38 % of these trials.
    expect(caught / trials).toBeGreaterThan(0.8);
  });

  it('reads the same as the plain normal mixture when the reference is exact', () => {
    const normal = normalFrom(seededRandom(13));
    const reference = { ...learned(normal, 30), uncertainty: 0 };
    const exact = new SequentialTest(reference, budget);
    const tiny = new SequentialTest({ ...reference, uncertainty: 1e-9 }, budget);
    for (let n = 0; n < 100; n++) {
      const value = 0.5 + normal();
      expect(tiny.add(value)).toBe(exact.add(value));
    }
    expect(tiny.evidence(1)).toBeCloseTo(exact.evidence(1), 6);
  });

  it("charges a stored reference's error, the spread between runs, to its thresholds", () => {
    const stored: Reference = {
      center: 2,
      scale: 0.1,
      uncertainty: 0.03,
      margin: 0.05,
      blocks: 100,
      clip: 4,
    };
    const test = new SequentialTest(stored, budget, false, true);
    const charge = normalQuantile(1 - budget.alphaReference / 2) * 0.03;
    expect(test.charged).toBe(true);
    expect(test.referenceVariance).toBe(0);
    expect(test.upper).toBeCloseTo(2 + charge + 0.05, 12);
    expect(test.lower).toBeCloseTo(2 - charge - 0.05, 12);
    // A session's reference takes its error into the test instead.
    const session = new SequentialTest({ ...stored, margin: 0 }, budget);
    expect(session.charged).toBe(false);
    expect(session.upper).toBe(2);
    expect(session.referenceVariance).toBeCloseTo(0.09, 12);
  });
});
