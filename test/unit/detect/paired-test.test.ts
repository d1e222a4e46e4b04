import { describe, expect, it } from 'vitest';
import {
  addDifference,
  confidenceSequence,
  logBayesFactor,
  NO_DIFFERENCES,
} from '../../../src/detect/paired-test.js';
import type { PairedSummary } from '../../../src/detect/paired-test.js';
import { normalFrom, seededRandom } from '../../support/random.js';

function summarize(values: readonly number[]): PairedSummary {
  return values.reduce(addDifference, NO_DIFFERENCES);
}

/** Normal likelihood of the data given mean and sd. */
function likelihood(values: readonly number[], mean: number, sd: number): number {
  return values.reduce(
    (product, x) =>
      (product * Math.exp(-((x - mean) ** 2) / (2 * sd * sd))) / (Math.sqrt(2 * Math.PI) * sd),
    1,
  );
}

/**
 * The Bayes factor by brute-force quadrature of its definition: effect δ ~ N(0, g), σ with
 * the scale-invariant density 1/σ, under H1 mean = μ0 + δσ; under H0 mean = μ0.
 */
function bayesFactorByQuadrature(values: readonly number[], mu0: number, g: number): number {
  let h1 = 0;
  let h0 = 0;
  for (let logSigma = -8; logSigma <= 4; logSigma += 0.01) {
    const sigma = Math.exp(logSigma); // dσ/σ = d(log σ)
    h0 += likelihood(values, mu0, sigma) * 0.01;
    for (let delta = -12; delta <= 12; delta += 0.02) {
      const prior = Math.exp(-(delta * delta) / (2 * g)) / Math.sqrt(2 * Math.PI * g);
      h1 += likelihood(values, mu0 + delta * sigma, sigma) * prior * 0.02 * 0.01;
    }
  }
  return h1 / h0;
}

describe('paired sequential t-test', () => {
  it('matches the Bayes factor computed from its definition by quadrature', () => {
    const data = [0.12, 0.05, 0.2, 0.09, 0.15];
    for (const [mu0, g] of [
      [0, 1],
      [0.1, 1],
      [0, 4],
    ] as const) {
      const closedForm = Math.exp(logBayesFactor(summarize(data), mu0, { g, resolution: 1e-9 }));
      expect(closedForm / bayesFactorByQuadrature(data, mu0, g)).toBeCloseTo(1, 2);
    }
  });

  it('is scale invariant', () => {
    const data = [0.3, -0.1, 0.25, 0.4, 0.05, 0.2];
    const scaled = data.map((x) => x * 37);
    expect(logBayesFactor(summarize(scaled), 0, { resolution: 1e-9 })).toBeCloseTo(
      logBayesFactor(summarize(data), 0, { resolution: 1e-9 }),
      9,
    );
  });

  it('keeps the false-alarm rate under alpha when checked after every pair', () => {
    const alpha = 0.05;
    const normal = normalFrom(seededRandom(99));
    const sessions = 4000;
    let alarms = 0;
    for (let s = 0; s < sessions; s++) {
      const sd = 0.01 * (1 + (s % 10)); // every spread: the test must not care
      let summary = NO_DIFFERENCES;
      for (let n = 0; n < 60; n++) {
        summary = addDifference(summary, sd * normal());
        if (logBayesFactor(summary, 0, { resolution: 1e-6 }) >= Math.log(1 / alpha)) {
          alarms++;
          break;
        }
      }
    }
    // Ville: ≤ alpha; the mixture is conservative in practice. 4000 sessions: MC sd ≈ 0.0034.
    expect(alarms / sessions).toBeLessThan(alpha);
  });

  it('detects a shift of three standard deviations within ten pairs', () => {
    const normal = normalFrom(seededRandom(7));
    let detectedWithin10 = 0;
    for (let s = 0; s < 500; s++) {
      let summary = NO_DIFFERENCES;
      for (let n = 0; n < 10; n++) {
        summary = addDifference(summary, 0.03 * (3 + normal()));
        if (logBayesFactor(summary, 0) >= Math.log(100)) {
          detectedWithin10++;
          break;
        }
      }
    }
    expect(detectedWithin10 / 500).toBeGreaterThan(0.9);
  });

  it('gives a confidence sequence that covers the mean at every step in ≥ 1 − alpha of sessions', () => {
    const alpha = 0.1;
    const normal = normalFrom(seededRandom(3));
    let failures = 0;
    for (let s = 0; s < 2000; s++) {
      let summary = NO_DIFFERENCES;
      for (let n = 0; n < 40; n++) {
        summary = addDifference(summary, 0.05 + 0.02 * normal());
        const [low, high] = confidenceSequence(summary, alpha);
        if (low > 0.05 || high < 0.05) {
          failures++;
          break;
        }
      }
    }
    expect(failures / 2000).toBeLessThan(alpha);
  });

  it('stays unbounded until the data can bound the mean, then narrows', () => {
    expect(confidenceSequence(summarize([0.1]), 0.05)).toEqual([-Infinity, Infinity]);
    const wide = confidenceSequence(summarize([0.1, 0.12, 0.09, 0.11]), 0.05);
    const narrow = confidenceSequence(
      summarize([0.1, 0.12, 0.09, 0.11, 0.1, 0.1, 0.11, 0.09, 0.1, 0.12, 0.1, 0.11]),
      0.05,
    );
    expect(wide[1] - wide[0]).toBeGreaterThan(narrow[1] - narrow[0]);
    expect(narrow[0]).toBeGreaterThan(0.05);
    expect(narrow[1]).toBeLessThan(0.16);
  });

  it('treats identical runs through the resolution floor instead of dividing by zero', () => {
    const same = summarize([0, 0, 0, 0, 0]);
    expect(Number.isNaN(logBayesFactor(same, 0))).toBe(false);
    expect(Number.isFinite(logBayesFactor(summarize([0.2, 0.2, 0.2]), 0))).toBe(true);
  });
});
