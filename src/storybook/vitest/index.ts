/**
 * `perfwarden/storybook/vitest`: perfwarden's verdicts as test results of the stories that
 * `@storybook/addon-vitest` runs (`vitest --project=storybook`). Register
 * {@link storyPerformanceTest} as an `afterEach` in the project's setup file: after each story's
 * test (render and play), it mounts the story again run after run, with the add-on's preview
 * measuring each run as in Storybook, judges every tested level against the stored baseline,
 * and fails the test on a confident regression (or an exceeded budget) of a story in mode
 * `'error'`. With `update: true` it captures instead: the runs are merged into the baseline file.
 *
 * @packageDocumentation
 */
import { addons } from 'storybook/preview-api';
import { commands } from 'vitest/browser';
import { mergeBaselines, parseBaseline } from '../../baseline/baseline.js';
import type { Baseline } from '../../baseline/baseline.js';
import { verdictSummary } from '../../report/format.js';
import { invalidOption } from '../../validate.js';
import { EVENTS, PARAMETER_KEY } from '../constants.js';
import { LEVEL_SPECS } from '../levels.js';
import { resolveParameters } from '../parameters.js';
import { baselineFromRuns, referenceFromBaseline } from '../reference.js';
import type { StoryRun } from '../run.js';
import { DEFAULT_ALPHA, DEFAULT_MARGIN, isDecided, judgeStory } from '../verdict.js';
import type { StoryVerdict } from '../verdict.js';

/** Options of {@link storyPerformanceTest}. */
export interface StoryPerformanceOptions {
  /**
   * The baseline file, as Vitest's `commands.readFile` resolves it (relative to the test file:
   * the stories' file). Captured by this test with `update: true`, in the same environment.
   */
  baseline: string;
  /** Capture: merge this run's levels into the baseline file instead of judging. Default false. */
  update?: boolean;
  /** Most runs per story. Default: the story's `parameters.perfwarden.runs`. */
  runs?: number;
  /** Fewest runs before a decided story stops. Default 3. */
  minRuns?: number;
  /** Relative change ignored. Default 0.1. */
  margin?: number;
  /** False-alarm probability of each story's test, split over its tested levels. Default 0.01. */
  alpha?: number;
  /** Longest wait for one run, ms. Default 30 000 plus the story's duration. */
  timeout?: number;
}

/** What the hook reads of Vitest's test context: the addon's composed story, the task. */
export interface StoryTestContext {
  story?: {
    id: string;
    parameters?: Record<string, unknown>;
    run(): Promise<unknown>;
  };
  task: { meta: object; result?: { state?: string } };
}

/** What the hook leaves in `task.meta.perfwarden`, for reporters. */
export interface StoryPerformanceResult {
  storyId: string;
  runs: StoryRun[];
  verdicts: StoryVerdict[];
}

const DEFAULT_MIN_RUNS = 3;
const DEFAULT_TIMEOUT = 30_000;

/** The next run of `storyId` the preview reports, or a rejection after `timeout` ms. */
function nextRun(storyId: string, timeout: number): Promise<StoryRun> {
  const channel = addons.getChannel();
  return new Promise((resolve, reject) => {
    const listener = (run: StoryRun): void => {
      if (run.storyId !== storyId || run.kind !== 'mount') return;
      clearTimeout(timer);
      channel.off(EVENTS.run, listener);
      resolve(run);
    };
    const timer = setTimeout(() => {
      channel.off(EVENTS.run, listener);
      reject(new Error(`perfwarden: ${storyId} reported no run within ${timeout} ms`));
    }, timeout);
    channel.on(EVENTS.run, listener);
  });
}

async function readBaseline(path: string): Promise<Baseline | undefined> {
  let text: string;
  try {
    text = await commands.readFile(path);
  } catch {
    return undefined;
  }
  return parseBaseline(text);
}

function validateOptions(options: StoryPerformanceOptions): void {
  const where = 'storyPerformanceTest';
  if (typeof options.baseline !== 'string' || options.baseline === '') {
    invalidOption(where, 'baseline', 'a file path', options.baseline);
  }
  for (const name of ['runs', 'minRuns', 'timeout'] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
      invalidOption(where, name, 'a positive integer', value);
    }
  }
  for (const name of ['margin', 'alpha'] as const) {
    const value = options[name];
    if (value !== undefined && !(typeof value === 'number' && value > 0 && value < 1)) {
      invalidOption(where, name, 'a number in (0, 1)', value);
    }
  }
}

/**
 * A Vitest `afterEach` hook that measures and judges each story (see the module). Without a
 * baseline file, or a story the baseline lacks, levels are only recorded.
 *
 * @example
 * ```ts
 * // .storybook/vitest.setup.ts
 * import { afterEach } from 'vitest';
 * import { storyPerformanceTest } from 'perfwarden/storybook/vitest';
 *
 * afterEach(
 *   storyPerformanceTest({
 *     baseline: '../perf/storybook-baseline.json',
 *     update: import.meta.env['VITE_PERFWARDEN_UPDATE'] === '1',
 *   }),
 * );
 * ```
 */
export function storyPerformanceTest(
  options: StoryPerformanceOptions,
): (context: StoryTestContext) => Promise<void> {
  validateOptions(options);
  return async (context) => {
    const story = context.story;
    // A story whose own test failed (render or play) has nothing to measure.
    if (!story || context.task.result?.state === 'fail') return;
    const parameters = resolveParameters(story.parameters?.[PARAMETER_KEY]);
    if (parameters.mode === 'off') return;
    const baseline = options.update ? undefined : await readBaseline(options.baseline);
    const timeout = (options.timeout ?? DEFAULT_TIMEOUT) + parameters.duration;
    const maxRuns = options.runs ?? parameters.runs;
    const minRuns = options.minRuns ?? DEFAULT_MIN_RUNS;
    const runs: StoryRun[] = [];
    let verdicts: StoryVerdict[] = [];
    let alpha = options.alpha ?? DEFAULT_ALPHA;
    // The test's own mount warmed the story up; every further mount is a run.
    while (runs.length < maxRuns) {
      const measured = nextRun(story.id, timeout);
      await story.run();
      const run = await measured;
      if (runs.length === 0) {
        const tested = LEVEL_SPECS.filter(
          (spec) => spec.tested && run.levels[spec.key] !== undefined,
        ).length;
        alpha /= Math.max(1, tested);
      }
      runs.push(run);
      verdicts = judgeStory(
        {
          storyId: story.id,
          parameters,
          runs,
          reference: (key) => referenceFromBaseline(baseline, story.id, key),
        },
        { alpha, margin: options.margin ?? DEFAULT_MARGIN },
      );
      if (baseline && runs.length >= minRuns && isDecided(verdicts)) break;
    }
    const result: StoryPerformanceResult = { storyId: story.id, runs, verdicts };
    Object.assign(context.task.meta, { perfwarden: result });
    if (options.update) {
      const earlier = await readBaseline(options.baseline);
      const captured = baselineFromRuns(runs, new Date(), earlier?.window);
      const merged = earlier ? mergeBaselines(earlier, captured) : captured;
      await commands.writeFile(options.baseline, `${JSON.stringify(merged, null, 2)}\n`);
      return;
    }
    const failed = verdicts.filter((verdict) => verdict.outcome === 'fail');
    if (failed.length > 0) {
      throw new Error(
        `perfwarden: ${story.id} got slower\n${failed
          .map(
            (verdict) =>
              `  ${verdict.metric} ${verdict.statistic}: ${verdictSummary(verdict)}${verdict.hints.length ? ` (${verdict.hints.join(' ')})` : ''}`,
          )
          .join('\n')}`,
      );
    }
  };
}
