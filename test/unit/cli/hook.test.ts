import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HOOK_SCRIPT, hookInstall } from '../../../src/cli/commands/hook.js';
import { createOutput } from '../../../src/cli/console-output.js';

const output = createOutput(new PassThrough(), new PassThrough(), false);

describe('perfwarden hook install', () => {
  it('writes an executable pre-push hook running the configured compare, and replaces its own', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'perfwarden-hook-'));
    execFileSync('git', ['init', '-q'], { cwd: repo });
    expect(await hookInstall(repo, output)).toBe(0);
    const hook = join(repo, '.git/hooks/pre-push');
    expect(readFileSync(hook, 'utf8')).toBe(HOOK_SCRIPT);
    expect(HOOK_SCRIPT).toContain('npx --no-install perfwarden compare');
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    expect(await hookInstall(repo, output)).toBe(0);
  });

  it('never overwrites a hook someone else wrote, and says so outside a repository', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'perfwarden-hook-'));
    execFileSync('git', ['init', '-q'], { cwd: repo });
    writeFileSync(join(repo, '.git/hooks/pre-push'), '#!/bin/sh\nmake lint\n');
    await expect(hookInstall(repo, output)).rejects.toThrow(
      /already exists and was not written by perfwarden/,
    );
    await expect(hookInstall(mkdtempSync(join(tmpdir(), 'no-repo-')), output)).rejects.toThrow(
      /not inside a git repository/,
    );
  });
});
