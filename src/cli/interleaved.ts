/**
 * Interleaved A/B: each pair of runs gives one difference per metric statistic, and pairs are
 * added until every statistic is decided, one fails, or time runs out. The two runs of a pair
 * either alternate (A B, B A, …, so a drift of the machine hits both arms alike) or, with
 * `parallel`, run at the same time in two runners that swap arms every pair (so the machine's
 * state at that moment hits both alike, and a pair takes the time of one run).
 */
import type { WindowSummary } from '../types.js';
import { PairedComparison } from './paired-decision.js';
import type { ReportVerdict } from '../report/types.js';
import { median, runValue, unitOf } from './run-statistics.js';
import type { MetricStatistic } from './run-statistics.js';

/** The two arms. */
export type Arm = 'baseline' | 'candidate';

/** Settings of an interleaved comparison. */
export interface InterleavedOptions {
  /** Subject name in the verdicts (the candidate URL, a story id). */
  subject: string;
  checks: readonly MetricStatistic[];
  /** Chance of failing a build without a regression, split across the checks. */
  alpha: number;
  /** Smallest relative slowdown that fails, e.g. 0.05. */
  threshold: number;
  /** Stop adding pairs once another pair would end after this, ms. */
  timeLimitMs: number;
  /** Pairs run before deciding anything (the test needs a few to bound the spread). */
  minPairs: number;
  /**
   * Both runs of a pair at once, in runners 0 and 1 (e.g. two browsers), which swap arms every
   * pair so that a difference between the runners cancels. Only for metrics that a run beside
   * another does not distort, such as CPU time. Default false: one runner, runs alternating.
   */
  parallel?: boolean;
  /** Runs one arm once in `runner` (always 0 unless `parallel`) and returns its windows. */
  run(arm: Arm, runner: 0 | 1): Promise<readonly WindowSummary[]>;
  /** Told after every pair. */
  onPair?(progress: InterleavedProgress): void;
  /** Monotonic clock, ms. */
  now?: () => number;
}

/** Progress after a pair. */
export interface InterleavedProgress {
  pairs: number;
  decided: number;
  checks: number;
  elapsedMs: number;
  timeLimitMs: number;
}

/** The outcome of an interleaved comparison. */
export interface InterleavedResult {
  verdicts: ReportVerdict[];
  pairs: number;
  durationMs: number;
  /**
   * Checks whose metric the first pair measured on neither page (left out of the comparison).
   * A check measured on one page only gets a verdict without a delta: it was not compared.
   */
  unmeasured: MetricStatistic[];
}

/**
 * Runs pairs until every check is decided, one check fails, or the time limit comes; returns one
 * verdict per check.
 */
export async function compareInterleaved(options: InterleavedOptions): Promise<InterleavedResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  let comparisons: Map<MetricStatistic, PairedComparison> | undefined;
  let unmeasured: MetricStatistic[] = [];
  let pairs = 0;
  // A check without a single pair by now (measured on one page only) is not waited for.
  const undecided = (): boolean =>
    [...(comparisons?.values() ?? [])].some(
      (each) => each.pairs > 0 && each.decision().outcome === 'undecided',
    );
  // One confident regression fails the job whatever the others say: the job stops there (every
  // boundary is valid at any pair, so stopping early costs no error).
  const failed = (): boolean =>
    [...(comparisons?.values() ?? [])].some((each) => each.decision().outcome === 'fail');

  while (comparisons === undefined || pairs < options.minPairs || (undecided() && !failed())) {
    const elapsed = now() - started;
    // Start another pair only if one more (as long as the average so far) fits in the limit.
    if (pairs > 0 && elapsed + elapsed / pairs > options.timeLimitMs) break;
    const order: [Arm, Arm] =
      pairs % 2 === 0 ? ['baseline', 'candidate'] : ['candidate', 'baseline'];
    const windows = {
      baseline: [] as readonly WindowSummary[],
      candidate: [] as readonly WindowSummary[],
    };
    if (options.parallel) {
      const [first, second] = await Promise.all([
        options.run(order[0], 0),
        options.run(order[1], 1),
      ]);
      windows[order[0]] = first;
      windows[order[1]] = second;
    } else {
      for (const arm of order) windows[arm] = await options.run(arm, 0);
    }
    if (comparisons === undefined) {
      // The first pair says which metrics this page has; the error budget is split over those.
      const measured = options.checks.filter(
        (check) =>
          runValue(windows.baseline, check) !== undefined ||
          runValue(windows.candidate, check) !== undefined,
      );
      unmeasured = options.checks.filter((check) => !measured.includes(check));
      const alpha = options.alpha / Math.max(1, measured.length);
      comparisons = new Map(
        measured.map((check) => [check, new PairedComparison(alpha, options.threshold)]),
      );
    }
    for (const [check, comparison] of comparisons) {
      const a = runValue(windows.baseline, check);
      const b = runValue(windows.candidate, check);
      if (a !== undefined && b !== undefined && a > 0 && b > 0) comparison.add(a, b);
    }
    pairs++;
    options.onPair?.({
      pairs,
      decided: [...comparisons.values()].filter((each) => each.decision().outcome !== 'undecided')
        .length,
      checks: comparisons.size,
      elapsedMs: now() - started,
      timeLimitMs: options.timeLimitMs,
    });
    if (comparisons.size === 0) break;
  }

  const verdicts = [...(comparisons ?? new Map<MetricStatistic, PairedComparison>())].map(
    ([check, comparison]): ReportVerdict => {
      const naming = {
        subject: options.subject,
        metric: check.metric,
        statistic: check.statistic,
        unit: unitOf(check.metric),
        check: 'interleaved' as const,
      };
      if (comparison.pairs === 0) {
        // Measured on one page only: there is no difference to speak of, not even zero.
        return {
          ...naming,
          outcome: 'inconclusive',
          hints: [`no pair of runs measured ${check.metric} on both pages, so it was not compared`],
        };
      }
      const decision = comparison.decision();
      const hints: string[] = [];
      if (decision.outcome === 'undecided') {
        hints.push(
          `undecided after ${comparison.pairs} pairs: the change is too close to the ${(options.threshold * 100).toFixed(0)} % threshold or the runs too noisy; allow more time (--time-limit) or longer runs (--duration)`,
        );
      }
      return {
        ...naming,
        outcome: decision.outcome === 'undecided' ? 'inconclusive' : decision.outcome,
        baseline: median(comparison.baseline),
        candidate: median(comparison.candidate),
        delta: decision.delta,
        interval: decision.interval,
        confidence: decision.confidence,
        rule: `fails above +${(options.threshold * 100).toFixed(0)} %`,
        samples: { baseline: [...comparison.baseline], candidate: [...comparison.candidate] },
        hints,
      };
    },
  );
  return { verdicts, pairs, durationMs: now() - started, unmeasured };
}
