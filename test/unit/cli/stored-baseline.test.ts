import { describe, expect, it } from 'vitest';
import { parseBaseline } from '../../../src/baseline/baseline.js';
import { parseMetricStatistic } from '../../../src/cli/run-statistics.js';
import { baselineOfRuns, compareWithBaseline } from '../../../src/cli/stored-baseline.js';
import type { WindowSummary } from '../../../src/types.js';

const run = (level: number): WindowSummary[] =>
  [0, 1, 2].map((i) => ({
    metric: 'cpu',
    context: {},
    start: i * 500,
    end: (i + 1) * 500,
    count: 30,
    mean: level,
    min: level,
    max: level,
    p50: level * (1 + 0.01 * i),
    p95: level * 1.5,
    p99: level * 2,
  }));

const checks = [parseMetricStatistic('cpu'), parseMetricStatistic('cpu:p95')];
const subject = 'http://127.0.0.1:4173/scatter/?n=2000';

describe('stored baseline', () => {
  it('records runs as a valid perfwarden baseline keyed by the URL path', () => {
    const baseline = baselineOfRuns(subject, [run(5), run(5.1), run(4.9)], checks, 500);
    expect(parseBaseline(baseline).entries).toHaveLength(2);
    expect(baseline.entries[0]).toMatchObject({
      metric: 'cpu',
      statistic: 'p50',
      runs: 3,
      context: { subject: '/scatter/?n=2000' },
    });
  });

  it('fails a candidate confidently above the margin and passes one within it, on another port', () => {
    const stored = baselineOfRuns(subject, [run(5), run(5.1), run(4.9)], checks, 500);
    const elsewhere = 'http://127.0.0.1:5555/scatter/?n=2000';
    const slower = compareWithBaseline({
      subject: elsewhere,
      stored,
      runs: [run(6.5), run(6.4), run(6.6)],
      checks,
      alpha: 0.05,
      margin: 0.05,
    });
    expect(slower.map((verdict) => verdict.outcome)).toEqual(['fail', 'fail']);
    expect(slower[0]?.delta).toBeCloseTo(0.3, 1);
    const same = compareWithBaseline({
      subject: elsewhere,
      stored,
      runs: [run(5), run(5.05), run(4.95)],
      checks,
      alpha: 0.05,
      margin: 0.05,
    });
    expect(same.map((verdict) => verdict.outcome)).toEqual(['pass', 'pass']);
  });

  it('is inconclusive for a subject the baseline does not have', () => {
    const stored = baselineOfRuns(subject, [run(5)], checks, 500);
    const [verdict] = compareWithBaseline({
      subject: 'http://x/other',
      stored,
      runs: [run(5)],
      checks,
      alpha: 0.05,
      margin: 0.05,
    });
    expect(verdict?.outcome).toBe('inconclusive');
    expect(verdict?.hints[0]).toMatch(/baseline update/);
  });
});
