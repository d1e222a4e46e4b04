/**
 * The packed package as its consumers' tools see it: "Are the types wrong?" resolves every
 * entry's types under node10, node16 (ESM and CJS) and bundler resolution, and publint checks
 * package.json against what is packed. Both run on `npm pack` of the built package, offline.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = (name: string): string => join(root, 'node_modules/.bin', name);
const packDirectory = mkdtempSync(join(tmpdir(), 'perfwarden-pack-'));

afterAll(() => {
  rmSync(packDirectory, { recursive: true, force: true });
});

function packedTarball(): string {
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', packDirectory], {
    cwd: root,
    stdio: 'ignore',
  });
  const [tarball] = readdirSync(packDirectory).filter((file) => file.endsWith('.tgz'));
  if (tarball === undefined) throw new Error('npm pack wrote no tarball');
  return join(packDirectory, tarball);
}

interface AttwReport {
  problems: Record<string, unknown[]>;
  analysis: { entrypoints: Record<string, unknown> };
}

describe('consumers’ package checks', () => {
  it('arethetypeswrong finds no problem in any entry', () => {
    const output = execFileSync(bin('attw'), [packedTarball(), '--format', 'json'], {
      cwd: root,
      encoding: 'utf8',
    });
    const report = JSON.parse(output) as AttwReport;
    expect(Object.keys(report.analysis.entrypoints)).toEqual(
      expect.arrayContaining(['.', './webgl', './otlp', './hud', './storybook']),
    );
    expect(report.problems).toEqual({});
  });

  it('publint finds nothing to fix in package.json', () => {
    const output = execFileSync(bin('publint'), ['--strict'], { cwd: root, encoding: 'utf8' });
    expect(output).toContain('All good!');
  });
});
