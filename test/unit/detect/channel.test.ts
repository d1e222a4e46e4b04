import { describe, expect, it } from 'vitest';
import { Channel } from '../../../src/detect/channel.js';
import type { ReferenceEstimator } from '../../../src/detect/channel.js';
import { estimateReference, hasHeavyTails } from '../../../src/detect/reference.js';
import { normalFrom, seededRandom } from '../../support/random.js';

const estimator: ReferenceEstimator = {
  estimate: (_statistic, values, signs) =>
    estimateReference(values, { floor: 0.01, robust: true, signs, clip: 4 }),
  signs: (values, scale) => hasHeavyTails(values, scale),
};

describe('a channel', () => {
  it('re-estimates its reference every warm-up while nothing changes, up to its largest size', () => {
    const channel = new Channel('p50', {
      warmup: 30,
      referenceBlocks: 240,
      spacing: 10,
      lifetime: 240,
      epoch: 600,
      horizon: 30,
    });
    const noise = normalFrom(seededRandom(7));
    const block = (): number => Math.log(8) + 0.05 * noise();
    let ready = false;
    while (!ready) ready = channel.warm(block(), estimator, 30);
    channel.begin(0.001, estimator);
    const sizes: number[] = [];
    for (let i = 1; i <= 300; i++) {
      expect(channel.test(block(), estimator)).toBe(0);
      if (i % 30 === 29) sizes.push(channel.reference?.blocks ?? 0);
    }
    // Just before each re-estimate, then past the last one: the reference stops at 240 blocks.
    expect(sizes).toEqual([30, 60, 90, 120, 150, 180, 210, 240, 240, 240]);
  });
});
