/**
 * One measured run of a story: what the preview sends after each mount (or re-render), and how
 * the windows of the run's monitor become its levels.
 */
import { histogramFromJSON } from '../stats/histogram.js';
import type { GpuRendererInfo } from '../types.js';
import type { ClosedWindow } from '../analysis/windows.js';
import type { ResolvedPerfwardenParameters } from './parameters.js';

/**
 * A story level: `render p50` (first render of the run, ms), `rerender p50`, `cpu p50`,
 * `cpu p95`, `frame p50`, `gpu p50` (ms per frame), `longtask rate` (ms of long animation
 * frames per second), `event p95` (interaction latency, ms).
 */
export type LevelKey =
  | 'render p50'
  | 'rerender p50'
  | 'cpu p50'
  | 'cpu p95'
  | 'frame p50'
  | 'gpu p50'
  | 'longtask rate'
  | 'event p95';

/** One run of one story, as the preview measured it. */
export interface StoryRun {
  storyId: string;
  /** `mount`: a fresh render followed by `duration` ms of frames; `rerender`: an args change. */
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
): Partial<Record<LevelKey, number>> {
  const levels: Partial<Record<LevelKey, number>> = {};
  for (const [metric, statistics] of PER_FRAME) {
    const [first, ...rest] = windows.filter((window) => window.metric === metric);
    if (!first) continue;
    const merged = histogramFromJSON(first.histogram);
    for (const window of rest) merged.merge(window.histogram);
    for (const statistic of statistics) {
      levels[`${metric} ${statistic}` as LevelKey] = merged.quantile(
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
