/**
 * Judging a story: each tested level of its latest runs against its reference, with an
 * anytime-valid test of the mean log difference (src/detect/paired-test.ts), so the panel and
 * the CI mode may look after every run and stop once decided. Budgets are checked beside.
 */
import type { ReportVerdict } from '../report/types.js';
import {
  addDifference,
  confidenceSequence,
  logBayesFactor,
  NO_DIFFERENCES,
} from '../detect/paired-test.js';
import type { PairedSummary } from '../detect/paired-test.js';
import { median } from '../stats/robust.js';
import { storyHints } from './hints.js';
import { LEVEL_SPECS } from './levels.js';
import type { LevelSpec } from './levels.js';
import type { ResolvedPerfwardenParameters } from './parameters.js';
import type { LevelReference } from './reference.js';
import { logValues } from './reference.js';
import type { LevelKey, StoryRun } from './run.js';

/**
 * Where a level stands: `regressed` / `improved` (confidently beyond the margin), `within`
 * (confidently inside it), `undecided` (not yet either), `no-reference`, `over-budget` /
 * `within-budget` (budget checks), `reported` (levels that are shown, not tested).
 */
export type LevelState =
  | 'regressed'
  | 'improved'
  | 'within'
  | 'undecided'
  | 'no-reference'
  | 'over-budget'
  | 'within-budget'
  | 'reported';

/**
 * One story and level, decided: the shape of the CLI's report verdicts (`subject` is the story
 * id), plus `state`. `fail` only in mode `'error'`; in mode `'warn'` a regression is
 * `inconclusive` (shown, never failing).
 */
export interface StoryVerdict extends ReportVerdict {
  check: 'baseline' | 'budget';
  state: LevelState;
}

/** How strict the comparison is. */
export interface JudgeOptions {
  /** Relative change ignored (sessions and builds differ). Default 0.1. */
  margin?: number;
  /** False-alarm probability of each tested level. Default 0.01. */
  alpha?: number;
}

/** What {@link judgeStory} needs. */
export interface StoryEvidence {
  storyId: string;
  parameters: ResolvedPerfwardenParameters;
  /** The runs being judged. */
  runs: readonly StoryRun[];
  /** The reference of a level, if there is one. */
  reference: (key: LevelKey) => LevelReference | undefined;
  /** Reference values on the metric's scale, for charts (optional). */
  referenceSamples?: (key: LevelKey) => number[];
}

/** Default margin of {@link JudgeOptions}. */
export const DEFAULT_MARGIN = 0.1;
/** Default alpha of {@link JudgeOptions}. */
export const DEFAULT_ALPHA = 0.01;

/** The reference's own uncertainty is charged at about two standard errors. */
const REFERENCE_Z = 2;

function outcomeOf(
  failed: boolean,
  parameters: ResolvedPerfwardenParameters,
): StoryVerdict['outcome'] {
  if (!failed) return 'pass';
  return parameters.mode === 'error' ? 'fail' : 'inconclusive';
}

/** What a verdict is about: the story and the level. */
function naming(
  spec: LevelSpec,
  evidence: StoryEvidence,
): Pick<StoryVerdict, 'subject' | 'metric' | 'statistic' | 'unit'> {
  return {
    subject: evidence.storyId,
    metric: spec.metric,
    statistic: spec.statistic,
    unit: spec.unit,
  };
}

function tested(
  spec: LevelSpec,
  values: readonly number[],
  reference: LevelReference,
  evidence: StoryEvidence,
  margin: number,
  alpha: number,
): StoryVerdict {
  let summary: PairedSummary = NO_DIFFERENCES;
  for (const value of values) summary = addDifference(summary, value - reference.center);
  const referenceError = Math.sqrt(
    reference.scale ** 2 / reference.blocks + reference.spread ** 2 / reference.runs,
  );
  const bound = Math.log1p(margin) + REFERENCE_Z * referenceError;
  const threshold = Math.log(1 / alpha);
  const slower = summary.mean > bound ? logBayesFactor(summary, bound) : 0;
  const faster = summary.mean < -bound ? logBayesFactor(summary, -bound) : 0;
  const [low, high] = confidenceSequence(summary, alpha);
  const state: LevelState =
    summary.n < 2
      ? 'undecided'
      : slower >= threshold
        ? 'regressed'
        : faster >= threshold
          ? 'improved'
          : low > -bound && high < bound
            ? 'within'
            : 'undecided';
  const samples = evidence.referenceSamples?.(spec.key);
  return {
    ...naming(spec, evidence),
    check: 'baseline',
    outcome:
      state === 'undecided'
        ? 'inconclusive'
        : outcomeOf(state === 'regressed', evidence.parameters),
    state,
    baseline: Math.exp(reference.center),
    candidate: Math.exp(reference.center + summary.mean),
    delta: Math.expm1(summary.mean),
    interval: [Math.expm1(low), Math.expm1(high)],
    confidence: 1 - Math.min(1, Math.exp(-slower)),
    rule: `${reference.origin}, margin ${Math.round(Math.expm1(bound) * 1000) / 10} %`,
    ...(samples ? { samples: { baseline: samples, candidate: values.map(Math.exp) } } : {}),
    hints: [],
  };
}

/** A level shown, not tested: untested by its spec, replaced, or without a reference. */
function untested(
  spec: LevelSpec,
  values: readonly number[],
  evidence: StoryEvidence,
  replaced: boolean,
): StoryVerdict {
  const waiting = spec.tested && !replaced;
  return {
    ...naming(spec, evidence),
    check: 'baseline',
    outcome: waiting ? 'inconclusive' : 'pass',
    state: waiting ? 'no-reference' : 'reported',
    ...(values.length > 0 ? { candidate: median(values) } : {}),
    hints: [],
  };
}

function budgetVerdict(
  spec: LevelSpec,
  limit: number,
  values: readonly number[],
  evidence: StoryEvidence,
): StoryVerdict {
  const level = median(values);
  const over = level > limit;
  return {
    ...naming(spec, evidence),
    check: 'budget',
    outcome: outcomeOf(over, evidence.parameters),
    state: over ? 'over-budget' : 'within-budget',
    baseline: limit,
    candidate: level,
    rule: `${spec.metric} ${spec.statistic} ≤ ${limit} ${spec.unit} (median of ${values.length} runs)`,
    hints: [],
  };
}

/**
 * The levels tested in place of others for these runs: those listed in `replaces` of a level
 * that a run has and `hasReference` says the reference has too.
 */
export function replacedLevels(
  runs: readonly StoryRun[],
  hasReference: (key: LevelKey) => boolean,
): Set<LevelKey> {
  const replaced = new Set<LevelKey>();
  for (const spec of LEVEL_SPECS) {
    if (spec.replaces && runs.some((run) => run.levels[spec.key]) && hasReference(spec.key)) {
      for (const key of spec.replaces) replaced.add(key);
    }
  }
  return replaced;
}

/**
 * The verdicts of one story: one per level it produced (tested against its reference, or
 * reported), and one per budget set in its parameters. Hints go on regressed verdicts.
 */
export function judgeStory(evidence: StoryEvidence, options: JudgeOptions = {}): StoryVerdict[] {
  const { margin = DEFAULT_MARGIN, alpha = DEFAULT_ALPHA } = options;
  const verdicts: StoryVerdict[] = [];
  const replaced = replacedLevels(evidence.runs, (key) => evidence.reference(key) !== undefined);
  for (const spec of LEVEL_SPECS) {
    const logs = logValues(evidence.runs, spec.key);
    const raw = evidence.runs
      .map((run) => run.levels[spec.key])
      .filter((value): value is number => value !== undefined && Number.isFinite(value));
    if (raw.length === 0) continue;
    const isReplaced = replaced.has(spec.key);
    const reference = spec.tested && !isReplaced ? evidence.reference(spec.key) : undefined;
    verdicts.push(
      reference && logs.length > 0
        ? tested(spec, logs, reference, evidence, margin, alpha)
        : untested(spec, raw, evidence, isReplaced),
    );
    const limit = spec.budget ? evidence.parameters.budget[spec.budget] : undefined;
    if (limit !== undefined) verdicts.push(budgetVerdict(spec, limit, raw, evidence));
  }
  const renderer = evidence.runs.find((run) => run.renderer)?.renderer;
  for (const verdict of verdicts) {
    if (verdict.state === 'regressed' || verdict.state === 'over-budget') {
      verdict.hints = storyHints(verdict, verdicts, renderer);
    }
  }
  return verdicts;
}

/** True when every tested level with a reference is decided: the runs may stop. */
export function isDecided(verdicts: readonly StoryVerdict[]): boolean {
  return verdicts.every((verdict) => verdict.state !== 'undecided');
}
