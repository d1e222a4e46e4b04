import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../../src/cli/command-specs.js';
import { commandHelp } from '../../../src/cli/help.js';
import { nearest } from '../../../src/cli/nearest.js';
import { helpOf, OPTION_ROWS, optionsOf } from '../../../src/cli/options.js';

describe('the option table', () => {
  it('gives every command unique flags and config keys', () => {
    for (const command of COMMAND_NAMES) {
      const rows = optionsOf(command);
      const flags = rows.flatMap((row) => row.flag ?? []);
      const keys = rows.flatMap((row) => row.key ?? []);
      expect(new Set(flags).size, command).toBe(flags.length);
      expect(new Set(keys).size, command).toBe(keys.length);
    }
  });

  it('shares a config key only between options read the same way', () => {
    for (const row of OPTION_ROWS) {
      for (const other of OPTION_ROWS) {
        if (row.key !== undefined && row.key === other.key) {
          expect(other.spec.kind, `${row.name} and ${other.name}`).toBe(row.spec.kind);
          expect(other.flag, `${row.name} and ${other.name}`).toBe(row.flag);
        }
      }
    }
  });

  it('lists every option of a command, with its help line, in that command’s help', () => {
    for (const command of COMMAND_NAMES) {
      const help = commandHelp(command).replace(/\n\s+/g, ' ');
      for (const row of optionsOf(command)) {
        const text = helpOf(row, command);
        expect(text, `${row.name} in ${command}`).not.toBe('');
        if (row.flag !== undefined) expect(help, command).toContain(row.flag);
        expect(help, `${row.name} in ${command}`).toContain(text);
      }
    }
  });
});

describe('docs/ci.md', () => {
  it('lists every option of perfwarden compare in its config table', () => {
    const guide = readFileSync(new URL('../../../docs/ci.md', import.meta.url), 'utf8');
    for (const row of optionsOf('compare')) {
      expect(guide, row.name).toContain(
        row.key === undefined ? (row.flag ?? '') : `\`${row.key}\``,
      );
    }
  });
});

describe('nearest', () => {
  it('suggests an obvious match only', () => {
    expect(nearest('--treshold', ['--threshold', '--margin'])).toBe('--threshold');
    expect(nearest('--durration', ['--duration', '--settle'])).toBe('--duration');
    expect(nearest('--foo', ['--out', '--runs'])).toBeUndefined();
    expect(nearest('compre', ['compare', 'run'])).toBe('compare');
  });
});
