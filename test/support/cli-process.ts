/**
 * Runs the built CLI (dist/cli.js) as a child process without blocking this one, so that a
 * server the caller runs in-process keeps answering the browsers the CLI drives.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The built CLI, from the repository root (the working directory of tests and benches). */
export const CLI = join(process.cwd(), 'dist/cli.js');

/** What a CLI run printed, its exit code and how long it took. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/**
 * Runs `node dist/cli.js …args` as a CI job would (`CI=1`, plus `env`), in `cwd` (default this
 * process's), and resolves when it exits.
 */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      env: { ...process.env, CI: '1', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      done({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 });
    });
  });
}
