/**
 * Every option of the CLI, declared once: its flag, its config-file key, its type, default,
 * the commands that accept it and its help line. Flag parsing (command-line.ts), config-file
 * validation and the settings (settings.ts) and every command's help (help.ts) are derived
 * from this table. Durations are milliseconds in the settings and seconds on the command line.
 */
import { DEFAULT_MARGIN } from '../storybook/verdict.js';
import type { CommandName } from './command-specs.js';
import { parseMetricStatistic } from './run-statistics.js';
import type { MetricStatistic } from './run-statistics.js';
import { DEFAULT_MIN_RUNS } from './storybook/check-storybook.js';
import { DEFAULT_AB_MARGIN } from './storybook/ab-storybook.js';
import { UsageError } from './usage-error.js';

/** How an option's value is read, from a flag's text or a config file's JSON value. */
export interface ValueKind<T> {
  /** Parses `value`; a wrong one is a {@link UsageError} starting with `where`. */
  parse(value: unknown, where: string): T;
  /** The default as the help shows it. */
  show?(value: T): string;
  /** Placeholder of the value in the help, e.g. `<s>`. */
  placeholder?: string;
  /** A flag without a value (`--quiet`): present means true. */
  isSwitch?: boolean;
}

/** One row of the option table. */
export interface OptionSpec<T> {
  kind: ValueKind<T>;
  /** The flag without `--` (default: the setting's name in kebab-case); null: none. */
  flag?: string | null;
  /** The config-file key (default: the setting's name); null: a flag only. */
  key?: string | null;
  /** Placeholder in the help, when the kind's does not say enough (e.g. `<file>`). */
  placeholder?: string;
  /** The flag may be given more than once; the values are collected in order. */
  repeatable?: boolean;
  default: T;
  /** The default as the help shows it, when the value alone does not say it. */
  shownDefault?: string;
  commands: readonly CommandName[];
  /** The help line; per command where the option means something else there. */
  help: string | Readonly<Partial<Record<CommandName, string>>>;
}

function positiveNumber(value: unknown, where: string): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) {
    throw new UsageError(`${where} must be a positive number, got ${JSON.stringify(value)}`);
  }
  return number;
}

/** A non-empty string. */
const text: ValueKind<string> = {
  placeholder: '<text>',
  parse(value, where) {
    if (typeof value !== 'string' || value === '') {
      throw new UsageError(`${where} must be a non-empty string, got ${JSON.stringify(value)}`);
    }
    return value;
  },
};

/** Seconds on the command line and in config files, milliseconds in the settings. */
const seconds: ValueKind<number> = {
  parse: (value, where) => positiveNumber(value, `${where} (seconds)`) * 1000,
  show: (ms) => `${ms / 1000}`,
  placeholder: '<s>',
};

const milliseconds: ValueKind<number> = { parse: positiveNumber, placeholder: '<ms>' };

/** A positive integer. */
const count: ValueKind<number> = {
  parse(value, where) {
    const number = positiveNumber(value, where);
    if (!Number.isInteger(number)) {
      throw new UsageError(`${where} must be a whole number, got ${JSON.stringify(value)}`);
    }
    return number;
  },
  placeholder: '<n>',
};

/** A fraction in (0, 1), e.g. 0.05 for 5 %. */
const fraction: ValueKind<number> = {
  parse(value, where) {
    const number = positiveNumber(value, where);
    if (number >= 1) {
      throw new UsageError(`${where} must be below 1 (0.05 means 5 %), got ${number}`);
    }
    return number;
  },
  placeholder: '<f>',
};

/** A flag without a value (`true` when given); `true` or `false` in config files. */
const toggle: ValueKind<boolean> = {
  isSwitch: true,
  parse(value, where) {
    if (typeof value !== 'boolean') {
      throw new UsageError(`${where} must be true or false, got ${JSON.stringify(value)}`);
    }
    return value;
  },
};

/** One of a few words, e.g. `parallel` or `alternate`. */
function oneOf<const Word extends string>(words: readonly Word[]): ValueKind<Word> {
  return {
    parse(value, where) {
      if (typeof value !== 'string' || !(words as readonly string[]).includes(value)) {
        throw new UsageError(
          `${where} must be ${words.join(' or ')}, got ${JSON.stringify(value)}`,
        );
      }
      return value as Word;
    },
    placeholder: `<${words.join('|')}>`,
  };
}

function list(value: unknown, where: string): string[] {
  const items = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(items) || items.some((item) => typeof item !== 'string')) {
    throw new UsageError(`${where} must be a list of strings, got ${JSON.stringify(value)}`);
  }
  return items as string[];
}

/** Metric checks such as `cpu` or `gpu:p95`, each validated against the known metrics. */
const checks: ValueKind<MetricStatistic[]> = {
  parse: (value, where) =>
    list(value, where).map((item) => parseMetricStatistic(item, `${where} "${item}"`)),
  placeholder: '<m[:stat]>',
};

/** A budget file's path, or (config files only) the rules themselves. */
const budgetSource: ValueKind<string | string[]> = {
  parse: (value, where) => (Array.isArray(value) ? list(value, where) : text.parse(value, where)),
  placeholder: '<file>',
};

function option<T>(spec: OptionSpec<T>): OptionSpec<T> {
  return spec;
}

const MEASURING: readonly CommandName[] = ['compare', 'run', 'baseline update'];
const REPORTING: readonly CommandName[] = ['compare', 'run', 'baseline update', 'storybook'];

/**
 * Checks of interleaved A/B by default: the renderer main thread's CPU time per frame, which a
 * busy machine does not inflate (src/cli/deciding-metrics.ts says what replaces it where it
 * cannot be read), and the GPU's low quantile (docs/ci.md, "Measured").
 */
export const DEFAULT_AB_METRICS: readonly MetricStatistic[] = [
  { metric: 'cpu.thread', statistic: 'mean' },
  { metric: 'gpu', statistic: 'p10' },
];
/** Checks of stored baselines by default (the baseline format holds p50 and p95). */
export const DEFAULT_STORED_METRICS: readonly MetricStatistic[] = [
  { metric: 'cpu', statistic: 'p50' },
  { metric: 'gpu', statistic: 'p50' },
];

/** The option table. Within a command, flags and config keys are unique (a test checks). */
export const OPTIONS = {
  url: option({
    kind: text,
    flag: null,
    default: undefined as string | undefined,
    commands: MEASURING,
    help: { compare: 'the candidate page', run: 'the page', 'baseline update': 'the page' },
  }),
  storybook: option({
    kind: text,
    flag: null,
    default: undefined as string | undefined,
    commands: ['storybook'],
    help: 'the built Storybook: a storybook-static directory or its URL',
  }),
  baselineBuild: option({
    kind: text,
    placeholder: '<dir|url>',
    default: undefined as string | undefined,
    commands: ['storybook'],
    help: "another build of the Storybook (e.g. main's): interleaved A/B of the two, story by story",
  }),
  publicUrl: option({
    kind: text,
    placeholder: '<url>',
    default: undefined as string | undefined,
    shownDefault: 'the Storybook URL, if one is given',
    commands: ['storybook'],
    help: 'where the candidate build is published: the report links each story there',
  }),
  baselineUrl: option({
    kind: text,
    placeholder: '<url>',
    default: undefined as string | undefined,
    commands: ['compare'],
    help: 'the baseline page: interleaved A/B (recommended)',
  }),
  baseline: option({
    kind: text,
    placeholder: '<file>',
    default: undefined as string | undefined,
    commands: ['compare', 'baseline update', 'storybook'],
    help: {
      compare: 'a stored baseline to compare with, with a margin',
      'baseline update': 'the baseline file to merge the runs into (default perf-baseline.json)',
      storybook: 'the reference: a baseline from --save-baseline (or the panel)',
    },
  }),
  budget: option({
    kind: budgetSource,
    default: undefined as string | string[] | undefined,
    commands: ['compare'],
    help: 'budget file (JSON list of rules such as "cpu p95 <= 8 ms"); in a config file also the rules themselves',
  }),
  metrics: option({
    kind: checks,
    flag: 'metric',
    repeatable: true,
    default: undefined as MetricStatistic[] | undefined,
    commands: ['compare', 'baseline update'],
    help: {
      compare:
        'metric to check, repeatable; statistic p10, p25, p50 (default), p95, p99, mean or max (cpu.thread and cpu.gpu: mean only); default with --baseline-url cpu.thread (main-thread CPU time per frame; wall-clock cpu:p10 where it cannot be read) and gpu:p10 (cpu.gpu with a software renderer on Linux), else cpu gpu (a stored baseline holds p50 and p95)',
      'baseline update':
        'metric to record, repeatable; statistic p50 (default) or p95; default cpu gpu',
    },
  }),
  monitor: option({
    kind: text,
    placeholder: '<expr>',
    default: undefined as string | undefined,
    shownDefault: 'none: the CLI injects its own monitor, which cannot time the GPU',
    commands: MEASURING,
    help: "page expression giving the app's own monitor, e.g. window.app.monitor; gpu is measured only through it",
  }),
  scenario: option({
    kind: text,
    placeholder: '<file.mjs>',
    default: undefined as string | undefined,
    commands: MEASURING,
    help: 'module whose default export (page) => … drives the page while it is measured',
  }),
  duration: option({
    kind: seconds,
    default: undefined as number | undefined,
    shownDefault: '2; 1 for an A/B whose pages run side by side',
    commands: MEASURING,
    help: 'measured seconds per run',
  }),
  settle: option({
    kind: seconds,
    // Paid on every run, but shorter settles let the page's first frames (compiling, caches)
    // into the runs: on a loaded machine the runs of a pair then disagree more, which costs
    // more pairs than the settle saves (bench/ci-settle.bench.ts).
    default: 500,
    commands: MEASURING,
    help: 'seconds after the monitor is found that are not measured',
  }),
  timeLimit: option({
    kind: seconds,
    default: 60_000,
    commands: ['compare'],
    help: 'A/B: no new pair of runs starts if it would end after this many seconds',
  }),
  runs: option({
    kind: count,
    default: 3,
    commands: ['compare', 'baseline update'],
    help: {
      compare: 'runs of the candidate against a stored baseline',
      'baseline update': 'runs recorded',
    },
  }),
  arms: option({
    kind: oneOf(['parallel', 'alternate']),
    default: undefined as 'parallel' | 'alternate' | undefined,
    shownDefault: 'parallel when CPU time decides, else alternate',
    commands: ['compare'],
    help: 'A/B: run the two pages at the same time in two browsers, or one after the other in one',
  }),
  threshold: option({
    kind: fraction,
    default: 0.05,
    commands: ['compare'],
    help: 'A/B: the smallest slowdown that fails; 0.05 = 5 %',
  }),
  margin: option({
    kind: fraction,
    default: 0.05,
    commands: ['compare'],
    help: 'stored baseline: the change ignored, as sessions differ',
  }),
  alpha: option({
    kind: fraction,
    default: 0.05,
    commands: ['compare', 'storybook'],
    help: 'chance of a false failure, split over all checks',
  }),
  failOnUndecided: option({
    kind: toggle,
    default: false,
    commands: ['compare'],
    help: 'exit 1 when a check stays undecided (without it, undecided exits 0)',
  }),
  window: option({
    kind: milliseconds,
    default: 500,
    commands: MEASURING,
    help: 'window span of the injected monitor',
  }),
  out: option({
    kind: text,
    placeholder: '<dir>',
    default: 'perfwarden-report',
    commands: ['compare', 'storybook'],
    help: 'report directory',
  }),
  output: option({
    kind: text,
    placeholder: '<file>',
    default: 'perfwarden-run.json',
    commands: ['run'],
    help: 'run file to write',
  }),
  filter: option({
    kind: text,
    placeholder: '<glob>',
    default: undefined as string | undefined,
    commands: ['storybook'],
    help: 'only stories whose id or "title/name" matches (* = anything)',
  }),
  saveBaseline: option({
    kind: text,
    placeholder: '<file>',
    default: undefined as string | undefined,
    commands: ['storybook'],
    help: "merge this run's levels into a baseline file (created if missing)",
  }),
  storyRuns: option({
    kind: count,
    flag: 'runs',
    key: 'runs',
    default: undefined as number | undefined,
    shownDefault: 'parameters.perfwarden.runs, 10',
    commands: ['storybook'],
    help: 'most runs per story',
  }),
  minRuns: option({
    kind: count,
    default: DEFAULT_MIN_RUNS,
    commands: ['storybook'],
    help: 'fewest runs before a decided story stops',
  }),
  storyDuration: option({
    kind: seconds,
    flag: 'duration',
    key: 'duration',
    default: undefined as number | undefined,
    shownDefault: 'parameters.perfwarden.duration',
    commands: ['storybook'],
    help: 'measured seconds per run',
  }),
  storyMargin: option({
    kind: fraction,
    flag: 'margin',
    key: 'margin',
    default: undefined as number | undefined,
    shownDefault: `${String(DEFAULT_MARGIN)}; ${String(DEFAULT_AB_MARGIN)} with --baseline-build`,
    commands: ['storybook'],
    help: 'the change against the baseline that is ignored',
  }),
  initScript: option({
    kind: text,
    placeholder: '<file>',
    default: undefined as string | undefined,
    commands: ['storybook'],
    help: 'script run in every page before Storybook (mocks, flags)',
  }),
  progress: option({
    kind: toggle,
    default: undefined as boolean | undefined,
    shownDefault: 'on a terminal outside CI',
    commands: REPORTING,
    help: 'redraw one progress line in place',
  }),
  quiet: option({
    kind: toggle,
    default: false,
    commands: REPORTING,
    help: 'one plain line per step instead of the progress line',
  }),
  config: option({
    kind: text,
    key: null,
    placeholder: '<file>',
    default: undefined as string | undefined,
    shownDefault: './perfwarden.config.mjs or .json',
    commands: REPORTING,
    help: 'config file',
  }),
} satisfies Record<string, OptionSpec<unknown>>;

/** The name of a setting (a row of {@link OPTIONS}). */
export type OptionName = keyof typeof OPTIONS;

/** Everything a command may use: one value per option (its default where not given). */
export type Settings = {
  [Name in OptionName]: (typeof OPTIONS)[Name] extends OptionSpec<infer T> ? T : never;
};

/** An option as a row: its setting's name, flag and config key resolved. */
export interface OptionRow {
  name: OptionName;
  spec: OptionSpec<unknown>;
  /** `--flag`, or undefined for a setting given only as the command argument or config. */
  flag: string | undefined;
  key: string | undefined;
}

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Every row, with flags and keys resolved. */
export const OPTION_ROWS: readonly OptionRow[] = (
  Object.entries(OPTIONS) as [OptionName, OptionSpec<unknown>][]
).map(([name, spec]) => ({
  name,
  spec,
  flag: spec.flag === null ? undefined : `--${spec.flag ?? kebab(name)}`,
  key: spec.key === null ? undefined : (spec.key ?? name),
}));

/** The rows `command` accepts, in table order. */
export function optionsOf(command: CommandName): OptionRow[] {
  return OPTION_ROWS.filter((row) => row.spec.commands.includes(command));
}

/** The help line of `row` for `command`. */
export function helpOf(row: OptionRow, command: CommandName): string {
  const { help } = row.spec;
  return typeof help === 'string' ? help : (help[command] ?? '');
}

/** The defaults of every option. */
export function defaultSettings(): Settings {
  return Object.fromEntries(OPTION_ROWS.map((row) => [row.name, row.spec.default])) as Settings;
}
