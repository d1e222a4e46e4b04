/**
 * A story's reference for one level: where its log values sit and how sure that is. It comes
 * from a stored baseline (an entry with context `{ story }`; one block is one run) or from the
 * earlier runs of the session.
 */
import { BASELINE_FORMAT, BASELINE_VERSION } from '../baseline/baseline.js';
import type { Baseline, BaselineEntry } from '../baseline/baseline.js';
import { LEVEL_SPECS } from './levels.js';
import type { LevelKey, StoryRun } from './run.js';

/** Location of a level's log values, with what it rests on (as in a baseline entry). */
export interface LevelReference {
  /** Mean of the log values. */
  center: number;
  /** Standard deviation of one run's log value. */
  scale: number;
  /** Standard deviation between captured sessions (0 for one). */
  spread: number;
  /** Runs and sessions it rests on. */
  blocks: number;
  runs: number;
  /** Where it came from, for reports: a stored baseline or the session's earlier runs. */
  origin: 'baseline' | 'session';
  /**
   * The same as `origin`.
   *
   * @deprecated Use `origin`: perfwarden's "sources" are what measures (frames, observers).
   */
  source: 'baseline' | 'session';
}

type ReferenceOrigin = LevelReference['origin'];

/** A reference with its origin under both names (`source` stays for existing readers). */
function levelReference(
  levels: Omit<LevelReference, 'origin' | 'source'>,
  origin: ReferenceOrigin,
): LevelReference {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the alias is still filled in
  return { ...levels, origin, source: origin };
}

/** The smallest scale believed: 0.1 % on the log scale (identical or quantized runs). */
const MIN_SCALE = 1e-3;

/** The log values of `key` in `runs`, skipping runs without it. */
export function logValues(runs: readonly StoryRun[], key: LevelKey): number[] {
  const values: number[] = [];
  for (const run of runs) {
    const value = run.levels[key];
    if (value !== undefined && value > 0 && Number.isFinite(value)) values.push(Math.log(value));
  }
  return values;
}

/** A reference from log values measured earlier in the session (undefined with fewer than 2). */
export function referenceFromValues(values: readonly number[]): LevelReference | undefined {
  const n = values.length;
  if (n < 2) return undefined;
  const center = values.reduce((sum, value) => sum + value, 0) / n;
  const variance = values.reduce((sum, value) => sum + (value - center) ** 2, 0) / (n - 1);
  const scale = Math.max(Math.sqrt(variance), MIN_SCALE);
  return levelReference({ center, scale, spread: 0, blocks: n, runs: 1 }, 'session');
}

/** The reference of `key` for `storyId` in a stored baseline, if it has one. */
export function referenceFromBaseline(
  baseline: Baseline | undefined,
  storyId: string,
  key: LevelKey,
): LevelReference | undefined {
  const spec = LEVEL_SPECS.find((candidate) => candidate.key === key);
  const entry = baseline?.entries.find(
    (candidate) =>
      candidate.context['story'] === storyId &&
      candidate.metric === spec?.metric &&
      candidate.statistic === spec.statistic,
  );
  if (!entry) return undefined;
  const { center, scale, spread, blocks, runs } = entry;
  return levelReference({ center, scale, spread, blocks, runs }, 'baseline');
}

/**
 * A one-session baseline of the tested levels of each story in `runs` (at least 2 runs per
 * level): merge several with `mergeBaselines` to let the comparison allow for session spread.
 * `window` (default: the longest run's duration) must equal that of a baseline it joins.
 */
export function baselineFromRuns(
  runs: readonly StoryRun[],
  created = new Date(),
  window = Math.max(1, ...runs.map((run) => run.duration)),
): Baseline {
  const entries: BaselineEntry[] = [];
  const stories = [...new Set(runs.map((run) => run.storyId))];
  for (const storyId of stories) {
    const own = runs.filter((run) => run.storyId === storyId);
    for (const spec of LEVEL_SPECS) {
      if (!spec.tested || spec.statistic === 'max') continue;
      const reference = referenceFromValues(logValues(own, spec.key));
      if (!reference) continue;
      const level = Math.exp(reference.center);
      entries.push({
        metric: spec.metric,
        context: { story: storyId },
        statistic: spec.statistic,
        center: reference.center,
        scale: reference.scale,
        spread: 0,
        blocks: reference.blocks,
        runs: 1,
        levels: { p50: level, p95: level, mean: level },
      });
    }
  }
  return {
    format: BASELINE_FORMAT,
    version: BASELINE_VERSION,
    created: created.toISOString(),
    window,
    entries,
  };
}
