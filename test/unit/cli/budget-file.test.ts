import { describe, expect, it } from 'vitest';
import { parseBudgetRule, parseBudgets } from '../../../src/cli/budget-file.js';
import { evaluateBudgets } from '../../../src/cli/budgets.js';
import type { WindowSummary } from '../../../src/types.js';

const window = (metric: string, p95: number): WindowSummary => ({
  metric,
  context: {},
  start: 0,
  end: 1000,
  count: 60,
  mean: p95 / 2,
  min: 1,
  max: p95 * 2,
  p50: p95 / 2,
  p95,
  p99: p95,
});

describe('budget rules', () => {
  it('reads absolute and relative rules', () => {
    expect(parseBudgetRule('cpu p95 <= 8 ms')).toMatchObject({
      metric: 'cpu',
      statistic: 'p95',
      kind: 'absolute',
      limit: 8,
    });
    expect(parseBudgetRule('inp ≤ 200 ms')).toMatchObject({
      metric: 'inp',
      statistic: 'p50',
      limit: 200,
    });
    expect(parseBudgetRule('lcp <= 2.5 s')).toMatchObject({ limit: 2500 });
    expect(parseBudgetRule('cpu:p50 <= +5 %')).toMatchObject({ kind: 'relative', limit: 0.05 });
    expect(parseBudgetRule('span.layout p95 <= 3 ms')).toMatchObject({ metric: 'span.layout' });
  });

  it('rejects unknown metrics, statistics and malformed rules with the rule in the message', () => {
    expect(() => parseBudgetRule('cpux p95 <= 8 ms')).toThrow(
      /^budget "cpux p95 <= 8 ms": unknown metric "cpux"; known: frame, cpu/,
    );
    expect(() => parseBudgetRule('cpu p42 <= 8 ms')).toThrow(
      /^budget "cpu p42 <= 8 ms": unknown statistic "p42"; known: p10, p25, p50, p95, p99, mean, max$/,
    );
    expect(() => parseBudgetRule('cpu below 8')).toThrow(/is not a rule/);
    expect(() => parseBudgets({ rules: [] }, 'budget file b.json')).toThrow(
      /b\.json must be a list of rules/,
    );
    expect(parseBudgets({ budgets: ['cpu <= 9 ms'] }, 'x')).toHaveLength(1);
  });

  it('passes a level under its limit, fails one over it, and leaves unmeasured metrics inconclusive', () => {
    const runs = [[window('cpu', 7)], [window('cpu', 9)], [window('cpu', 8.5)]];
    const verdicts = evaluateBudgets(
      'page',
      parseBudgets(['cpu p95 <= 8 ms', 'cpu p95 <= 10 ms', 'inp <= 200 ms', 'cpu <= +5 %'], 'x'),
      runs,
      [],
    );
    expect(verdicts.map((verdict) => verdict.outcome)).toEqual([
      'fail',
      'pass',
      'inconclusive',
      'inconclusive',
    ]);
    expect(verdicts[0]?.candidate).toBe(8.5);
  });
});
