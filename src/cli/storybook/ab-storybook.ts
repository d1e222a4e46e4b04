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
 * Where the browser gives the renderer main thread's CPU time (Chromium), the CLI reads it
 * before each mount, when the add-on says the render's first frame is done, and after the run.
 * `cpu.thread render` then decides in place of the wall-clock `render p50`, `cpu.thread total`
 * in place of `cpu p50` and `cpu p95`, and for a story with a play function `cpu.thread play`
 * in place of the play function's wall-clock levels: time the OS gave to other programs is not
 * in them, so a busy machine does not look like a slower story, and they vary far less from
 * run to run. A mount's thread time stops while its thread waits, so the reading taken a
 * few milliseconds after the render adds only the little the page did meanwhile.
 */
import { readFile } from 'node:fs/promises';
import type { ReportVerdict } from '../../report/types.js';
import { LEVEL_SPECS } from '../../storybook/levels.js';
import type { LevelSpec } from '../../storybook/levels.js';
import { DEFAULT_PARAMETERS } from '../../storybook/parameters.js';
import type { ResolvedPerfwardenParameters } from '../../storybook/parameters.js';
import type { StoryRun } from '../../storybook/run.js';
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

/** One measured mount of an arm: the add-on's levels and the thread's CPU time around it. */
interface ArmRun {
  run: StoryRun | undefined;
  skipped: boolean;
  /** The renderer main thread's CPU time during the run (ms); undefined when not given. */
  threadMs: number | undefined;
  /**
   * Its share from the mount request to the end of the render's first frame (ms): the render's
   * CPU time; undefined when not given.
   */
  renderThreadMs: number | undefined;
  /**
   * For a story with a play function, its share from the end of the render's first frame to
   * the end of the run (ms): what the play function's interaction cost the thread.
   */
  playThreadMs: number | undefined;
}

/** A tested quantity of a story and its comparison. */
interface TestedLevel {
  metric: string;
  statistic: string;
  unit: string;
  value(run: ArmRun): number | undefined;
  /** A render level: the lowest of every mount of the run counts, not only the first's. */
  render: boolean;
  comparison: PairedComparison;
}

/**
 * A run's value of `level`: for a render level the lowest of its mounts that have it, for the
 * others the value of its first mount (the one measured for the story's duration).
 */
function runValue(level: TestedLevel, mounts: readonly ArmRun[]): number | undefined {
  let lowest: number | undefined;
  for (const mount of level.render ? mounts : mounts.slice(0, 1)) {
    const value = level.value(mount);
    if (value !== undefined && value > 0 && (lowest === undefined || value < lowest)) {
      lowest = value;
    }
  }
  return lowest;
}

/** The clock of a page whose browser gives no thread CPU time. */
const NO_THREAD_CLOCK = (): Promise<number | undefined> => Promise.resolve(undefined);

/** The time from `before` to `after` on a clock, when both were read and it went forward. */
function elapsed(before: number | undefined, after: number | undefined): number | undefined {
  return before !== undefined && after !== undefined && after > before ? after - before : undefined;
}

/** Measures one fresh mount of `story`, with `threadClock` read around it and at its render's end. */
async function measureArm(
  story: OpenedStory,
  threadClock: () => Promise<number | undefined>,
  duration: number | undefined,
): Promise<ArmRun> {
  const before = await threadClock();
  let rendered: number | undefined;
  const measured = await story.measure(1, duration, async () => {
    rendered ??= await threadClock();
  });
  const after = await threadClock();
  const [run] = measured.runs;
  const played = run?.levels['play.duration level'] !== undefined;
  return {
    run,
    skipped: measured.skipped,
    threadMs: elapsed(before, after),
    renderThreadMs: elapsed(before, rendered),
    playThreadMs: played ? elapsed(rendered, after) : undefined,
  };
}

/** A level read from the renderer main thread's CPU time, and the wall-clock levels it replaces. */
interface ThreadLevel {
  statistic: string;
  /** What the level is, for the report. */
  meaning: string;
  value(run: ArmRun): number | undefined;
  replaces: readonly string[];
}

/**
 * The main thread's CPU time of a whole run decides in place of the wall-clock frame levels,
 * its share up to the render's first frame in place of the wall-clock render, and its share
 * while a play function runs in place of the wall-clock levels of the interaction. Wall-clock
 * levels of the main thread hold how the OS scheduled each page's renderer process, and two
 * processes can differ steadily: in one same-against-same job the input latency of one page
 * was above the other's in every pair (58–87 ms against 33–52 ms), which a paired test cannot
 * tell from a code change. The GPU levels are timed on the GPU and stay tested.
 */
const THREAD_LEVELS: readonly ThreadLevel[] = [
  {
    statistic: 'render',
    meaning: 'from the mount to the end of its first frame',
    value: (run) => run.renderThreadMs,
    replaces: ['render p50'],
  },
  {
    statistic: 'total',
    meaning: 'the whole run',
    value: (run) => run.threadMs,
    replaces: ['cpu p50', 'cpu p95'],
  },
  {
    statistic: 'play',
    meaning: 'from the end of the first frame to the end of the play function',
    value: (run) => run.playThreadMs,
    replaces: ['play.cpu p50', 'play.cpu p95', 'play.event p95'],
  },
];

/**
 * The tested levels both warm-up runs produced, each with its share of `alpha`: the thread's
 * CPU time levels both arms gave (then not the wall-clock levels they replace), and the
 * add-on's tested levels.
 */
function testedLevels(
  baseline: ArmRun,
  candidate: ArmRun,
  alpha: number,
  margin: number,
): TestedLevel[] {
  const threadLevels = THREAD_LEVELS.filter(
    (level) => level.value(baseline) !== undefined && level.value(candidate) !== undefined,
  );
  const replaced = new Set(threadLevels.flatMap((level) => level.replaces));
  const specs = LEVEL_SPECS.filter(
    (spec) =>
      spec.tested &&
      !replaced.has(spec.key) &&
      baseline.run?.levels[spec.key] !== undefined &&
      candidate.run?.levels[spec.key] !== undefined,
  );
  const share = alpha / Math.max(1, specs.length + threadLevels.length);
  return [
    ...threadLevels.map((level) => ({
      metric: MAIN_THREAD_CPU,
      statistic: level.statistic,
      unit: 'ms',
      value: (run: ArmRun) => level.value(run),
      render: level.statistic === 'render',
      comparison: new PairedComparison(share, margin),
    })),
    ...specs.map((spec: LevelSpec) => ({
      metric: spec.metric,
      statistic: spec.statistic,
      unit: spec.unit,
      value: (run: ArmRun) => run.run?.levels[spec.key],
      render: spec.key === 'render p50',
      comparison: new PairedComparison(share, margin),
    })),
  ];
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

/** `['a', 'b', 'c']` as `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length < 2
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
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
  const thread = THREAD_LEVELS.filter((spec) =>
    levels.some((level) => level.metric === MAIN_THREAD_CPU && level.statistic === spec.statistic),
  );
  if (thread.length > 0) {
    notes.push(
      "decided on cpu.thread: the renderer main thread's CPU time, read through DevTools, which " +
        'leaves out time the OS gave to other programs; ' +
        thread
          .map(
            (spec) =>
              `cpu.thread ${spec.statistic} (${spec.meaning}) was tested in place of ` +
              listed(spec.replaces),
          )
          .join(', '),
    );
  }
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
        baseline: await mainThreadClock(baseline.page).catch(() => NO_THREAD_CLOCK),
        candidate: await mainThreadClock(candidate.page).catch(() => NO_THREAD_CLOCK),
      };
      const measure = (arm: keyof Arms, duration = options.duration): Promise<ArmRun> =>
        measureArm(arms[arm], clocks[arm], duration);
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
        const runs: Record<keyof Arms, ArmRun[]> = { baseline: [], candidate: [] };
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
