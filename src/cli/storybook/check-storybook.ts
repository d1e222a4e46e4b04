/**
 * The CI mode's measuring and judging: every story of a built Storybook (or those a filter
 * keeps) is loaded in headless Chromium and mounted afresh run after run; after each run its
 * levels are judged against the reference (a baseline), and the story stops once every tested
 * level is decided, or after `maxRuns`. The tests are anytime-valid, so stopping early is honest.
 * The renderer main thread's CPU time is read around each mount (thread-time.ts); where the
 * baseline has those levels too (a baseline saved by the CLI), they are tested in place of the
 * wall-clock levels they replace.
 */
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import type { Baseline } from '../../baseline/baseline.js';
import { LEVEL_SPECS } from '../../storybook/levels.js';
import { DEFAULT_PARAMETERS } from '../../storybook/parameters.js';
import { referenceFromBaseline } from '../../storybook/reference.js';
import type { LevelReference } from '../../storybook/reference.js';
import type { LevelKey, StoryRun } from '../../storybook/run.js';
import { isDecided, judgeStory, replacedLevels } from '../../storybook/verdict.js';
import type { StoryVerdict } from '../../storybook/verdict.js';
import type { IndexedStory } from './story-index.js';
import { openStoryInContext } from './story-page.js';
import type { OpenedStory } from './story-page.js';
import { measureMount, threadClockOf, threadLevelNote } from './thread-time.js';

/** How a Storybook is driven story by story: shared by a check and an A/B of two builds. */
export interface StoryRunSettings {
  stories: readonly IndexedStory[];
  browser: Browser;
  /** Most runs (pairs, in an A/B) per story (default: the story's `parameters.perfwarden.runs`). */
  maxRuns?: number;
  /** Fewest runs (pairs) before a decided story may stop early. Default 3. */
  minRuns?: number;
  /** Measured ms per run (default: the story's `parameters.perfwarden.duration`). */
  duration?: number;
  /** Smallest relative slowdown that fails; smaller changes are ignored. Default 0.1. */
  margin?: number;
  /** False-alarm probability of the whole run, split over stories and tested levels. Default 0.05. */
  alpha?: number;
  /** A script run in every page before the Storybook loads (mocks, flags, auth). */
  initScript?: string;
  /** Longest wait for one run, ms. Default 30 000. */
  timeout?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** Settings of a check. */
export interface StorybookCheckOptions extends StoryRunSettings {
  /** Root URL of the Storybook (its `index.json` and `iframe.html` are under it). */
  baseUrl: string;
  /** The reference; without it every tested level is `no-reference` (capture runs). */
  baseline?: Baseline;
}

/** What a check measured and decided. */
export interface StorybookCheckResult {
  verdicts: StoryVerdict[];
  runs: StoryRun[];
  /** Stories skipped by `parameters.perfwarden.mode: 'off'`. */
  skipped: string[];
  /** Most runs any story took. */
  maxRunsTaken: number;
  /** What the report should say about how the stories were judged. */
  notes: string[];
}

/** Fewest runs before a decided story stops, by default. */
export const DEFAULT_MIN_RUNS = 3;
const DEFAULT_ALPHA = 0.05;
const DEFAULT_TIMEOUT = 30_000;
/**
 * The levels of `run` tested against `reference` (those it has, less those tested in place of
 * others): the story's share of alpha is split over them.
 */
function testedLevelsOf(
  run: StoryRun | undefined,
  reference: (key: LevelKey) => LevelReference | undefined,
): LevelKey[] {
  if (!run) return [];
  const replaced = replacedLevels([run], (key) => reference(key) !== undefined);
  return LEVEL_SPECS.filter(
    (spec) => spec.tested && !replaced.has(spec.key) && run.levels[spec.key] !== undefined,
  ).map((spec) => spec.key);
}

/**
 * The progress line of a finished story: `charts-bar-chart--default: 8 runs in 6.1 s, ok`, or
 * `…: FAIL cpu p50, render p50`.
 */
export function storyProgress(
  storyId: string,
  taken: string,
  startedAt: number,
  verdicts: readonly { outcome: string; metric: string; statistic: string }[],
): string {
  const failed = verdicts.filter((verdict) => verdict.outcome === 'fail');
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  return `${storyId}: ${taken} in ${seconds} s, ${failed.length ? `FAIL ${failed.map((v) => `${v.metric} ${v.statistic}`).join(', ')}` : 'ok'}`;
}

/** The verdict of a story that could not be measured: it fails, naming why. */
export function failedToRun(story: IndexedStory, error: unknown): StoryVerdict {
  return {
    subject: story.id,
    metric: 'story',
    statistic: 'run',
    unit: '',
    check: 'baseline',
    outcome: 'fail',
    state: 'regressed',
    rule: 'the story must render and report runs',
    hints: [error instanceof Error ? error.message : String(error)],
  };
}

/** Measures and judges every story in `options.stories`. */
export async function checkStorybook(
  options: StorybookCheckOptions,
): Promise<StorybookCheckResult> {
  const { stories, browser, baseline, log = () => undefined } = options;
  const minRuns = options.minRuns ?? DEFAULT_MIN_RUNS;
  const storyAlpha = (options.alpha ?? DEFAULT_ALPHA) / Math.max(1, stories.length);
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const initScript = options.initScript ? await readFile(options.initScript, 'utf8') : undefined;
  const result: StorybookCheckResult = {
    verdicts: [],
    runs: [],
    skipped: [],
    maxRunsTaken: 0,
    notes: [],
  };

  for (const story of stories) {
    const startedAt = performance.now();
    let storyPage: OpenedStory | undefined;
    try {
      storyPage = await openStoryInContext(browser, options.baseUrl, story.id, {
        timeout,
        ...(initScript ? { initScript } : {}),
      });
      const clock = await threadClockOf(storyPage.page);
      const reference = (key: LevelKey) => referenceFromBaseline(baseline, story.id, key);
      // The first mount warms up (code loaded, JIT, shader compilation) and is not judged. It
      // may be the page's own first mount, whose render was over before the CLI listened: its
      // cpu.thread.render level is then missing, which replaces one level and counts as one.
      const warmUp = await measureMount(storyPage, clock, options.duration);
      if (warmUp.skipped) {
        result.skipped.push(story.id);
        log(`${story.id}: skipped (mode 'off')`);
        continue;
      }
      const parameters = warmUp.run?.parameters ?? DEFAULT_PARAMETERS;
      const alpha = storyAlpha / Math.max(1, testedLevelsOf(warmUp.run, reference).length);
      const maxRuns = options.maxRuns ?? parameters.runs;
      const runs: StoryRun[] = [];
      let verdicts: StoryVerdict[] = [];
      while (runs.length < maxRuns) {
        const { run } = await measureMount(storyPage, clock, options.duration);
        if (run) runs.push(run);
        verdicts = judgeStory(
          { storyId: story.id, parameters, runs, reference },
          { alpha, ...(options.margin === undefined ? {} : { margin: options.margin }) },
        );
        if (runs.length >= minRuns && baseline && isDecided(verdicts)) break;
      }
      const judged = testedLevelsOf(runs.at(-1), reference).filter((key) => reference(key));
      const note = threadLevelNote(new Set(judged));
      if (note && !result.notes.includes(note)) result.notes.push(note);
      result.runs.push(...runs);
      result.verdicts.push(...verdicts);
      result.maxRunsTaken = Math.max(result.maxRunsTaken, runs.length);
      log(storyProgress(story.id, `${runs.length} runs`, startedAt, verdicts));
    } catch (error) {
      result.verdicts.push(failedToRun(story, error));
      log(`${story.id}: FAIL ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await storyPage?.close();
    }
  }
  return result;
}
