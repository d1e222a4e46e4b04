/**
 * The command line split into the command, its argument and its flags, checked against the
 * option table: an unknown option, a flag another command owns, a missing value or an extra
 * argument is a {@link UsageError} of one line (perfwarden <command>: … (see … --help)).
 */
import { parseArgs } from 'node:util';
import { COMMAND_NAMES, commandSpec } from './command-specs.js';
import type { CommandName } from './command-specs.js';
import { nearest } from './nearest.js';
import { OPTION_ROWS, optionsOf } from './options.js';
import type { OptionName } from './options.js';
import { UsageError } from './usage-error.js';

/** What the command line asks for. */
export interface CommandLine {
  /** Undefined for `perfwarden`, `perfwarden --help` and `perfwarden --version`. */
  command: CommandName | undefined;
  /** `--help`, `-h`, or `perfwarden help [command]`. */
  help: boolean;
  version: boolean;
  /** The command's argument (a URL, a directory). */
  argument: string | undefined;
  /** Flag values as given: text, `true` for switches, a list for repeatable flags. */
  flags: Partial<Record<OptionName, unknown>>;
}

/** Every flag of the table as `parseArgs` needs to know it (whether it takes a value). */
const PARSE_OPTIONS = Object.fromEntries([
  ...OPTION_ROWS.flatMap((row) =>
    row.flag === undefined
      ? []
      : [[row.flag.slice(2), { type: row.spec.kind.isSwitch ? 'boolean' : 'string' }]],
  ),
  ['help', { type: 'boolean', short: 'h' }],
  ['version', { type: 'boolean' }],
]) as NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** `perfwarden compare` as messages name it. */
export function displayName(command: CommandName | undefined): string {
  return command === undefined ? 'perfwarden' : `perfwarden ${command}`;
}

const seeHelp = (command: CommandName | undefined): string => `see ${displayName(command)} --help`;

/** Finds the command among the leading positionals; the rest are its arguments. */
function splitCommand(positionals: readonly string[]): {
  command: CommandName | undefined;
  help: boolean;
  rest: string[];
} {
  const help = positionals[0] === 'help';
  const words = help ? positionals.slice(1) : [...positionals];
  if (words.length === 0) return { command: undefined, help, rest: [] };
  const [first = '', second = ''] = words;
  const two = `${first} ${second}`;
  if ((COMMAND_NAMES as string[]).includes(two)) {
    return { command: two as CommandName, help, rest: words.slice(2) };
  }
  if ((COMMAND_NAMES as string[]).includes(first)) {
    return { command: first as CommandName, help, rest: words.slice(1) };
  }
  const typed = COMMAND_NAMES.some((name) => name.startsWith(`${first} `)) ? two : first;
  const suggestion =
    nearest(typed, COMMAND_NAMES) ?? COMMAND_NAMES.find((name) => name.startsWith(`${first} `));
  throw new UsageError(
    `unknown command "${words.join(' ')}"${suggestion ? `, did you mean "${suggestion}"?` : ''}; see perfwarden --help`,
  );
}

/** The command line split, before its flags are checked against the command. */
export interface SplitCommandLine {
  command: CommandName | undefined;
  help: boolean;
  version: boolean;
  /** Positionals after the command. */
  rest: string[];
  options: OptionToken[];
}

type OptionToken = Extract<
  NonNullable<ReturnType<typeof parseArgs>['tokens']>[number],
  { kind: 'option' }
>;

/** Finds the command (an unknown one is an error) and the flags, unchecked. */
export function splitCommandLine(argv: readonly string[]): SplitCommandLine {
  const { tokens } = parseArgs({
    args: [...argv],
    options: PARSE_OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const positionals = tokens.flatMap((token) => (token.kind === 'positional' ? [token.value] : []));
  const { command, help, rest } = splitCommand(positionals);
  const options = tokens.flatMap((token) => (token.kind === 'option' ? [token] : []));
  return {
    command,
    help: help || options.some((token) => token.name === 'help'),
    version: options.some((token) => token.name === 'version'),
    rest,
    options,
  };
}

/** Checks the flags and the argument of a split command line against its command. */
export function checkCommandLine(split: SplitCommandLine): CommandLine {
  const { command, help, version, rest, options } = split;
  const line: CommandLine = { command, help, version, argument: undefined, flags: {} };
  // Help is shown whatever else the line holds; without a command, so is the global help.
  if (help || version || command === undefined) return line;

  const accepted = optionsOf(command);
  for (const token of options) {
    const row = accepted.find((each) => each.flag === `--${token.name}`);
    if (row === undefined) {
      const owner = OPTION_ROWS.find((each) => each.flag === `--${token.name}`);
      const owners = owner
        ? OPTION_ROWS.filter((each) => each.flag === owner.flag).flatMap(
            (each) => each.spec.commands,
          )
        : [];
      if (owners.length > 0) {
        throw new UsageError(
          `option ${token.rawName} does not apply here, only to ${owners.map((each) => displayName(each)).join(', ')} (${seeHelp(command)})`,
        );
      }
      const flags = [...accepted.flatMap((each) => each.flag ?? []), '--help'];
      const suggestion = token.rawName.startsWith('--') ? nearest(token.rawName, flags) : undefined;
      throw new UsageError(
        `unknown option ${token.rawName}${suggestion ? `, did you mean ${suggestion}?` : ''} (${seeHelp(command)})`,
      );
    }
    const takesValue = row.spec.kind.isSwitch !== true;
    if (
      takesValue &&
      (token.value === undefined || (!token.inlineValue && token.value.startsWith('--')))
    ) {
      throw new UsageError(
        `${token.rawName} needs a value, e.g. ${token.rawName} ${row.spec.placeholder ?? row.spec.kind.placeholder ?? '<value>'} (${seeHelp(command)})`,
      );
    }
    if (!takesValue && token.value !== undefined) {
      throw new UsageError(`${token.rawName} takes no value (${seeHelp(command)})`);
    }
    const value = token.value ?? true;
    const earlier = line.flags[row.name];
    line.flags[row.name] = row.spec.repeatable
      ? [...(Array.isArray(earlier) ? (earlier as unknown[]) : []), value]
      : value;
  }

  const { argument } = commandSpec(command);
  const extra = argument === undefined ? rest : rest.slice(1);
  if (extra.length > 0) {
    throw new UsageError(`unexpected argument "${extra.join(' ')}" (${seeHelp(command)})`);
  }
  line.argument = argument === undefined ? undefined : rest[0];
  return line;
}

/** Parses `argv` (without node and the script): {@link splitCommandLine}, then {@link checkCommandLine}. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  return checkCommandLine(splitCommandLine(argv));
}
