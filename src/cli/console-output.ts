/**
 * What the CLI prints: on a terminal, one progress line rewritten in place; elsewhere (CI
 * logs), one plain line per step. Progress goes to stderr, results to stdout.
 */
import type { Writable } from 'node:stream';

/** Where and how to print. */
export interface Output {
  /** A progress step: rewritten in place on a terminal, a line otherwise. */
  progress(text: string): void;
  /** A result line (stdout). */
  line(text: string): void;
  /** An error line (stderr). */
  error(text: string): void;
  /** Ends a progress line in place, if any. */
  done(): void;
}

/** Streams to print to, and whether the progress line may redraw. */
export function createOutput(
  stdout: Writable & { isTTY?: boolean },
  stderr: Writable & { isTTY?: boolean },
  interactive: boolean,
): Output {
  let open = false;
  const end = (): void => {
    if (open) stderr.write('\n');
    open = false;
  };
  return {
    progress(text) {
      if (interactive) {
        stderr.write(`\r\u001b[2K${text}`);
        open = true;
      } else {
        stderr.write(`${text}\n`);
      }
    },
    line(text) {
      end();
      stdout.write(`${text}\n`);
    },
    error(text) {
      end();
      stderr.write(`${text}\n`);
    },
    done: end,
  };
}

/** A progress line is drawn in place only on a terminal outside CI, unless told otherwise. */
export function isInteractive(
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv,
  forced: boolean | undefined,
): boolean {
  return forced ?? (stream.isTTY === true && !env['CI']);
}
