/**
 * What is judged of a story, and how: each level's metric, statistic and unit, whether it is
 * tested against the reference (log-scale, strictly positive) or only reported, and which
 * budget limits it.
 */
import type { DetectionStatistic } from '../types.js';
import type { PerfwardenBudget } from './parameters.js';
import type { LevelKey } from './run.js';

/** How one level of a story is judged. */
export interface LevelSpec {
  key: LevelKey;
  metric: string;
  /** `max`: the run's largest value (INP), never tested. */
  statistic: DetectionStatistic | 'max';
  unit: string;
  /**
   * Tested against the reference. Frame intervals are vsync-quantized (a slower frame often
   * keeps its 16.7 ms), long-frame time and interaction latency are mostly zero in a story:
   * those are reported and budgeted, not tested.
   */
  tested: boolean;
  budget?: keyof PerfwardenBudget;
  /**
   * The wall-clock levels this one is tested in place of, when both the runs and the
   * reference have it.
   */
  replaces?: readonly LevelKey[];
}

/**
 * Every level, in the order reports show them. The `cpu.thread.` levels are the renderer main
 * thread's CPU time, which the CLI reads through DevTools around each mount (the page cannot):
 * from the mount request to the end of the render's first frame, over the whole run, and from
 * that frame to the end of the play function. Time the OS gave to other programs is not in
 * them, and two pages' renderer processes do not differ in them as their wall-clock times can,
 * so they are tested in place of the wall-clock levels they measure.
 */
export const LEVEL_SPECS: readonly LevelSpec[] = [
  {
    key: 'cpu.thread.render level',
    metric: 'cpu.thread.render',
    statistic: 'level',
    unit: 'ms',
    tested: true,
    replaces: ['render p50'],
  },
  {
    key: 'cpu.thread.total level',
    metric: 'cpu.thread.total',
    statistic: 'level',
    unit: 'ms',
    tested: true,
    replaces: ['cpu p50', 'cpu p95'],
  },
  {
    key: 'cpu.thread.play level',
    metric: 'cpu.thread.play',
    statistic: 'level',
    unit: 'ms',
    tested: true,
    replaces: ['play.cpu p50', 'play.cpu p95', 'play.event p95'],
  },
  {
    key: 'render p50',
    metric: 'render',
    statistic: 'p50',
    unit: 'ms',
    tested: true,
    budget: 'render',
  },
  {
    key: 'rerender p50',
    metric: 'rerender',
    statistic: 'p50',
    unit: 'ms',
    tested: true,
    budget: 'rerender',
  },
  { key: 'cpu p50', metric: 'cpu', statistic: 'p50', unit: 'ms', tested: true, budget: 'cpu' },
  { key: 'cpu p95', metric: 'cpu', statistic: 'p95', unit: 'ms', tested: true },
  { key: 'gpu p50', metric: 'gpu', statistic: 'p50', unit: 'ms', tested: true, budget: 'gpu' },
  { key: 'frame p50', metric: 'frame', statistic: 'p50', unit: 'ms', tested: false },
  {
    key: 'longtask rate',
    metric: 'longtask',
    statistic: 'rate',
    unit: 'ms/s',
    tested: false,
    budget: 'longtask',
  },
  { key: 'event p95', metric: 'event', statistic: 'p95', unit: 'ms', tested: false },
  // While the play function runs: what a user of the component feels when they interact.
  { key: 'play.cpu p50', metric: 'play.cpu', statistic: 'p50', unit: 'ms', tested: true },
  { key: 'play.cpu p95', metric: 'play.cpu', statistic: 'p95', unit: 'ms', tested: true },
  { key: 'play.gpu p50', metric: 'play.gpu', statistic: 'p50', unit: 'ms', tested: true },
  // Input latency is never zero in a scripted interaction: it is tested, unlike `event p95`.
  { key: 'play.event p95', metric: 'play.event', statistic: 'p95', unit: 'ms', tested: true },
  { key: 'play.inp max', metric: 'play.inp', statistic: 'max', unit: 'ms', tested: false },
  { key: 'play.frame p50', metric: 'play.frame', statistic: 'p50', unit: 'ms', tested: false },
  {
    key: 'play.longtask rate',
    metric: 'play.longtask',
    statistic: 'rate',
    unit: 'ms/s',
    tested: false,
  },
  {
    key: 'play.duration level',
    metric: 'play.duration',
    statistic: 'level',
    unit: 'ms',
    tested: false,
  },
];
