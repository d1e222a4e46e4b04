import { describe, expect, it } from 'vitest';
import {
  compareOnOff,
  compareWithBare,
  framesPerSecond,
  meanInterval,
  msPerFrame,
  standardDeviation,
  tQuantile,
  type OnOffPair,
  type Reading,
} from '../../../bench/overhead/statistics.js';

const reading = (cpuMs: number, frames = 240, wallMs = 4000): Reading => ({
  cpuNs: cpuMs * 1e6,
  frames,
  wallMs,
});

describe('tQuantile', () => {
  it('matches tabulated two-sided 95 % critical values of Student t', () => {
    // Tables: df 1 12.706, 2 4.303, 3 3.182, 4 2.776, 7 2.365, 9 2.262, 30 2.042, 120 1.980.
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(tQuantile(0.975, 2)).toBeCloseTo(4.3027, 3);
    expect(tQuantile(0.975, 3)).toBeCloseTo(3.1824, 3);
    expect(tQuantile(0.975, 4)).toBeCloseTo(2.7764, 3);
    expect(tQuantile(0.975, 7)).toBeCloseTo(2.3646, 3);
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.2622, 3);
    expect(tQuantile(0.975, 30)).toBeCloseTo(2.0423, 3);
    expect(tQuantile(0.975, 120)).toBeCloseTo(1.9799, 3);
  });

  it('matches other levels, is antisymmetric and zero at the median', () => {
    expect(tQuantile(0.95, 5)).toBeCloseTo(2.015, 3);
    expect(tQuantile(0.995, 10)).toBeCloseTo(3.1693, 3);
    expect(tQuantile(0.025, 6)).toBeCloseTo(-tQuantile(0.975, 6), 10);
    expect(tQuantile(0.5, 3)).toBeCloseTo(0, 10);
  });

  it('rejects degrees of freedom and probabilities it cannot take', () => {
    expect(() => tQuantile(0.975, 0)).toThrow(/df must be a positive integer, got 0/);
    expect(() => tQuantile(0.975, 2.5)).toThrow(/df must be a positive integer/);
    expect(() => tQuantile(1, 4)).toThrow(/p must be in \(0, 1\), got 1/);
  });
});

describe('meanInterval', () => {
  it('is the mean ± t · s / √n', () => {
    // mean 3, s = √2.5, n = 5, t(0.975, 4) = 2.7764: half-width 1.9632.
    const interval = meanInterval([1, 2, 3, 4, 5]);
    expect(interval.estimate).toBe(3);
    expect(interval.low).toBeCloseTo(3 - 1.9632, 3);
    expect(interval.high).toBeCloseTo(3 + 1.9632, 3);
  });

  it('narrows with the level and is unbounded from one value', () => {
    const wide = meanInterval([1, 2, 4, 8], 0.99);
    const narrow = meanInterval([1, 2, 4, 8], 0.9);
    expect(wide.high - wide.low).toBeGreaterThan(narrow.high - narrow.low);
    expect(meanInterval([2])).toEqual({ estimate: 2, low: -Infinity, high: Infinity });
    expect(meanInterval([]).estimate).toBeNaN();
  });

  it('covers the true mean about 95 % of the time', () => {
    // Deterministic pseudo-random normals (Box-Muller on a linear congruential generator).
    let seed = 12345;
    const uniform = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return (seed + 0.5) / 2147483648;
    };
    const normal = (): number =>
      Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    let covered = 0;
    const trials = 4000;
    for (let trial = 0; trial < trials; trial++) {
      const values = Array.from({ length: 6 }, () => 10 + 3 * normal());
      const { low, high } = meanInterval(values);
      if (low <= 10 && 10 <= high) covered++;
    }
    // Binomial SD at 95 % over 4000 trials is 0.34 %.
    expect(covered / trials).toBeGreaterThan(0.935);
    expect(covered / trials).toBeLessThan(0.965);
  });
});

describe('standardDeviation', () => {
  it('divides by n − 1 and needs two values', () => {
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(standardDeviation([3])).toBeNaN();
  });
});

describe('msPerFrame and framesPerSecond', () => {
  it('pool the rounds: total CPU over total frames, total frames over total time', () => {
    const rounds = [reading(240, 240, 4000), reading(600, 120, 4000)];
    // (240 + 600) ms / 360 frames, not the mean of 1 and 5 ms.
    expect(msPerFrame(rounds)).toBeCloseTo(840 / 360, 12);
    expect(framesPerSecond(rounds)).toBeCloseTo(360 / 8, 12);
  });
});

describe('compareWithBare', () => {
  it('pairs each session with its own bare page and pools its rounds', () => {
    const comparison = compareWithBare([
      // Session 1: bare 1 ms per frame, the arm 1.1 ms (+10 %).
      { arm: [reading(264), reading(264)], bare: [reading(240), reading(240)] },
      // Session 2, a slower machine: bare 2 ms, the arm 2.2 ms: still +10 %.
      { arm: [reading(528), reading(528)], bare: [reading(480), reading(480)] },
      { arm: [reading(264)], bare: [reading(240)] },
    ]);
    expect(comparison.sessions).toBe(3);
    expect(comparison.ratio.estimate).toBeCloseTo(1.1, 12);
    // Every session agrees on the ratio: the interval has no width.
    expect(comparison.ratio.low).toBeCloseTo(1.1, 12);
    expect(comparison.ratio.high).toBeCloseTo(1.1, 12);
    expect(comparison.addedMs.estimate).toBeCloseTo((0.1 + 0.2 + 0.1) / 3, 12);
    expect(comparison.roundRatios).toHaveLength(5);
    for (const ratio of comparison.roundRatios) expect(ratio).toBeCloseTo(1.1, 12);
  });

  it('takes its interval from the sessions, however many rounds each has', () => {
    // Within a session the rounds agree; the sessions disagree (+0 %, +4 %, +8 %): a page bias.
    const session = (ratio: number, rounds: number) => ({
      arm: Array.from({ length: rounds }, () => reading(240 * ratio)),
      bare: Array.from({ length: rounds }, () => reading(240)),
    });
    const few = compareWithBare([session(1, 2), session(1.04, 2), session(1.08, 2)]);
    const many = compareWithBare([session(1, 50), session(1.04, 50), session(1.08, 50)]);
    const logs = [0, Math.log(1.04), Math.log(1.08)];
    const center = logs.reduce((a, b) => a + b) / 3;
    const half = (tQuantile(0.975, 2) * standardDeviation(logs)) / Math.sqrt(3);
    for (const comparison of [few, many]) {
      expect(comparison.ratio.estimate).toBeCloseTo(Math.exp(center), 12);
      expect(comparison.ratio.low).toBeCloseTo(Math.exp(center - half), 12);
      expect(comparison.ratio.high).toBeCloseTo(Math.exp(center + half), 12);
      expect(comparison.sessionLogSd).toBeCloseTo(standardDeviation(logs), 12);
    }
    // With a positive bias, a 2 % target cannot be declared met from these sessions.
    expect(many.ratio.high).toBeGreaterThan(1.02);
  });

  it('counts the frames each page rendered: an arm that drops frames is compared per frame', () => {
    // Same CPU per round, half the frames: twice the CPU per frame.
    const comparison = compareWithBare([
      { arm: [reading(240, 120)], bare: [reading(240, 240)] },
      { arm: [reading(240, 120)], bare: [reading(240, 240)] },
    ]);
    expect(comparison.ratio.estimate).toBeCloseTo(2, 12);
  });

  it('refuses sessions whose arm and bare rounds do not line up', () => {
    expect(() => compareWithBare([{ arm: [reading(1)], bare: [reading(1), reading(1)] }])).toThrow(
      /same rounds for the arm and bare, got 1 and 2/,
    );
  });
});

describe('compareOnOff', () => {
  const pair = (onMs: number, offMs: number): OnOffPair => ({
    on: reading(onMs),
    off: reading(offMs),
  });
  /** A page whose pairs' log ratios are `logs`, around 1 ms per frame off. */
  const page = (logs: readonly number[], offMs = 240): OnOffPair[] =>
    logs.map((log) => pair(offMs * Math.exp(log), offMs));

  it('cancels each page’s own bias: pages 10 % apart agree on the ratio', () => {
    // One page runs at 1 ms per frame off, the other at 1.1 ms (its load's bias); +5 % on.
    const comparison = compareOnOff([
      { first: [pair(240 * 1.05, 240)], second: [pair(264 * 1.05, 264)] },
      { first: [pair(264 * 1.05, 264)], second: [pair(240 * 1.05, 240)] },
    ]);
    expect(comparison.couples).toBe(2);
    expect(comparison.pairs).toBe(2);
    expect(comparison.ratio.estimate).toBeCloseTo(1.05, 12);
    expect(comparison.ratio.low).toBeCloseTo(1.05, 12);
    expect(comparison.ratio.high).toBeCloseTo(1.05, 12);
    // Added ms per frame: 0.05 on one page, 0.055 on the other.
    expect(comparison.addedMs.estimate).toBeCloseTo(0.0525, 12);
    expect(comparison.pageRatios).toHaveLength(4);
    for (const ratio of comparison.pageRatios) expect(ratio).toBeCloseTo(1.05, 12);
  });

  it('cancels the load of the moment between the two pages of a couple', () => {
    // A burst of load adds 20 % to the period on of the first page's second pair, which is
    // the period off of the second page's: the arm costs +3 % throughout.
    const arm = Math.log(1.03);
    const burst = Math.log(1.2);
    const comparison = compareOnOff([
      { first: page([arm, arm + burst, arm]), second: page([arm, arm - burst, arm]) },
      { first: page([arm, arm, arm]), second: page([arm, arm, arm]) },
    ]);
    expect(comparison.ratio.estimate).toBeCloseTo(1.03, 12);
    expect(comparison.ratio.high).toBeCloseTo(1.03, 12);
    expect(comparison.couplePairLogSd).toBeCloseTo(0, 12);
    // Page by page, the burst shows.
    expect(comparison.pagePairLogSd).toBeGreaterThan(0.05);
  });

  it('takes its interval from the couples, however many pairs each has', () => {
    // The pairs of a couple agree; the couples disagree (+0 %, +2 %, +4 %).
    const couple = (log: number, pairs: number) => ({
      first: page(Array.from({ length: pairs }, () => log)),
      second: page(Array.from({ length: pairs }, () => log)),
    });
    const logs = [0, Math.log(1.02), Math.log(1.04)];
    const few = compareOnOff(logs.map((log) => couple(log, 2)));
    const many = compareOnOff(logs.map((log) => couple(log, 40)));
    const center = logs.reduce((a, b) => a + b) / 3;
    const half = (tQuantile(0.975, 2) * standardDeviation(logs)) / Math.sqrt(3);
    for (const comparison of [few, many]) {
      expect(comparison.ratio.estimate).toBeCloseTo(Math.exp(center), 12);
      expect(comparison.ratio.low).toBeCloseTo(Math.exp(center - half), 12);
      expect(comparison.ratio.high).toBeCloseTo(Math.exp(center + half), 12);
      expect(comparison.coupleLogSd).toBeCloseTo(standardDeviation(logs), 12);
      expect(comparison.couplePairLogSd).toBeCloseTo(0, 12);
    }
    // With a positive bias, a 2 % target cannot be declared met from these couples.
    expect(many.ratio.high).toBeGreaterThan(1.02);
  });

  it('weighs every couple the same, whatever its number of pairs', () => {
    const comparison = compareOnOff([
      { first: page([Math.log(1.1)]), second: page([Math.log(1.1)]) },
      { first: page([0, 0, 0]), second: page([0, 0, 0]) },
    ]);
    expect(comparison.ratio.estimate).toBeCloseTo(Math.sqrt(1.1), 12);
  });

  it('compares per frame: periods on that drop frames cost more per frame', () => {
    const dropping = { on: reading(240, 120), off: reading(240, 240) };
    const comparison = compareOnOff([{ first: [dropping], second: [dropping] }]);
    expect(comparison.ratio.estimate).toBeCloseTo(2, 12);
    // One couple: nothing says how the next would fare.
    expect(comparison.ratio.high).toBe(Infinity);
  });

  it('measures the pairs’ noise and their lag-1 autocorrelation around each couple’s mean', () => {
    // Log ratios alternating ±d around the couple's mean: SD d·√(n/(n−1)), lag-1 −(n−1)/n.
    const d = 0.02;
    const swinging = (center: number) => {
      const logs = [1, -1, 1, -1].map((sign) => center + sign * d);
      return { first: page(logs), second: page(logs) };
    };
    const alternating = compareOnOff([swinging(0), swinging(0.05)]);
    expect(alternating.couplePairLogSd).toBeCloseTo(d * Math.sqrt(4 / 3), 12);
    expect(alternating.pagePairLogSd).toBeCloseTo(d * Math.sqrt(4 / 3), 12);
    expect(alternating.pairLag1).toBeCloseTo(-3 / 4, 12);
    // Runs of alike pairs: positively correlated.
    const runs = [1, 1, 1, -1, -1, -1].map((sign) => sign * d);
    expect(compareOnOff([{ first: page(runs), second: page(runs) }]).pairLag1).toBeCloseTo(
      3 / 6,
      12,
    );
    // One pair per couple: no noise within a couple to measure.
    const single = compareOnOff([
      { first: page([0.01]), second: page([0.01]) },
      { first: page([0.02]), second: page([0.02]) },
    ]);
    expect(single.pairLag1).toBeNaN();
    expect(single.couplePairLogSd).toBeNaN();
  });

  it('leaves couples of two pairs out of the autocorrelation: two values always give −1/2', () => {
    const two = compareOnOff([
      { first: page([0.01, 0.03]), second: page([0.01, 0.03]) },
      { first: page([0.02, 0.05]), second: page([0.02, 0.05]) },
    ]);
    expect(two.pairLag1).toBeNaN();
    // Their noise still counts.
    expect(two.couplePairLogSd).toBeGreaterThan(0);
    const runs = [1, 1, 1, -1, -1, -1].map((sign) => sign * 0.02);
    const mixed = compareOnOff([
      { first: page([0.01, 0.03]), second: page([0.01, 0.03]) },
      { first: page(runs), second: page(runs) },
    ]);
    expect(mixed.pairLag1).toBeCloseTo(3 / 6, 12);
  });

  it('refuses a couple whose pages do not have the same pairs', () => {
    expect(() => compareOnOff([{ first: page([0.01, 0.01]), second: page([0.01]) }])).toThrow(
      /the same pairs on both pages, got 2 and 1/,
    );
    expect(() => compareOnOff([{ first: [], second: [] }])).toThrow(/got 0 and 0/);
  });
});
