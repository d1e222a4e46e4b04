/**
 * docs/api.md against the sources: the report `npm run api` writes (every export of every
 * package entry, with its declaration and TSDoc summary) must equal the checked-in one, so
 * that a change to the public API cannot land without its report, and shows in review.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the API report', () => {
  it('docs/api.md is what `npm run api` writes now', () => {
    const current = execFileSync(process.execPath, ['scripts/api-report.mjs', '--print'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(current, 'the report lists the root entry').toContain('## `perfwarden`');
    expect(readFileSync(`${root}docs/api.md`, 'utf8'), 'run `npm run api`').toBe(current);
  }, 60_000);
});
