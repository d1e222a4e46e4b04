import { describe, expect, it } from 'vitest';
import { FalseAlarmBudget } from '../../../src/detect/budget.js';
import { MetricDetector } from '../../../src/detect/metric-detector.js';
import { policyFor } from '../../../src/detect/policy.js';
import type { MetricName } from '../../../src/types.js';

/** What share of its budget each channel of `metric`'s detector asked for, by statistic. */
function partsOf(metric: MetricName): Map<string, number> {
  const parts = new Map<string, number>();
  const budget = new FalseAlarmBudget(0.001, [metric]);
  const next = budget.next.bind(budget);
  budget.next = (name, statistic, part) => {
    parts.set(statistic, part);
    return next(name, statistic, part);
  };
  const detector = new MetricDetector(metric, {}, policyFor(metric), {
    warmup: 30,
    horizon: 30,
    margin: 0.02,
    baselineMargin: 0.05,
    storedKind: 'baseline',
    budget,
    capacity: 240,
    referenceBlocks: 240,
    spacing: 10,
    lifetime: 240,
    epoch: 600,
  });
  for (let block = 0; block < 40; block++) {
    const level = 8 * (1 + 0.01 * Math.sin(block));
    detector.consume({
      start: block * 1000,
      end: (block + 1) * 1000,
      values: detector.policy.statistics.map((s) => Math.log(s === 'p95' ? 1.2 * level : level)),
      p50: level,
      p95: 1.2 * level,
      p10: level,
      mean: level,
      weight: 60,
    });
  }
  return parts;
}

describe("a metric's channels share its false-alarm budget", () => {
  it.each(['cpu', 'gpu'] as const)('%s: the parts of its channels sum to 1', (metric) => {
    const parts = partsOf(metric);
    expect([...parts.keys()].sort()).toEqual([...policyFor(metric).statistics].sort());
    expect([...parts.values()].reduce((sum, part) => sum + part, 0)).toBeCloseTo(1, 12);
    // The median, which decides most changes on steady noise, gets the largest part.
    expect(parts.get('p50')).toBe(Math.max(...parts.values()));
  });
});
