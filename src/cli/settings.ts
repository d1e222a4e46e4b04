/**
 * The CLI's settings: defaults, then the config file (perfwarden.config.mjs or .json), then
 * command-line flags, which win. Every value is checked here, and a wrong one is a
 * {@link UsageError} naming the flag or config key and what it should be.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { messageOf, UsageError } from './usage-error.js';

/** Everything a command may use. Durations are milliseconds. */
export interface Settings {
  /** Candidate URL. */
  url?: string | undefined;
  /** Baseline URL of interleaved A/B. */
  baselineUrl?: string | undefined;
  /** Stored baseline file. */
  baseline?: string | undefined;
  /** Budget file, or the rules themselves (config only). */
  budget?: string | readonly string[] | undefined;
  /** Expression giving the page's own monitor; without it one is injected. */
  monitor?: string | undefined;
  /** Scenario module (default export: `(page) => …`). */
  scenario?: string | undefined;
  duration: number;
  settle: number;
  timeLimit: number;
  /** Runs of the candidate in stored-baseline mode and `run`, and per `baseline update`. */
  runs: number;
  alpha: number;
  threshold: number;
  margin: number;
  /** Checks, e.g. `cpu`, `gpu:p95`; undefined: the mode's default. */
  metrics: readonly string[] | undefined;
  /** Report directory. */
  out: string;
  /** Run file written by `run`. */
  output: string;
  /** Window span of an injected monitor. */
  window: number;
  /** Command and positional arguments. */
  command: string[];
  /** Show the progress line even without a terminal; `false` forces quiet lines. */
  progress: boolean | undefined;
}

/**
 * Checks of interleaved A/B by default: low quantiles, the work of frames that ran
 * undisturbed, are robust to a busy machine (docs/ci.md, "Measured").
 */
export const DEFAULT_AB_METRICS: readonly string[] = ['cpu:p10', 'gpu:p10'];
/** Checks of stored baselines by default (the baseline format holds p50 and p95). */
export const DEFAULT_STORED_METRICS: readonly string[] = ['cpu', 'gpu'];

/** Defaults: short runs, a minute at most, a 5 % error budget, 5 % threshold. */
export const DEFAULTS: Omit<Settings, 'command' | 'progress'> = {
  duration: 2000,
  settle: 500,
  timeLimit: 60_000,
  runs: 3,
  alpha: 0.05,
  threshold: 0.05,
  margin: 0.05,
  metrics: undefined,
  out: 'perfwarden-report',
  output: 'perfwarden-run.json',
  window: 500,
};

const FLAGS = {
  'baseline-url': { type: 'string' },
  baseline: { type: 'string' },
  budget: { type: 'string' },
  monitor: { type: 'string' },
  scenario: { type: 'string' },
  duration: { type: 'string' },
  settle: { type: 'string' },
  'time-limit': { type: 'string' },
  runs: { type: 'string' },
  alpha: { type: 'string' },
  threshold: { type: 'string' },
  margin: { type: 'string' },
  metric: { type: 'string', multiple: true },
  out: { type: 'string' },
  output: { type: 'string' },
  window: { type: 'string' },
  config: { type: 'string' },
  progress: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

/** Config keys (camelCase) → their flag, for messages. */
const CONFIG_KEYS: Record<string, string> = {
  url: '<url>',
  baselineUrl: '--baseline-url',
  baseline: '--baseline',
  budget: '--budget',
  monitor: '--monitor',
  scenario: '--scenario',
  duration: '--duration',
  settle: '--settle',
  timeLimit: '--time-limit',
  runs: '--runs',
  alpha: '--alpha',
  threshold: '--threshold',
  margin: '--margin',
  metrics: '--metric',
  out: '--out',
  output: '--output',
  window: '--window',
};

/** Names of config files looked for in the working directory, in order. */
export const CONFIG_FILES = ['perfwarden.config.mjs', 'perfwarden.config.json'];

type Source = Record<string, unknown>;

function positiveNumber(value: unknown, where: string, scale = 1): number {
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) {
    throw new UsageError(`${where} must be a positive number, got ${JSON.stringify(value)}`);
  }
  return number * scale;
}

function fraction(value: unknown, where: string): number {
  const number = positiveNumber(value, where);
  if (number >= 1) throw new UsageError(`${where} must be below 1 (0.05 means 5 %), got ${number}`);
  return number;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new UsageError(`${where} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

function strings(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new UsageError(`${where} must be a list of strings, got ${JSON.stringify(value)}`);
  }
  return value as string[];
}

/** Reads the config file: `--config path`, or the first of {@link CONFIG_FILES} found in `cwd`. */
export async function readConfig(path: string | undefined, cwd: string): Promise<Source> {
  const file = path
    ? resolve(cwd, path)
    : CONFIG_FILES.map((name) => resolve(cwd, name)).find((candidate) => existsSync(candidate));
  if (file === undefined) return {};
  let value: unknown;
  try {
    value = file.endsWith('.json')
      ? JSON.parse(await readFile(file, 'utf8'))
      : ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
  } catch (error) {
    throw new UsageError(`cannot read config ${file}: ${messageOf(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(
      `config ${file} must ${file.endsWith('.json') ? 'hold' : 'export by default'} an object`,
    );
  }
  const unknown = Object.keys(value).filter((key) => !(key in CONFIG_KEYS));
  if (unknown.length > 0) {
    throw new UsageError(
      `config ${file}: unknown key ${unknown.map((key) => `"${key}"`).join(', ')}; known keys: ${Object.keys(CONFIG_KEYS).join(', ')}`,
    );
  }
  return value as Source;
}

/** Parses argv and the config file into settings (flags win over the config file). */
export async function readSettings(
  argv: readonly string[],
  cwd = process.cwd(),
): Promise<Settings & { help: boolean; version: boolean }> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${messageOf(error)}; see perfwarden --help`);
  }
  const { values: flags, positionals } = parsed;
  const config = await readConfig(flags.config, cwd);
  // A flag's value, else the config's (named for messages), else undefined.
  const pick = (flag: string, key: string): { value: unknown; where: string } | undefined => {
    const fromFlag = (flags as Record<string, unknown>)[flag];
    if (fromFlag !== undefined) return { value: fromFlag, where: `--${flag}` };
    if (config[key] !== undefined) return { value: config[key], where: `config "${key}"` };
    return undefined;
  };
  const seconds = (flag: string, key: string, fallback: number): number => {
    const found = pick(flag, key);
    return found ? positiveNumber(found.value, `${found.where} (seconds)`, 1000) : fallback;
  };
  const optionalText = (flag: string, key: string): string | undefined => {
    const found = pick(flag, key);
    return found ? text(found.value, found.where) : undefined;
  };
  const [command = '', ...rest] = positionals;
  const budgetFound = pick('budget', 'budget');
  const metricsFound = pick('metric', 'metrics');
  const runsFound = pick('runs', 'runs');
  const alphaFound = pick('alpha', 'alpha');
  const thresholdFound = pick('threshold', 'threshold');
  const marginFound = pick('margin', 'margin');
  const windowFound = pick('window', 'window');
  // The URL is the positional after the command (or `baseline update <url>`), else the config's.
  const urlArgument = command === 'baseline' ? rest[1] : rest[0];
  return {
    command: [command, ...rest],
    help: flags.help === true,
    version: flags.version === true,
    url:
      urlArgument ??
      (config['url'] === undefined ? undefined : text(config['url'], 'config "url"')),
    baselineUrl: optionalText('baseline-url', 'baselineUrl'),
    baseline: optionalText('baseline', 'baseline'),
    budget:
      budgetFound === undefined
        ? undefined
        : typeof budgetFound.value === 'string'
          ? text(budgetFound.value, budgetFound.where)
          : strings(budgetFound.value, budgetFound.where),
    monitor: optionalText('monitor', 'monitor'),
    scenario: optionalText('scenario', 'scenario'),
    duration: seconds('duration', 'duration', DEFAULTS.duration),
    settle: seconds('settle', 'settle', DEFAULTS.settle),
    timeLimit: seconds('time-limit', 'timeLimit', DEFAULTS.timeLimit),
    runs: runsFound ? Math.ceil(positiveNumber(runsFound.value, runsFound.where)) : DEFAULTS.runs,
    alpha: alphaFound ? fraction(alphaFound.value, alphaFound.where) : DEFAULTS.alpha,
    threshold: thresholdFound
      ? fraction(thresholdFound.value, thresholdFound.where)
      : DEFAULTS.threshold,
    margin: marginFound ? fraction(marginFound.value, marginFound.where) : DEFAULTS.margin,
    metrics: metricsFound ? strings(metricsFound.value, metricsFound.where) : DEFAULTS.metrics,
    out: optionalText('out', 'out') ?? DEFAULTS.out,
    output: optionalText('output', 'output') ?? DEFAULTS.output,
    window: windowFound
      ? positiveNumber(windowFound.value, `${windowFound.where} (ms)`)
      : DEFAULTS.window,
    progress: flags.quiet === true ? false : flags.progress,
  };
}
