/** `perfwarden hook install`: a git pre-push hook that runs the configured check. */
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Output } from '../console-output.js';
import { UsageError } from '../usage-error.js';

/** Marks hooks perfwarden wrote, so it replaces its own and never someone else's. */
const MARKER = '# installed by perfwarden hook install';

/** The hook: `perfwarden compare` with the settings of perfwarden.config.*. */
export const HOOK_SCRIPT = `#!/bin/sh
${MARKER}
# Runs the performance check configured in perfwarden.config.mjs / .json before every push.
# Skip it once with: git push --no-verify
exec npx --no-install perfwarden compare
`;

/** Installs the hook in the repository of `cwd`; returns the exit code. */
export async function hookInstall(cwd: string, output: Output): Promise<number> {
  let hooks: string;
  try {
    hooks = execFileSync('git', ['rev-parse', '--git-path', 'hooks'], {
      cwd,
      encoding: 'utf8',
    }).trim();
  } catch {
    throw new UsageError(`${cwd} is not inside a git repository (or git is not installed)`);
  }
  const path = resolve(cwd, hooks, 'pre-push');
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing !== undefined && !existing.includes(MARKER)) {
    throw new UsageError(
      `${path} already exists and was not written by perfwarden; add \`npx perfwarden compare\` to it yourself`,
    );
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, HOOK_SCRIPT, 'utf8');
  await chmod(path, 0o755);
  output.line(`pre-push hook installed: ${path}`);
  return 0;
}
