/**
 * Interleaved A/B of two builds of a Storybook (a pull request's and main's), story by story:
 * each story is open in both builds at once, fresh mounts alternate between them (A B, B A, …,
 * so a drift of the machine hits both alike), and each pair of runs adds one difference per
 * tested level to the same anytime-valid paired test as `perfwarden compare`
 * ({@link PairedComparison}). A story stops once every tested level is decided, once one of
 * them fails (every boundary is valid at any pair, so stopping early costs no error), or after
 * its most runs. No stored baseline is needed: the reference is measured beside the candidate.
 *
 * A run of an arm is one mount measured for the story's duration, which gives every level, and
 * for a story without a play function {@link RENDER_MOUNTS_PER_RUN} − 1 more mounts measured
 * only to shortly after their first frame; the render levels of the run are the lowest of all
 * its mounts. Interference on a shared machine (another process on the core, a garbage
 * collection, a late timer) only ever adds time, so the lowest of several mounts is the
 * closest to what the story's render costs, and it varies far less from run to run than one
 * mount does: on a 2-core machine one mount's render of the same story ranged over 2×.
 *
 * Where the browser gives the renderer main thread's CPU time (Chromium), the `cpu.thread.`
 * levels both arms have (thread-time.ts) are tested in place of the wall-clock levels they
 * replace (`LEVEL_SPECS`): time the OS gave to other programs is not in them, so a busy
 * machine does not look like a slower story, they vary far less from run to run, and two
 * pages' renderer processes do not differ in them as their wall-clock times can.
 */
import { readFile } from 'node:fs/promises';
import type { ReportVerdict } from '../../report/types.js';
import { LEVEL_SPECS } from '../../storybook/levels.js';
import type { LevelSpec } from '../../storybook/levels.js';
import { DEFAULT_PARAMETERS } from '../../storybook/parameters.js';
import type { ResolvedPerfwardenParameters } from '../../storybook/parameters.js';
import type { LevelKey, StoryRun } from '../../storybook/run.js';
import { replacedLevels } from '../../storybook/verdict.js';
import { PairedComparison } from '../paired-decision.js';
import { median } from '../run-statistics.js';
import { DEFAULT_MIN_RUNS, failedToRun, storyProgress } from './check-storybook.js';
import type { StoryRunSettings } from './check-storybook.js';
import { openStoryInContext } from './story-page.js';
import type { OpenedStory } from './story-page.js';
import { measureMount, threadClockOf, threadLevelNote } from './thread-time.js';
import type { MeasuredMount } from './thread-time.js';

/** Settings of an A/B of two Storybook builds (the stories are compared in both). */
export interface StorybookAbOptions extends StoryRunSettings {
  /** Root URL of the candidate build. */
  candidateUrl: string;
  /** Root URL of the baseline build. */
  baselineUrl: string;
}

/** What an A/B measured and decided. */
export interface StorybookAbResult {
  /** One verdict per story and tested level (`check: 'interleaved'`). */
  verdicts: ReportVerdict[];
  /** The candidate's runs (what `--save-baseline` keeps). */
  runs: StoryRun[];
  /** Stories skipped by `parameters.perfwarden.mode: 'off'`. */
  skipped: string[];
  /** Most pairs any story took. */
  maxRunsTaken: number;
  /** What the report should say about how the stories were judged. */
  notes: string[];
}

const DEFAULT_ALPHA = 0.05;
const DEFAULT_TIMEOUT = 30_000;
/**
 * The smallest slowdown that fails in an A/B by default: 5 %, as `perfwarden compare`'s A/B
 * threshold. Both builds are measured side by side in one session, so no difference between
 * sessions has to be ignored, which is what the 10 % margin against a stored baseline is for.
 */
export const DEFAULT_AB_MARGIN = 0.05;
/**
 * Mounts per run of an arm whose render counts, for a story without a play function: the
 * lowest of 8 renders varied about half as much as the lowest of 3 on a shared 2-core machine.
 */
export const RENDER_MOUNTS_PER_RUN = 8;
/** How long the extra render mounts are measured, ms: their frames are not judged. */
const RENDER_MOUNT_MS = 50;

/** The two arms of a story: the same story open in each build. */
interface Arms {
  baseline: OpenedStory;
  candidate: OpenedStory;
}

/** A tested level of a story and its comparison. */
interface TestedLevel {
  spec: LevelSpec;
  comparison: PairedComparison;
}

/** The render levels: for them the lowest of every mount of a run counts. */
const RENDER_LEVELS: ReadonlySet<LevelKey> = new Set(['render p50', 'cpu.thread.render level']);

/**
 * A run's value of `level`: for a render level the lowest of its mounts that have it, for the
 * others the value of its first mount (the one measured for the story's duration).
 */
function runValue(level: TestedLevel, mounts: readonly MeasuredMount[]): number | undefined {
  const { key } = level.spec;
  let lowest: number | undefined;
  for (const mount of RENDER_LEVELS.has(key) ? mounts : mounts.slice(0, 1)) {
    const value = mount.run?.levels[key];
    if (value !== undefined && value > 0 && (lowest === undefined || value < lowest)) {
      lowest = value;
    }
  }
  return lowest;
}

/**
 * The tested levels both warm-up runs produced, each with its share of `alpha`: a level with
 * `replaces` (the thread's CPU time) that both arms gave is tested in place of the wall-clock
 * levels it replaces.
 */
function testedLevels(
  baseline: MeasuredMount,
  candidate: MeasuredMount,
  alpha: number,
  margin: number,
): TestedLevel[] {
  const both = (key: LevelKey): boolean =>
    baseline.run?.levels[key] !== undefined && candidate.run?.levels[key] !== undefined;
  const replaced = replacedLevels(candidate.run ? [candidate.run] : [], both);
  const specs = LEVEL_SPECS.filter(
    (spec) => spec.tested && !replaced.has(spec.key) && both(spec.key),
  );
  const share = alpha / Math.max(1, specs.length);
  return specs.map((spec) => ({ spec, comparison: new PairedComparison(share, margin) }));
}

function verdictOf(
  storyId: string,
  level: TestedLevel,
  parameters: ResolvedPerfwardenParameters,
  margin: number,
): ReportVerdict {
  const { comparison } = level;
  const decision = comparison.decision();
  // A regression in a story with mode 'warn' is shown, never failing.
  const outcome =
    decision.outcome === 'undecided'
      ? 'inconclusive'
      : decision.outcome === 'fail' && parameters.mode !== 'error'
        ? 'inconclusive'
        : decision.outcome;
  return {
    subject: storyId,
    metric: level.spec.metric,
    statistic: level.spec.statistic,
    unit: level.spec.unit,
    check: 'interleaved',
    outcome,
    baseline: median(comparison.baseline),
    candidate: median(comparison.candidate),
    delta: decision.delta,
    interval: decision.interval,
    confidence: decision.confidence,
    rule: `fails above +${(margin * 100).toFixed(0)} %`,
    samples: { baseline: [...comparison.baseline], candidate: [...comparison.candidate] },
    hints:
      decision.outcome === 'undecided'
        ? [`undecided after ${comparison.pairs} pairs: allow more runs (--runs)`]
        : decision.outcome === 'fail' && parameters.mode !== 'error'
          ? ["a regression, shown only: the story's mode is 'warn'"]
          : [],
  };
}

/** Notes for the report: how a run's levels were taken, and which thread levels decided. */
function levelNotes(levels: readonly TestedLevel[], renderMounts: number): string[] {
  const notes =
    renderMounts > 1
      ? [
          `the render levels of a run are the lowest of its ${String(renderMounts)} fresh mounts ` +
            '(interference on the machine only makes a render slower); its other levels come ' +
            "from the first mount, measured for the story's duration",
        ]
      : [];
  const thread = threadLevelNote(new Set(levels.map((level) => level.spec.key)));
  if (thread) notes.push(thread);
  return notes;
}

/** Measures every story in both builds, interleaved, and judges each tested level. */
export async function abStorybooks(options: StorybookAbOptions): Promise<StorybookAbResult> {
  const { stories, browser, log = () => undefined } = options;
  const minRuns = options.minRuns ?? DEFAULT_MIN_RUNS;
  const margin = options.margin ?? DEFAULT_AB_MARGIN;
  const storyAlpha = (options.alpha ?? DEFAULT_ALPHA) / Math.max(1, stories.length);
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const initScript = options.initScript ? await readFile(options.initScript, 'utf8') : undefined;
  const open = (baseUrl: string, storyId: string): Promise<OpenedStory> =>
    openStoryInContext(browser, baseUrl, storyId, {
      timeout,
      ...(initScript ? { initScript } : {}),
    });
  const result: StorybookAbResult = {
    verdicts: [],
    runs: [],
    skipped: [],
    maxRunsTaken: 0,
    notes: [],
  };

  for (const story of stories) {
    const startedAt = performance.now();
    const opened: OpenedStory[] = [];
    try {
      const baseline = await open(options.baselineUrl, story.id);
      opened.push(baseline);
      const candidate = await open(options.candidateUrl, story.id);
      opened.push(candidate);
      const arms: Arms = { baseline, candidate };
      const clocks = {
        baseline: await threadClockOf(baseline.page),
        candidate: await threadClockOf(candidate.page),
      };
      const measure = (arm: keyof Arms, duration = options.duration): Promise<MeasuredMount> =>
        measureMount(arms[arm], clocks[arm], duration);
      // Two warm-up mounts per build (code loaded, JIT, shaders), not judged: the first may be
      // the page's own first mount, still running when it is asked for, whose render was over
      // before the CLI listened.
      await measure('baseline');
      await measure('candidate');
      const warmUp = { baseline: await measure('baseline'), candidate: await measure('candidate') };
      if (warmUp.candidate.skipped || warmUp.baseline.skipped) {
        result.skipped.push(story.id);
        log(`${story.id}: skipped (mode 'off')`);
        continue;
      }
      const parameters = warmUp.candidate.run?.parameters ?? DEFAULT_PARAMETERS;
      const levels = testedLevels(warmUp.baseline, warmUp.candidate, storyAlpha, margin);
      // A play function runs at every mount: its stories take one mount per run.
      const hasPlay = warmUp.candidate.run?.levels['play.duration level'] !== undefined;
      const mounts = hasPlay ? 1 : RENDER_MOUNTS_PER_RUN;
      for (const note of levelNotes(levels, mounts)) {
        if (!result.notes.includes(note)) result.notes.push(note);
      }
      const maxRuns = options.maxRuns ?? parameters.runs;
      const outcomes = (): string[] => levels.map((level) => level.comparison.decision().outcome);
      const settled = (): boolean =>
        outcomes().includes('fail') || !outcomes().includes('undecided');
      let pairs = 0;
      while (pairs < maxRuns && !(pairs >= minRuns && settled())) {
        // Mounts alternate between the builds (A B, B A, …) so a drift hits both alike.
        const runs: Record<keyof Arms, MeasuredMount[]> = { baseline: [], candidate: [] };
        for (let mount = 0; mount < mounts; mount++) {
          const order =
            (pairs * mounts + mount) % 2 === 0
              ? (['baseline', 'candidate'] as const)
              : (['candidate', 'baseline'] as const);
          for (const arm of order) {
            runs[arm].push(await measure(arm, mount === 0 ? options.duration : RENDER_MOUNT_MS));
          }
        }
        pairs++;
        const [measured] = runs.candidate;
        if (measured?.run) result.runs.push(measured.run);
        for (const level of levels) {
          const a = runValue(level, runs.baseline);
          const b = runValue(level, runs.candidate);
          if (a !== undefined && b !== undefined) level.comparison.add(a, b);
        }
      }
      const verdicts = levels
        .filter((level) => level.comparison.pairs > 0)
        .map((level) => verdictOf(story.id, level, parameters, margin));
      result.verdicts.push(...verdicts);
      result.maxRunsTaken = Math.max(result.maxRunsTaken, pairs);
      log(storyProgress(story.id, `${pairs} pairs`, startedAt, verdicts));
    } catch (error) {
      result.verdicts.push(failedToRun(story, error));
      log(`${story.id}: FAIL ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await Promise.all(opened.map((each) => each.close()));
    }
  }
  return result;
}
