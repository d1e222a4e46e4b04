import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  'size-limit': { path: string | string[]; limit: string }[];
};
const sizeLimit = join(root, 'node_modules/size-limit/bin.js');
const scratch = mkdtempSync(join(tmpdir(), 'perfwarden-size-'));
symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs size-limit on the real bundles with the given budgets, from a scratch directory. */
function checkBudgets(budgets: { path: string | string[]; limit: string }[]): {
  status: number | null;
  output: string;
} {
  const config = budgets.map((budget) => ({
    ...budget,
    path: Array.isArray(budget.path)
      ? budget.path.map((path) => join(root, path))
      : join(root, budget.path),
    brotli: true,
  }));
  // size-limit finds its plugins through the project's package.json and node_modules.
  const devDependencies = { 'size-limit': '*', '@size-limit/file': '*' };
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({ name: 'scratch', devDependencies, 'size-limit': config }),
  );
  const result = spawnSync(process.execPath, [sizeLimit], { cwd: scratch, encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('size budgets', () => {
  it('fail the check when a bundle is over budget', () => {
    const lowered = pkg['size-limit'].map((budget) => ({ ...budget, limit: '100 B' }));
    const { status, output } = checkBudgets(lowered);
    expect(status).not.toBe(0);
    expect(output).toMatch(/Size limit has exceeded|exceeded/i);
  });

  it('pass with the budgets in package.json', () => {
    const { status, output } = checkBudgets(pkg['size-limit']);
    expect(output).not.toMatch(/exceeded/i);
    expect(status).toBe(0);
  });
});
