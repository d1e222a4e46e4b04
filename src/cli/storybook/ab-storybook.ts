/**
 * Interleaved A/B of two builds of a Storybook (a pull request's and main's), story by story:
 * each story is open in both builds at once, fresh mounts alternate between them (A B, B A, …,
 * so a drift of the machine hits both alike), and each pair of runs adds one difference per
 * tested level to the same anytime-valid paired test as `perfwarden compare`
 * ({@link PairedComparison}). A story stops once every tested level is decided, or after its
 * most runs. No stored baseline is needed: the reference is measured beside the candidate.
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
import { median } from '../run-statistics.js';
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
}

const DEFAULT_ALPHA = 0.05;
const DEFAULT_TIMEOUT = 30_000;

/** The two arms of a story: the same story open in each build. */
interface Arms {
  baseline: OpenedStory;
  candidate: OpenedStory;
}

/** A tested level's comparison, for the levels both warm-up runs produced. */
function comparisonsFor(
  baseline: StoryRun | undefined,
  candidate: StoryRun | undefined,
  alpha: number,
  margin: number,
): Map<LevelSpec, PairedComparison> {
  const specs = LEVEL_SPECS.filter(
    (spec) =>
      spec.tested &&
      baseline?.levels[spec.key] !== undefined &&
      candidate?.levels[spec.key] !== undefined,
  );
  const share = alpha / Math.max(1, specs.length);
  return new Map(specs.map((spec) => [spec, new PairedComparison(share, margin)]));
}

function verdictOf(
  storyId: string,
  spec: LevelSpec,
  comparison: PairedComparison,
  parameters: ResolvedPerfwardenParameters,
  margin: number,
): ReportVerdict {
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
    metric: spec.metric,
    statistic: spec.statistic,
    unit: spec.unit,
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
  const result: StorybookAbResult = { verdicts: [], runs: [], skipped: [], maxRunsTaken: 0 };

  for (const story of stories) {
    const startedAt = performance.now();
    const opened: OpenedStory[] = [];
    try {
      const baseline = await open(options.baselineUrl, story.id);
      opened.push(baseline);
      const candidate = await open(options.candidateUrl, story.id);
      opened.push(candidate);
      const arms: Arms = { baseline, candidate };
      // One warm-up mount per build (code loaded, JIT, shaders), not judged.
      const warmUp = {
        baseline: await arms.baseline.measure(1, options.duration),
        candidate: await arms.candidate.measure(1, options.duration),
      };
      if (warmUp.candidate.skipped || warmUp.baseline.skipped) {
        result.skipped.push(story.id);
        log(`${story.id}: skipped (mode 'off')`);
        continue;
      }
      const parameters = warmUp.candidate.runs[0]?.parameters ?? DEFAULT_PARAMETERS;
      const comparisons = comparisonsFor(
        warmUp.baseline.runs[0],
        warmUp.candidate.runs[0],
        storyAlpha,
        margin,
      );
      const maxRuns = options.maxRuns ?? parameters.runs;
      const decided = (): boolean =>
        [...comparisons.values()].every((each) => each.decision().outcome !== 'undecided');
      let pairs = 0;
      while (pairs < maxRuns && !(pairs >= minRuns && decided())) {
        const order =
          pairs % 2 === 0
            ? (['baseline', 'candidate'] as const)
            : (['candidate', 'baseline'] as const);
        const runs: Partial<Record<keyof Arms, StoryRun>> = {};
        for (const arm of order) {
          const [run] = (await arms[arm].measure(1, options.duration)).runs;
          if (run) runs[arm] = run;
        }
        pairs++;
        if (runs.candidate) result.runs.push(runs.candidate);
        for (const [spec, comparison] of comparisons) {
          const a = runs.baseline?.levels[spec.key];
          const b = runs.candidate?.levels[spec.key];
          if (a !== undefined && b !== undefined && a > 0 && b > 0) comparison.add(a, b);
        }
      }
      const verdicts = [...comparisons]
        .filter(([, comparison]) => comparison.pairs > 0)
        .map(([spec, comparison]) => verdictOf(story.id, spec, comparison, parameters, margin));
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
