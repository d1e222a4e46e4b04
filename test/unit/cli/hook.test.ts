import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HOOK_SCRIPT, hookInstall } from '../../../src/cli/commands/hook.js';
import { createOutput } from '../../../src/cli/console-output.js';

const output = createOutput(new PassThrough(), new PassThrough(), false);

/** A new git repository, with `config` as its perfwarden.config.json when given. */
function repository(config?: object): string {
  const repo = mkdtempSync(join(tmpdir(), 'perfwarden-hook-'));
  execFileSync('git', ['init', '-q'], { cwd: repo });
  if (config) writeFileSync(join(repo, 'perfwarden.config.json'), JSON.stringify(config));
  return repo;
}

const CONFIGURED = { url: 'http://localhost:4174/', baselineUrl: 'http://localhost:4173/' };

describe('perfwarden hook install', () => {
  it('writes an executable pre-push hook running the configured compare, and replaces its own', async () => {
    const repo = repository(CONFIGURED);
    expect(await hookInstall(repo, output)).toBe(0);
    const hook = join(repo, '.git/hooks/pre-push');
    expect(readFileSync(hook, 'utf8')).toBe(HOOK_SCRIPT);
    expect(HOOK_SCRIPT).toContain('npx --no-install perfwarden compare');
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    expect(await hookInstall(repo, output)).toBe(0);
  });

  it('reads the config of the repository root, where git runs the hook', async () => {
    const repo = repository(CONFIGURED);
    execFileSync('mkdir', ['-p', 'packages/app'], { cwd: repo });
    expect(await hookInstall(join(repo, 'packages/app'), output)).toBe(0);
  });

  it('refuses to install a hook that would fail every push, naming the key to add', async () => {
    const bare = repository();
    await expect(hookInstall(bare, output)).rejects.toThrow(
      /with the settings of perfwarden\.config\.mjs or perfwarden\.config\.json in .*, and there is neither: create one, e\.g\. perfwarden\.config\.json: \{ "url": /,
    );
    expect(existsSync(join(bare, '.git/hooks/pre-push'))).toBe(false);
    await expect(
      hookInstall(repository({ baselineUrl: 'http://localhost:4173/' }), output),
    ).rejects.toThrow(
      /^perfwarden\.config\.json has no "url" \(the candidate page the hook measures\): add it/,
    );
    await expect(hookInstall(repository({ url: 'localhost:4174' }), output)).rejects.toThrow(
      /perfwarden\.config\.json "url" "localhost:4174" (is not a URL|must be an http)/,
    );
    await expect(
      hookInstall(repository({ url: 'http://localhost:4174/' }), output),
    ).rejects.toThrow(
      /^perfwarden\.config\.json names nothing to compare "url" with: add "baselineUrl" .*, "baseline" .* or "budget"/,
    );
  });

  it('never overwrites a hook someone else wrote, and says so outside a repository', async () => {
    const repo = repository(CONFIGURED);
    writeFileSync(join(repo, '.git/hooks/pre-push'), '#!/bin/sh\nmake lint\n');
    await expect(hookInstall(repo, output)).rejects.toThrow(
      /already exists and was not written by perfwarden/,
    );
    await expect(hookInstall(mkdtempSync(join(tmpdir(), 'no-repo-')), output)).rejects.toThrow(
      /not inside a git repository/,
    );
  });
});
