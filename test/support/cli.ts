import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { BrowserSession } from '../../src/cli/browser-session.js';
import type { WindowSummary } from '../../src/types.js';

/** What a command line printed and returned. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** URLs the fake browser ran, in order; empty when no session was opened. */
  ran: string[];
}

/** A fresh temporary directory. */
export const temporaryDirectory = (prefix = 'perfwarden-cli-'): string =>
  mkdtempSync(join(tmpdir(), prefix));

/**
 * Runs `perfwarden …argv` in-process with a fake browser whose pages produce `windows(url)`
 * on every run (after `delayMs`, so that time passes as in a real run).
 */
export async function runCli(
  argv: readonly string[],
  options: {
    cwd?: string;
    windows?: (url: string) => WindowSummary[];
    delayMs?: number;
    timerQueries?: boolean;
    /** The fake browser gives main-thread CPU time (`cpu.thread`). Default false. */
    mainThreadTime?: boolean;
  } = {},
): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const ran: string[] = [];
  const session: BrowserSession = {
    probe: {
      browser: 'Chromium (fake)',
      webgl2: true,
      renderer: 'fake renderer',
      software: false,
      timerQueries: options.timerQueries ?? true,
      mainThreadTime: options.mainThreadTime ?? false,
      gpuProcessTime: false,
    },
    run: async (url) => {
      ran.push(url);
      await new Promise((done) => setTimeout(done, options.delayMs ?? 0));
      return options.windows?.(url) ?? [];
    },
    close: () => Promise.resolve(),
  };
  const code = await main(argv, {
    stdout,
    stderr,
    env: {},
    cwd: options.cwd ?? temporaryDirectory(),
    openSession: () => Promise.resolve(session),
  });
  return { code, stdout: out, stderr: err, ran };
}
