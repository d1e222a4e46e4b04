/**
 * One measured run of a story: what the preview sends after each mount (or re-render), and how
 * the windows of the run's monitor become its levels.
 */
import { histogramFromJSON } from '../stats/histogram.js';
import type { GpuRendererInfo } from '../types.js';
import type { ClosedWindow } from '../analysis/windows.js';
import type { ResolvedPerfwardenParameters } from './parameters.js';

/** A frame level, measured after a mount or while a play function runs. */
type FrameLevelKey =
  'cpu p50' | 'cpu p95' | 'frame p50' | 'gpu p50' | 'longtask rate' | 'event p95';

/**
 * A story level: `render p50` (first render of the run, ms), `rerender p50`, `cpu p50`,
 * `cpu p95`, `frame p50`, `gpu p50` (ms per frame), `longtask rate` (ms of long animation
 * frames per second), `event p95` (interaction latency, ms). The same frame levels prefixed
 * `play.` are measured while the story's `play` function runs, with `play.event p95` and
 * `play.inp max` (the longest interaction: INP for fewer than 50 interactions) timed by the
 * preview from each input event to the end of the next frame's work, and `play.duration level`
 * (ms the play function took). The `cpu.thread.` levels are not the preview's: the CLI reads
 * the renderer main thread's CPU time around each mount (levels.ts).
 */
export type LevelKey =
  | 'cpu.thread.render level'
  | 'cpu.thread.total level'
  | 'cpu.thread.play level'
  | 'render p50'
  | 'rerender p50'
  | FrameLevelKey
  | `play.${FrameLevelKey}`
  | 'play.inp max'
  | 'play.duration level';

/** One run of one story, as the preview measured it. */
export interface StoryRun {
  storyId: string;
  /**
   * `mount`: a fresh render followed by `duration` ms of frames, or by the story's play
   * function (then its levels are the `play.` ones); `rerender`: an args change.
   */
  kind: 'mount' | 'rerender';
  /** When the run ended (perfwarden clock, ms). */
  time: number;
  /** How long frames were measured, ms (0 for a re-render). */
  duration: number;
  /** The levels measured in this run; a level the story did not produce is absent. */
  levels: Partial<Record<LevelKey, number>>;
  /** The story's `parameters.perfwarden`, resolved. */
  parameters: ResolvedPerfwardenParameters;
  /** The WebGL renderer, when the story attached a GPU timer. */
  renderer?: GpuRendererInfo;
}

const PER_FRAME: readonly [metric: string, statistics: readonly ('p50' | 'p95')[]][] = [
  ['cpu', ['p50', 'p95']],
  ['frame', ['p50']],
  ['gpu', ['p50']],
  ['event', ['p95']],
];

/**
 * The frame levels of a run from its monitor's closed windows: per-frame quantiles over the
 * merged histograms of all the run's windows, and long-frame time per second of `duration`.
 */
export function levelsFromWindows(
  windows: readonly ClosedWindow[],
  duration: number,
): Partial<Record<FrameLevelKey, number>> {
  const levels: Partial<Record<FrameLevelKey, number>> = {};
  for (const [metric, statistics] of PER_FRAME) {
    const [first, ...rest] = windows.filter((window) => window.metric === metric);
    if (!first) continue;
    const merged = histogramFromJSON(first.histogram);
    for (const window of rest) merged.merge(window.histogram);
    for (const statistic of statistics) {
      levels[`${metric} ${statistic}` as FrameLevelKey] = merged.quantile(
        statistic === 'p50' ? 0.5 : 0.95,
      );
    }
  }
  // Long animation frames where the browser has them, long tasks elsewhere (never both).
  const loaf = windows.filter((window) => window.metric === 'loaf');
  const long = loaf.length > 0 ? loaf : windows.filter((window) => window.metric === 'longtask');
  const total = long.reduce((sum, window) => sum + window.mean * window.count, 0);
  levels['longtask rate'] = total / (duration / 1000);
  return levels;
}

/**
 * The levels of a run whose story has a play function: its frame levels measured while play ran
 * (prefixed `play.`), with interaction latency from the preview's own timing of input events
 * (`latencies`, ms; the monitor's Event Timing sees no synthetic events), and play's duration.
 */
export function playLevels(
  windows: readonly ClosedWindow[],
  span: number,
  latencies: readonly number[],
  playDuration: number,
): Partial<Record<LevelKey, number>> {
  const levels: Partial<Record<LevelKey, number>> = {};
  const frames = levelsFromWindows(windows, span);
  for (const [key, value] of Object.entries(frames) as [FrameLevelKey, number][]) {
    if (key !== 'event p95') levels[`play.${key}`] = value;
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const p95 = sorted[Math.ceil(0.95 * sorted.length) - 1];
  const longest = sorted.at(-1);
  if (p95 !== undefined) levels['play.event p95'] = p95;
  if (longest !== undefined) levels['play.inp max'] = longest;
  levels['play.duration level'] = playDuration;
  return levels;
}
