/**
 * The CLI's commands as data: how each is written, what it does, its exit codes and an
 * example. The help texts are generated from this table and the option table (options.ts).
 */

/** What `perfwarden <command> --help` says besides the options. */
export interface CommandSpec {
  /** One line per form of the command, each with what that form does. */
  usage: readonly (readonly [form: string, what: string])[];
  /** A paragraph: what the command does. */
  about: string;
  /** The command's argument, e.g. `<url>`, and the setting it fills (also a config key). */
  argument?: { name: string; key: 'url' | 'storybook' };
  exitCodes: string;
  example: string;
}

const EXIT_CODES = '0 pass, 1 regression or budget exceeded, 2 usage or runtime error';

/** Every command, in the order the global help lists them. */
export const COMMANDS = {
  compare: {
    usage: [
      ['perfwarden compare <url> --baseline-url <url>', 'interleaved A/B (recommended)'],
      ['perfwarden compare <url> --baseline <file>', 'against a stored baseline, with a margin'],
      ['perfwarden compare <url> --budget <file>', 'budgets only (also combines with the above)'],
    ],
    about:
      'Measures the candidate page <url> in headless Chromium and fails only on a confident ' +
      'regression: interleaved runs of both pages until every metric is decided or the time ' +
      'limit, or runs of the candidate against a stored baseline, plus budget rules. A metric ' +
      'that was asked for but not measured is an error, never a pass.',
    argument: { name: '<url>', key: 'url' },
    exitCodes:
      '0 pass or undecided; 1 regression, budget exceeded, or undecided with ' +
      '--fail-on-undecided; 2 usage or runtime error, or a metric asked for was not measured',
    example:
      'perfwarden compare http://localhost:4174/ --baseline-url http://localhost:4173/ --monitor window.app.monitor',
  },
  run: {
    usage: [['perfwarden run <url> [--output run.json]', 'one measured run, written as windows']],
    about:
      'Measures <url> once and writes the window summaries (with their histograms) as a run file.',
    argument: { name: '<url>', key: 'url' },
    exitCodes: '0 written, 2 usage or runtime error',
    example: 'perfwarden run http://localhost:4174/ --duration 5 --output run.json',
  },
  'baseline update': {
    usage: [
      [
        'perfwarden baseline update <url> [--baseline perf-baseline.json]',
        'record runs into a baseline file',
      ],
    ],
    about:
      'Measures <url> --runs times and merges the runs into the baseline file (created if ' +
      'missing), for `perfwarden compare --baseline`.',
    argument: { name: '<url>', key: 'url' },
    exitCodes: '0 updated, 2 usage or runtime error (or nothing measured)',
    example:
      'perfwarden baseline update http://localhost:4173/ --baseline perf-baseline.json --runs 5',
  },
  storybook: {
    usage: [
      [
        'perfwarden storybook <storybook-static dir | URL>',
        'every story of a built Storybook against a baseline',
      ],
    ],
    about:
      'Measures every story of a built Storybook that uses the perfwarden/storybook add-on, in ' +
      'headless Chromium, and compares each with a stored baseline.',
    argument: { name: '<dir | URL>', key: 'storybook' },
    exitCodes: EXIT_CODES,
    example:
      'storybook build && perfwarden storybook storybook-static --baseline perf/storybook-baseline.json',
  },
  doctor: {
    usage: [['perfwarden doctor', 'can this machine measure? what to fix']],
    about:
      'Checks playwright-core, Chromium, WebGL2, GPU timer queries and whether the renderer is ' +
      'software, and says what to fix.',
    exitCodes: '0 runs can be measured, 2 they cannot',
    example: 'perfwarden doctor',
  },
  'hook install': {
    usage: [['perfwarden hook install', 'git pre-push hook running `perfwarden compare`']],
    about:
      'Writes a git pre-push hook that runs `perfwarden compare` with the settings of ' +
      'perfwarden.config.mjs / .json in the repository root, which must name the candidate ' +
      '("url") and what to compare it with ("baselineUrl", "baseline" or "budget").',
    exitCodes: '0 installed, 2 usage error (no repository, no config, a key missing)',
    example: 'perfwarden hook install',
  },
} satisfies Record<string, CommandSpec>;

/** A command's name as typed, e.g. `compare` or `baseline update`. */
export type CommandName = keyof typeof COMMANDS;

/** The command names, in table order. */
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

/** The spec of `command` (typed for commands with and without an argument alike). */
export function commandSpec(command: CommandName): CommandSpec {
  return COMMANDS[command];
}
