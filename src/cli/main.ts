/**
 * The `perfwarden` command line (Node only; never bundled into a browser entry). Exit codes:
 * 0 pass, 1 confident regression or budget exceeded, 2 usage or runtime error, with a message
 * that says what to fix and never a stack trace.
 */
import type { Writable } from 'node:stream';
import { VERSION } from '../version.js';
import { baselineUpdate } from './commands/baseline-update.js';
import { compare } from './commands/compare.js';
import { doctor } from './commands/doctor.js';
import { hookInstall } from './commands/hook.js';
import { run } from './commands/run.js';
import { storybook } from './commands/storybook.js';
import { createOutput, isInteractive } from './console-output.js';
import { readSettings } from './settings.js';
import { messageOf, UsageError } from './usage-error.js';

/** `perfwarden --help`. */
export const HELP = `perfwarden ${VERSION}: fail a build only on a confident performance regression.

Usage:
  perfwarden compare <url> --baseline-url <url>   interleaved A/B (recommended)
  perfwarden compare <url> --baseline <file>      against a stored baseline, with a margin
  perfwarden compare <url> --budget <file>        budgets only (also combines with the above)
  perfwarden run <url> [--output run.json]        one measured run, written as window summaries
  perfwarden baseline update <url> [--baseline perf-baseline.json] [--runs 3]
  perfwarden storybook <dir|url> [--baseline <file>]  every story of a built Storybook (see --help)
  perfwarden doctor                               can this machine measure? what to fix
  perfwarden hook install                         git pre-push hook running \`perfwarden compare\`

Options (also keys of perfwarden.config.mjs / .json; flags win):
  --metric <m[:stat]>   metric to check, repeatable; stat p10|p25|p50|p95|p99|mean|max (default
                        p50); default cpu:p10 gpu:p10 (A/B), cpu gpu (stored, p50|p95 only)
  --duration <s>        measured seconds per run (default 2)     --settle <s>  unmeasured start (default 0.5)
  --time-limit <s>      stop adding runs after this (default 60) --runs <n>    stored/run/update (default 3)
  --threshold <f>       smallest slowdown that fails, A/B (default 0.05 = 5 %)
  --margin <f>          ignored change against a stored baseline (default 0.05)
  --alpha <f>           false-failure budget over all metrics (default 0.05)
  --monitor <expr>      page expression giving its own monitor (default: inject one)
  --scenario <file.mjs> default export (page) => … drives the page while measured
  --out <dir>           report directory (default perfwarden-report)
  --config <file>       config file (default ./perfwarden.config.mjs or .json)
  --quiet | --progress  line output / progress line (default: progress on a terminal, lines in CI)

Exit codes: 0 pass, 1 regression or budget exceeded, 2 usage or runtime error.
Example:
  perfwarden compare http://localhost:4174/ --baseline-url http://localhost:4173/ --metric cpu --metric gpu:p95
`;

/** The process streams and environment, injectable for tests. */
export interface Io {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Runs the command line `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const quiet = createOutput(io.stdout, io.stderr, false);
  try {
    // The Storybook CI mode has flags of its own (perfwarden storybook --help).
    if (argv[0] === 'storybook') {
      const output = createOutput(
        io.stdout,
        io.stderr,
        isInteractive(io.stderr, io.env, undefined),
      );
      return await storybook(argv.slice(1), output, io.env, io.cwd);
    }
    const settings = await readSettings(argv, io.cwd);
    const output = createOutput(
      io.stdout,
      io.stderr,
      isInteractive(io.stderr, io.env, settings.progress),
    );
    const [command = '', sub] = settings.command;
    if (settings.version) {
      output.line(VERSION);
      return 0;
    }
    if (settings.help || command === '' || command === 'help') {
      output.line(HELP);
      return settings.help || command === 'help' ? 0 : 2;
    }
    if (command === 'compare') return await compare(settings, output, io.env);
    if (command === 'run') return await run(settings, output);
    if (command === 'doctor') return await doctor(output);
    if (command === 'baseline' && sub === 'update') return await baselineUpdate(settings, output);
    if (command === 'hook' && sub === 'install') return await hookInstall(io.cwd, output);
    throw new UsageError(`unknown command "${settings.command.join(' ')}"; see perfwarden --help`);
  } catch (error) {
    if (error instanceof UsageError) {
      quiet.error(`perfwarden: ${error.message}`);
    } else {
      // Not the user's fault: still one line, with the stack only on request.
      quiet.error(`perfwarden: unexpected error: ${messageOf(error)}`);
      if (io.env['PERFWARDEN_DEBUG']) quiet.error(String((error as Error).stack));
    }
    return 2;
  }
}
