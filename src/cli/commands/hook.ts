/**
 * `perfwarden hook install`: a git pre-push hook that runs the configured check. The hook runs
 * `perfwarden compare` without arguments in the repository root, so it is installed only when
 * the config file there names everything that needs: a hook failing every push helps nobody.
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Output } from '../console-output.js';
import { CONFIG_FILES, readConfig, readSettings } from '../settings.js';
import { UsageError } from '../usage-error.js';
import { checkUrl } from './compare.js';

/** Marks hooks perfwarden wrote, so it replaces its own and never someone else's. */
const MARKER = '# installed by perfwarden hook install';

/** The hook: `perfwarden compare` with the settings of perfwarden.config.*. */
export const HOOK_SCRIPT = `#!/bin/sh
${MARKER}
# Runs the performance check configured in perfwarden.config.mjs / .json before every push.
# Skip it once with: git push --no-verify
exec npx --no-install perfwarden compare
`;

const EXAMPLE = `e.g. perfwarden.config.json: { "url": "http://localhost:4174/", "baselineUrl": "http://localhost:4173/" }`;

function git(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    throw new UsageError(`${cwd} is not inside a git repository (or git is not installed)`);
  }
}

/** Throws, saying which key to add, unless the config in `root` gives the hook a comparison. */
async function checkHookConfig(root: string): Promise<void> {
  const { name } = await readConfig(undefined, root);
  if (name === undefined) {
    throw new UsageError(
      `the hook runs \`perfwarden compare\` with the settings of ${CONFIG_FILES.join(' or ')} in ${root}, and there is neither: create one, ${EXAMPLE}`,
    );
  }
  const settings = await readSettings(['compare'], root);
  if (settings.url === undefined) {
    throw new UsageError(
      `${name} has no "url" (the candidate page the hook measures): add it, ${EXAMPLE}`,
    );
  }
  checkUrl(settings.url, `${name} "url"`);
  if (
    settings.baselineUrl === undefined &&
    settings.baseline === undefined &&
    settings.budget === undefined
  ) {
    throw new UsageError(
      `${name} names nothing to compare "url" with: add "baselineUrl" (a server of the base build, recommended), "baseline" (a baseline file) or "budget" (rules), ${EXAMPLE}`,
    );
  }
}

/** Installs the hook in the repository of `cwd`; returns the exit code. */
export async function hookInstall(cwd: string, output: Output): Promise<number> {
  const root = git(['rev-parse', '--show-toplevel'], cwd);
  await checkHookConfig(root);
  const path = resolve(cwd, git(['rev-parse', '--git-path', 'hooks'], cwd), 'pre-push');
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
