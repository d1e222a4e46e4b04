/**
 * Interleaved A/B of two builds of a Storybook (a pull request's and main's), story by story:
 * each story is open in both builds at once, fresh mounts alternate between them (A B, B A, …,
 * so a drift of the machine hits both alike), and each pair of runs adds one difference per
 * tested level to the same anytime-valid paired test as `perfwarden compare`
 * ({@link PairedComparison}). A story stops once every tested level is decided, once one of
 * them fails (every boundary is valid at any pair, so stopping early costs no error), or after
 * its most runs. No stored baseline is needed: the reference is measured beside the candidate.
 *
 * Where the browser gives the renderer main thread's CPU time (Chromium), the CLI reads it
 * around each run, and that level, `cpu.thread total`, decides in place of the wall-clock
 * `cpu p50` and `cpu p95`: time the OS gave to other programs is not in it, so a busy machine
 * does not look like a slower story, and it varies far less from run to run.
 */
import { readFile } from 'node:fs/promises';
import type { ReportVerdict } from '../../report/types.js';
import { LEVEL_SPECS } from '../../storybook/levels.js';
import type { LevelSpec } from '../../storybook/levels.js';
import { DEFAULT_PARAMETERS } from '../../storybook/parameters.js';
import type { ResolvedPerfwardenParameters } from '../../storybook/parameters.js';
import type { StoryRun } from '../../storybook/run.js';
import { DEFAULT_MARGIN } from '../../storybook/verdict.js';
import { PairedComparison } from '../paired-decision.js';
import { mainThreadClock } from '../run-cpu-time.js';
import { MAIN_THREAD_CPU, median } from '../run-statistics.js';
import { DEFAULT_MIN_RUNS, failedToRun, storyProgress } from './check-storybook.js';
import type { StoryRunSettings } from './check-storybook.js';
import { openStoryInContext } from './story-page.js';
import type { OpenedStory } from './story-page.js';

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

/** The two arms of a story: the same story open in each build. */
interface Arms {
  baseline: OpenedStory;
  candidate: OpenedStory;
}

/** One measured run of an arm: the add-on's levels and the thread's CPU time around it. */
interface ArmRun {
  run: StoryRun | undefined;
  skipped: boolean;
  /** The renderer main thread's CPU time during the run (ms); undefined when not given. */
  threadMs: number | undefined;
}

/** A tested quantity of a story and its comparison. */
interface TestedLevel {
  metric: string;
  statistic: string;
  unit: string;
  value(run: ArmRun): number | undefined;
  comparison: PairedComparison;
}

/** The wall-clock levels the thread's CPU time decides in place of. */
const WALL_CLOCK_CPU = new Set(['cpu p50', 'cpu p95']);

/** The clock of a page whose browser gives no thread CPU time. */
const NO_THREAD_CLOCK = (): Promise<number | undefined> => Promise.resolve(undefined);

/** Measures one fresh mount of `story`, with `threadClock` read around it. */
async function measureArm(
  story: OpenedStory,
  threadClock: () => Promise<number | undefined>,
  duration: number | undefined,
): Promise<ArmRun> {
  const before = await threadClock();
  const measured = await story.measure(1, duration);
  const after = await threadClock();
  const threadMs =
    before !== undefined && after !== undefined && after > before ? after - before : undefined;
  return { run: measured.runs[0], skipped: measured.skipped, threadMs };
}

/**
 * The tested levels both warm-up runs produced, each with its share of `alpha`: the thread's
 * CPU time when both arms gave it (then not the wall-clock cpu levels), and the add-on's
 * tested levels.
 */
function testedLevels(
  baseline: ArmRun,
  candidate: ArmRun,
  alpha: number,
  margin: number,
): TestedLevel[] {
  const threadTime = baseline.threadMs !== undefined && candidate.threadMs !== undefined;
  const specs = LEVEL_SPECS.filter(
    (spec) =>
      spec.tested &&
      !(threadTime && WALL_CLOCK_CPU.has(spec.key)) &&
      baseline.run?.levels[spec.key] !== undefined &&
      candidate.run?.levels[spec.key] !== undefined,
  );
  const share = alpha / Math.max(1, specs.length + (threadTime ? 1 : 0));
  const levels: TestedLevel[] = specs.map((spec: LevelSpec) => ({
    metric: spec.metric,
    statistic: spec.statistic,
    unit: spec.unit,
    value: (run) => run.run?.levels[spec.key],
    comparison: new PairedComparison(share, margin),
  }));
  if (threadTime) {
    levels.unshift({
      metric: MAIN_THREAD_CPU,
      statistic: 'total',
      unit: 'ms',
      value: (run) => run.threadMs,
      comparison: new PairedComparison(share, margin),
    });
  }
  return levels;
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
    metric: level.metric,
    statistic: level.statistic,
    unit: level.unit,
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

/** Note for the report when the thread's CPU time decided. */
const THREAD_TIME_NOTE =
  "decided on cpu.thread total: the renderer main thread's CPU time during each run, read " +
  'through DevTools, which leaves out time the OS gave to other programs; the wall-clock cpu ' +
  'p50 and p95 were not tested';

/** Measures every story in both builds, interleaved, and judges each tested level. */
export async function abStorybooks(options: StorybookAbOptions): Promise<StorybookAbResult> {
  const { stories, browser, log = () => undefined } = options;
  const minRuns = options.minRuns ?? DEFAULT_MIN_RUNS;
  const margin = options.margin ?? DEFAULT_MARGIN;
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
        baseline: await mainThreadClock(baseline.page).catch(() => NO_THREAD_CLOCK),
        candidate: await mainThreadClock(candidate.page).catch(() => NO_THREAD_CLOCK),
      };
      const measure = (arm: keyof Arms): Promise<ArmRun> =>
        measureArm(arms[arm], clocks[arm], options.duration);
      // One warm-up mount per build (code loaded, JIT, shaders), not judged.
      const warmUp = { baseline: await measure('baseline'), candidate: await measure('candidate') };
      if (warmUp.candidate.skipped || warmUp.baseline.skipped) {
        result.skipped.push(story.id);
        log(`${story.id}: skipped (mode 'off')`);
        continue;
      }
      const parameters = warmUp.candidate.run?.parameters ?? DEFAULT_PARAMETERS;
      const levels = testedLevels(warmUp.baseline, warmUp.candidate, storyAlpha, margin);
      if (levels[0]?.metric === MAIN_THREAD_CPU && !result.notes.includes(THREAD_TIME_NOTE)) {
        result.notes.push(THREAD_TIME_NOTE);
      }
      const maxRuns = options.maxRuns ?? parameters.runs;
      const outcomes = (): string[] => levels.map((level) => level.comparison.decision().outcome);
      const settled = (): boolean =>
        outcomes().includes('fail') || !outcomes().includes('undecided');
      let pairs = 0;
      while (pairs < maxRuns && !(pairs >= minRuns && settled())) {
        const order =
          pairs % 2 === 0
            ? (['baseline', 'candidate'] as const)
            : (['candidate', 'baseline'] as const);
        const runs: Partial<Record<keyof Arms, ArmRun>> = {};
        for (const arm of order) runs[arm] = await measure(arm);
        pairs++;
        if (runs.candidate?.run) result.runs.push(runs.candidate.run);
        for (const level of levels) {
          const a = runs.baseline && level.value(runs.baseline);
          const b = runs.candidate && level.value(runs.candidate);
          if (a !== undefined && b !== undefined && a > 0 && b > 0) level.comparison.add(a, b);
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
