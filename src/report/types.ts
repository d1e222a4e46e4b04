/**
 * The input of every report writer: a plain list of verdicts, one per subject (a URL, a story
 * id, …) and metric statistic, with the run's facts around it. Nothing here knows how the
 * verdicts were reached, so the CLI's compare modes and the Storybook add-on share the writers.
 */

/** Format name of report.json. */
export const REPORT_FORMAT = 'perfwarden-report';
/** Version of the report.json schema (src/report/report.schema.json). */
export const REPORT_VERSION = 1;

/**
 * What was decided for one subject and metric: `fail` (a confident regression, or a budget
 * exceeded), `pass`, or `inconclusive` (undecided: the time limit came first, or nothing could
 * be compared; every format shows it as "undecided").
 */
export type ReportOutcome = 'pass' | 'fail' | 'inconclusive';

/**
 * The report's outcome: `fail` when any verdict failed, `pass` when every verdict passed,
 * otherwise `undecided` (also when there is no verdict at all: nothing was decided).
 */
export type ReportSummaryOutcome = 'pass' | 'fail' | 'undecided';

/** How a verdict was reached. */
export type ReportCheck = 'interleaved' | 'baseline' | 'budget';

/** One subject, metric and statistic, decided. */
export interface ReportVerdict {
  /** What was measured: a URL, a story id, a scenario name. */
  subject: string;
  /** Metric name, e.g. `cpu`, `gpu`, `inp`. */
  metric: string;
  /** Statistic of the metric, e.g. `p50`, `p95`. */
  statistic: string;
  /** Unit of `baseline`, `candidate` and the samples, e.g. `ms`. */
  unit: string;
  check: ReportCheck;
  outcome: ReportOutcome;
  /** Level of the baseline arm (or the budget limit for budget checks). */
  baseline?: number;
  /** Level of the candidate. */
  candidate?: number;
  /** Relative change, 0.12 = 12 % slower. */
  delta?: number;
  /** Confidence interval of `delta` (interleaved checks: valid however often it was looked at). */
  interval?: [low: number, high: number];
  /** Confidence that the arms differ (0..1): 1 − the test's p-value, when a test was run. */
  confidence?: number;
  /** Human-readable rule, e.g. `cpu p95 ≤ 8 ms`. */
  rule?: string;
  /** Per-run values of both arms (for charts). */
  samples?: { baseline: number[]; candidate: number[] };
  /** Where to look, and caveats such as a software renderer. */
  hints: string[];
}

/** The environment the numbers come from. */
export interface ReportEnvironment {
  /** Browser name and version, e.g. `Chromium 156.0.0.0`. */
  browser?: string;
  /** WebGL renderer string, when a page had a WebGL context. */
  renderer?: string;
  /** True when GPU times came from a software rasterizer (they are CPU times then). */
  softwareRenderer?: boolean;
  /** Operating system and CPU count, e.g. `linux x64, 2 CPUs`. */
  machine?: string;
}

/** Everything a report says. */
export interface Report {
  format: typeof REPORT_FORMAT;
  version: typeof REPORT_VERSION;
  /** ISO 8601 time the report was made. */
  created: string;
  /** The producer, e.g. `perfwarden compare` or `perfwarden storybook`. */
  tool: string;
  outcome: ReportSummaryOutcome;
  /** Wall time of the whole check, ms. */
  durationMs: number;
  /** Most runs of one subject: per arm for interleaved A/B, else runs of the candidate. */
  runs: number;
  /** What a subject is (`story`); reports of several subjects list them first, by change. */
  subjectKind?: string;
  /** A link per subject, e.g. the story in the built Storybook. */
  links?: Record<string, string>;
  environment: ReportEnvironment;
  verdicts: ReportVerdict[];
  /** What was not measured and why, and how to measure it (e.g. gpu without the app's monitor). */
  notes?: string[];
}
