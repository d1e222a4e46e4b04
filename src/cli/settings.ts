/**
 * The CLI's settings: the option table's defaults, then the config file (perfwarden.config.mjs
 * or .json), then command-line flags, which win. Every value is checked here, by the parser the
 * table gives its option, and a wrong one is a {@link UsageError} naming the flag or config key.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CommandName } from './command-specs.js';
import { commandSpec } from './command-specs.js';
import { parseCommandLine } from './command-line.js';
import type { CommandLine } from './command-line.js';
import { nearest } from './nearest.js';
import { defaultSettings, OPTION_ROWS, optionsOf } from './options.js';
import type { Settings } from './options.js';
import { messageOf, UsageError } from './usage-error.js';

export type { Settings } from './options.js';
export { DEFAULT_AB_METRICS, DEFAULT_STORED_METRICS } from './options.js';

/** Measured time per run without `--duration`, ms. */
export const DEFAULT_RUN_MS = 2000;
/**
 * Measured time per run of an A/B whose pages run side by side, ms. There a run's value differs
 * from the next load's by more than its own frames' noise (page loads differ), so more, shorter
 * pairs decide sooner: measured in bench/ci-gate.bench.ts (docs/ci.md, "Measured").
 */
export const PARALLEL_RUN_MS = 1000;

/** The measured time per run: `--duration` when given, else the default for how runs are laid out. */
export function runDuration(settings: Pick<Settings, 'duration'>, parallel = false): number {
  return settings.duration ?? (parallel ? PARALLEL_RUN_MS : DEFAULT_RUN_MS);
}

/** Names of config files looked for in the working directory, in order. */
export const CONFIG_FILES = ['perfwarden.config.mjs', 'perfwarden.config.json'];

/** A config file's values by key, and the file as the user named it (for messages). */
export interface ConfigFile {
  /** The path as given, or the default file's name; undefined when there is none. */
  name: string | undefined;
  values: Record<string, unknown>;
}

const CONFIG_KEYS = [...new Set(OPTION_ROWS.flatMap((row) => row.key ?? []))];

/**
 * Reads the config file: `--config path` (relative to `cwd`), or the first of
 * {@link CONFIG_FILES} found in `cwd`. Messages name the file as the user gave it.
 */
export async function readConfig(path: string | undefined, cwd: string): Promise<ConfigFile> {
  const name = path ?? CONFIG_FILES.find((candidate) => existsSync(resolve(cwd, candidate)));
  if (name === undefined) return { name: undefined, values: {} };
  const file = resolve(cwd, name);
  if (!existsSync(file)) throw new UsageError(`config file ${name} not found`);
  let value: unknown;
  try {
    value = file.endsWith('.json')
      ? JSON.parse(await readFile(file, 'utf8'))
      : ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
  } catch (error) {
    throw new UsageError(`cannot read config ${name}: ${messageOf(error).split('\n')[0] ?? ''}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(
      `config ${name} must ${file.endsWith('.json') ? 'hold' : 'export by default'} an object`,
    );
  }
  const values = value as Record<string, unknown>;
  for (const key of Object.keys(values)) {
    if (CONFIG_KEYS.includes(key)) continue;
    const suggestion = nearest(key, CONFIG_KEYS);
    throw new UsageError(
      `config ${name}: unknown key "${key}"${suggestion ? `, did you mean "${suggestion}"?` : ''}; known keys: ${CONFIG_KEYS.join(', ')}`,
    );
  }
  // Every key is checked, also those of other commands: a broken config says so at once.
  for (const row of OPTION_ROWS) {
    if (row.key !== undefined && values[row.key] !== undefined) {
      row.spec.kind.parse(values[row.key], `config "${row.key}"`);
    }
  }
  return { name, values };
}

/** The settings of `line.command`: defaults, then the config file, then flags. */
export async function resolveSettings(
  line: CommandLine,
  cwd: string,
): Promise<Settings & { command: CommandName }> {
  const { command } = line;
  if (command === undefined) throw new UsageError('no command; see perfwarden --help');
  const config = await readConfig(line.flags.config as string | undefined, cwd);
  const settings = defaultSettings() as Record<string, unknown>;
  const argument = commandSpec(command).argument;
  for (const row of optionsOf(command)) {
    const flag = line.flags[row.name];
    const configured = row.key === undefined ? undefined : config.values[row.key];
    if (row.name === argument?.key && line.argument !== undefined) {
      settings[row.name] = row.spec.kind.parse(line.argument, argument.name);
    } else if (flag !== undefined && row.flag !== undefined) {
      settings[row.name] = row.spec.kind.parse(flag, row.flag);
    } else if (configured !== undefined && row.key !== undefined) {
      settings[row.name] = row.spec.kind.parse(configured, `config "${row.key}"`);
    }
  }
  return { ...(settings as Settings), command };
}

/** Parses argv and the config file into the command's settings (flags win over the file). */
export async function readSettings(
  argv: readonly string[],
  cwd = process.cwd(),
): Promise<Settings & { command: CommandName }> {
  return resolveSettings(parseCommandLine(argv), cwd);
}
