/**
 * Which metrics decide an interleaved A/B comparison, and why. By default the CLI decides on CPU
 * time read from outside the page (`cpu.thread`, and `cpu.gpu` when the GPU is software), which
 * leaves out the time the OS gave to other programs, so that a busy machine is not taken for
 * slower code; the wall-clock metrics the page measures (`cpu p10`, `gpu p10`) are reported
 * beside them without deciding. Where CPU time cannot be read, the wall-clock metric decides,
 * and the report says so.
 */
import type { BrowserProbe } from './browser-probe.js';
import { checkName } from './checks.js';
import type { CheckSelection } from './checks.js';
import { formatReportLevel, formatPercent } from '../report/format.js';
import { GPU_PROCESS_CPU, MAIN_THREAD_CPU, median, runValue, unitOf } from './run-statistics.js';
import type { MetricStatistic } from './run-statistics.js';
import type { WindowSummary } from '../types.js';
import type { Settings } from './settings.js';

/** The checks of a comparison: those that decide, and those only reported. */
export interface DecidingChecks {
  /** Checks that decide; the error budget is split over these. */
  checks: MetricStatistic[];
  /** Checks whose levels are reported beside, without deciding. */
  reported: MetricStatistic[];
  /** Which checks decide and why, for the console and the report. */
  notes: string[];
}

const WALL_CPU: MetricStatistic = { metric: 'cpu', statistic: 'p10' };
const WALL_GPU: MetricStatistic = { metric: 'gpu', statistic: 'p10' };
const THREAD_CPU: MetricStatistic = { metric: MAIN_THREAD_CPU, statistic: 'mean' };
const GPU_CPU: MetricStatistic = { metric: GPU_PROCESS_CPU, statistic: 'mean' };

const isCheck = (check: MetricStatistic, other: MetricStatistic): boolean =>
  check.metric === other.metric && check.statistic === other.statistic;

/**
 * The deciding checks for `selection` on a browser that `probe` describes. Checks asked for
 * (flag or config) decide as given; the defaults decide on CPU time where it can be read.
 */
export function decidingChecks(
  selection: CheckSelection,
  probe: Pick<BrowserProbe, 'mainThreadTime' | 'gpuProcessTime'>,
): DecidingChecks {
  if (selection.requested) {
    return {
      checks: [...selection.checks],
      reported: [],
      notes: [`decided on ${selection.checks.map(checkName).join(', ')}, as asked (--metric)`],
    };
  }
  const checks: MetricStatistic[] = [];
  const reported: MetricStatistic[] = [];
  const notes: string[] = [];
  for (const check of selection.checks) {
    if (isCheck(check, THREAD_CPU)) {
      if (probe.mainThreadTime) {
        checks.push(check);
        reported.push(WALL_CPU);
        notes.push(
          `decided on ${checkName(check)}: the renderer main thread's CPU time per frame, which leaves out time the OS gave to other programs, so a busy machine does not look like slower code; wall-clock ${checkName(WALL_CPU)} is reported, not deciding`,
        );
      } else {
        checks.push(WALL_CPU);
        notes.push(
          `decided on wall-clock ${checkName(WALL_CPU)}: this browser gives no main-thread CPU time (DevTools Performance.getMetrics has no ThreadTime), so time the OS gave to other programs counts as the page's; keep the machine quiet while it runs`,
        );
      }
    } else if (isCheck(check, WALL_GPU) && probe.gpuProcessTime) {
      reported.push(check);
    } else {
      checks.push(check);
    }
  }
  if (probe.gpuProcessTime) {
    checks.push(GPU_CPU);
    notes.push(
      `decided on ${checkName(GPU_CPU)}: the CPU time of the GPU process's threads per frame; the renderer is software, so that is the GPU work, without time the OS gave to other programs` +
        (reported.some((each) => isCheck(each, WALL_GPU))
          ? `; wall-clock ${checkName(WALL_GPU)} (timer queries) is reported, not deciding`
          : ''),
    );
  }
  return { checks, reported, notes };
}

/**
 * True when every check is CPU time read from outside the page (`cpu.thread`, `cpu.gpu`): time
 * the OS gave to other programs, another page included, is not in them.
 */
function onlyCpuTime(checks: readonly MetricStatistic[]): boolean {
  return (
    checks.length > 0 &&
    checks.every((check) => check.metric === MAIN_THREAD_CPU || check.metric === GPU_PROCESS_CPU)
  );
}

/**
 * A reported (not deciding) check in one line: the arms' medians and the median of the pairs'
 * changes, e.g. `wall-clock cpu p10, reported, not deciding: 6.20 ms → 7.96 ms, +28.4 % (median
 * of 6 pairs)`; undefined when no pair measured it.
 */
export function reportedLine(
  check: MetricStatistic,
  pairs: readonly { baseline: readonly WindowSummary[]; candidate: readonly WindowSummary[] }[],
): string | undefined {
  const levels = pairs.flatMap(({ baseline, candidate }) => {
    const a = runValue(baseline, check);
    const b = runValue(candidate, check);
    return a !== undefined && b !== undefined && a > 0 && b > 0 ? [{ a, b }] : [];
  });
  if (levels.length === 0) return undefined;
  const unit = unitOf(check.metric);
  const change = Math.expm1(median(levels.map(({ a, b }) => Math.log(b / a))));
  return `wall-clock ${checkName(check)}, reported, not deciding: ${formatReportLevel(median(levels.map(({ a }) => a)), unit)} → ${formatReportLevel(median(levels.map(({ b }) => b)), unit)}, ${formatPercent(change)} (median of ${levels.length} ${levels.length === 1 ? 'pair' : 'pairs'})`;
}

/**
 * Whether the arms of an A/B run side by side, and the report's note on it. By default they do
 * when every judged metric (deciding checks and budgets) is CPU time, which a page beside does
 * not inflate; wall-clock metrics would count the other page's work, so then the runs
 * alternate.
 */
export function armsOf(
  settings: Pick<Settings, 'arms'>,
  judged: readonly MetricStatistic[],
): { parallel: boolean; note: string } {
  const cpuTime = onlyCpuTime(judged);
  const parallel = settings.arms === undefined ? cpuTime : settings.arms === 'parallel';
  const asked = settings.arms === undefined ? '' : ' (--arms)';
  if (parallel) {
    return {
      parallel,
      note:
        `both pages of a pair ran at the same time, in two browsers that swap pages every pair${asked}: ` +
        (cpuTime
          ? 'CPU time does not count the other page, and both arms meet the machine in the same state'
          : 'wall-clock metrics then count time the other page took; prefer --arms alternate for them'),
    };
  }
  return {
    parallel,
    note: `the pages of a pair ran one after the other, in alternating order${asked || ': wall-clock metrics are judged (a deciding metric or a budget), and a page running beside would slow them'}`,
  };
}
