/** The help texts, generated from the command table and the option table. */
import { VERSION } from '../version.js';
import { COMMAND_NAMES, commandSpec } from './command-specs.js';
import type { CommandName } from './command-specs.js';
import { helpOf, optionsOf } from './options.js';
import type { OptionRow } from './options.js';

const WIDTH = 100;

/** Words of `text` in lines of at most `width - indent` characters, indented after the first. */
function wrap(text: string, indent: number, width = WIDTH): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

const camel = (flag: string): string =>
  flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** How an option is written: `--duration <s>`, or the command's argument. */
function written(row: OptionRow, argument: string | undefined): string {
  if (row.flag === undefined) return argument ?? `(config "${row.key ?? row.name}")`;
  const placeholder = row.spec.placeholder ?? row.spec.kind.placeholder;
  return row.spec.kind.isSwitch || placeholder === undefined
    ? row.flag
    : `${row.flag} ${placeholder}`;
}

/** The help line's text: what it does, its default, and its config key where not the flag's. */
function described(row: OptionRow, command: CommandName): string {
  const { spec } = row;
  const value = spec.default;
  const shown =
    spec.shownDefault ??
    (value === undefined || value === false
      ? undefined
      : (spec.kind.show?.(value) ??
        (typeof value === 'number' || typeof value === 'string'
          ? String(value)
          : JSON.stringify(value))));
  const key =
    row.key === undefined
      ? '; flag only'
      : row.flag === undefined || camel(row.flag) !== row.key
        ? `; config "${row.key}"`
        : '';
  return `${helpOf(row, command)}${shown === undefined ? '' : ` (default ${shown})`}${key}`;
}

/** The usage lines of `commands`, their descriptions aligned. */
function usage(commands: readonly CommandName[]): string {
  const forms = commands.flatMap((command) => commandSpec(command).usage);
  const column = Math.max(...forms.map(([form]) => form.length)) + 3;
  return forms.map(([form, what]) => `  ${form.padEnd(column)}${what}`).join('\n');
}

/** `perfwarden --help`: every command, and where to find their options. */
export function globalHelp(): string {
  return `perfwarden ${VERSION}: fail a build only on a confident performance regression.

Usage:
${usage(COMMAND_NAMES)}

${wrap("Run `perfwarden <command> --help` for a command's options, their defaults and an example. Options are also keys of perfwarden.config.mjs / .json (flags win).", 0)}

Exit codes: 0 pass, 1 regression or budget exceeded, 2 usage or runtime error.
Example:
  ${commandSpec('compare').example}
`;
}

/** `perfwarden <command> --help`: its usage, every option it accepts with its default, an example. */
export function commandHelp(command: CommandName): string {
  const spec = commandSpec(command);
  const rows = optionsOf(command);
  const entries: [string, string][] = [
    ...rows.map((row): [string, string] => [
      written(row, spec.argument?.name),
      described(row, command),
    ]),
    ['-h, --help', 'this help'],
  ];
  const column = Math.min(Math.max(...entries.map(([flag]) => flag.length)) + 2, 26);
  const options = entries
    .map(([flag, text]) => {
      const head = `  ${flag}`;
      const pad =
        head.length + 2 > column + 2
          ? `\n${' '.repeat(column + 2)}`
          : ' '.repeat(column + 2 - head.length);
      return `${head}${pad}${wrap(text, column + 2)}`;
    })
    .join('\n');
  return `Usage:
${usage([command])}

${wrap(spec.about, 0)}

Options${rows.length > 0 ? ' (also keys of perfwarden.config.mjs / .json: the flag in camelCase unless shown; flags win)' : ''}:
${options}

${wrap(`Exit codes: ${spec.exitCodes}.`, 2)}
Example:
  ${spec.example}
`;
}
