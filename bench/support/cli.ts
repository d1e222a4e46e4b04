/**
 * Runs the built CLI (dist/cli.js) as a child process without blocking this one, so that a
 * server the bench runs in-process keeps answering the browsers the CLI drives.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The built CLI, from the repository root. */
export const CLI = join(process.cwd(), 'dist/cli.js');

/** What a CLI run printed, its exit status and how long it took. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs `node dist/cli.js …args` (with `CI=1`, as in a CI job) and resolves when it exits. */
export function runCli(args: readonly string[]): Promise<CliRun> {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, CI: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => {
      done({ status, stdout, stderr, seconds: (performance.now() - started) / 1000 });
    });
  });
}
