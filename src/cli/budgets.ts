/** Evaluating budgets against the candidate's runs and, for relative rules, the comparison. */
import type { Budget } from './budget-file.js';
import type { ReportVerdict } from '../report/types.js';
import { median, runValue, unitOf } from './run-statistics.js';
import type { WindowSummary } from '../types.js';

/** One verdict per budget: plain limits on the estimates (the statistics are in the comparison). */
export function evaluateBudgets(
  subject: string,
  budgets: readonly Budget[],
  runs: readonly (readonly WindowSummary[])[],
  comparison: readonly ReportVerdict[],
): ReportVerdict[] {
  return budgets.map((budget): ReportVerdict => {
    const base = {
      subject,
      metric: budget.metric,
      statistic: budget.statistic,
      unit: unitOf(budget.metric),
      check: 'budget' as const,
      rule: budget.rule,
    };
    const values = runs.flatMap((windows) => runValue(windows, budget) ?? []);
    if (budget.kind === 'relative') {
      const compared = comparison.find(
        (verdict) =>
          verdict.metric === budget.metric &&
          verdict.statistic === budget.statistic &&
          verdict.delta !== undefined,
      );
      if (compared?.delta === undefined) {
        return {
          ...base,
          outcome: 'inconclusive',
          hints: [
            `"${budget.rule}" needs a comparison of ${budget.metric} ${budget.statistic}: use --baseline-url or --baseline, and --metric ${budget.metric}:${budget.statistic}`,
          ],
        };
      }
      return {
        ...base,
        outcome: compared.delta <= budget.limit ? 'pass' : 'fail',
        ...(compared.baseline === undefined ? {} : { baseline: compared.baseline }),
        ...(compared.candidate === undefined ? {} : { candidate: compared.candidate }),
        delta: compared.delta,
        hints: [],
      };
    }
    if (values.length === 0) {
      return {
        ...base,
        outcome: 'inconclusive',
        baseline: budget.limit,
        hints: [
          `no ${budget.metric} windows were measured; does the page (or --scenario) exercise it?`,
        ],
      };
    }
    const level = median(values);
    return {
      ...base,
      outcome: level <= budget.limit ? 'pass' : 'fail',
      baseline: budget.limit,
      candidate: level,
      samples: { baseline: [], candidate: values },
      hints: [],
    };
  });
}
