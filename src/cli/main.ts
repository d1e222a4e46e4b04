/**
 * The `perfwarden` command line (Node only; never bundled into a browser entry). Exit codes:
 * 0 pass, 1 confident regression or budget exceeded, 2 usage or runtime error, with one line
 * on stderr that names the command and says what to fix, never a stack trace.
 */
import type { Writable } from 'node:stream';
import { VERSION } from '../version.js';
import { openSession } from './browser-session.js';
import { checkCommandLine, displayName, splitCommandLine } from './command-line.js';
import type { CommandName } from './command-specs.js';
import { baselineUpdate } from './commands/baseline-update.js';
import { compare } from './commands/compare.js';
import type { OpenSession } from './commands/compare.js';
import { doctor } from './commands/doctor.js';
import { hookInstall } from './commands/hook.js';
import { run } from './commands/run.js';
import { storybook } from './commands/storybook.js';
import { createOutput, isInteractive } from './console-output.js';
import { commandHelp, globalHelp } from './help.js';
import { resolveSettings } from './settings.js';
import { messageOf, UsageError } from './usage-error.js';

/** The process streams and environment, injectable for tests. */
export interface Io {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Opens the browser the measuring commands run pages in (tests pass a fake one). */
  openSession?: OpenSession;
}

/** Runs the command line `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const quiet = createOutput(io.stdout, io.stderr, false);
  let command: CommandName | undefined;
  try {
    const split = splitCommandLine(argv);
    command = split.command;
    const line = checkCommandLine(split);
    if (line.version) {
      quiet.line(VERSION);
      return 0;
    }
    if (line.help || command === undefined) {
      quiet.line(command === undefined ? globalHelp() : commandHelp(command));
      return line.help ? 0 : 2;
    }
    if (command === 'doctor') return await doctor(quiet);
    if (command === 'hook install') return await hookInstall(io.cwd, quiet);
    const settings = await resolveSettings(line, io.cwd);
    const output = createOutput(
      io.stdout,
      io.stderr,
      isInteractive(io.stderr, io.env, settings.quiet ? false : settings.progress),
    );
    const open = io.openSession ?? openSession;
    switch (command) {
      case 'compare':
        return await compare(settings, output, io.env, open);
      case 'run':
        return await run(settings, output, open);
      case 'baseline update':
        return await baselineUpdate(settings, output, open);
      case 'storybook':
        return await storybook(settings, output, io.env, io.cwd);
    }
  } catch (error) {
    const name = displayName(command);
    if (error instanceof UsageError) {
      quiet.error(`${name}: ${error.message}`);
    } else {
      // Not the user's fault: still one line, with the stack only on request.
      quiet.error(`${name}: unexpected error: ${messageOf(error)}`);
      if (io.env['PERFWARDEN_DEBUG']) quiet.error(String((error as Error).stack));
    }
    return 2;
  }
}
