import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  exports: Record<
    string,
    string | { import: Record<string, string>; require: Record<string, string> }
  >;
};
const root = new URL('../../', import.meta.url);

describe('package.json exports (after npm run build)', () => {
  const entries = Object.entries(pkg.exports).filter(([key]) => !key.endsWith('.json'));

  it.each(entries)('%s points at files that exist', (_key, target) => {
    expect(typeof target).toBe('object');
    if (typeof target === 'string') return;
    for (const file of [...Object.values(target.import), ...Object.values(target.require)]) {
      expect(existsSync(new URL(file, root)), file).toBe(true);
    }
  });

  it('loads as ESM and as CommonJS with the same exports', async () => {
    // Self-reference by package name goes through the exports map, as a user's import does.
    // (A variable specifier: dist/ does not exist yet when the typecheck runs.)
    const name = 'perfwarden';
    const esm = (await import(name)) as Record<string, unknown>;
    const cjs = createRequire(import.meta.url)(name) as Record<string, unknown>;
    expect(Object.keys(esm).sort()).toEqual(Object.keys(cjs).sort());
    expect(typeof esm['createMonitor']).toBe('function');
  });

  it('ships a script-tag build for every browser entry', () => {
    // The Storybook add-on's entries run inside Storybook only: no script-tag build.
    for (const [key] of entries.filter(([name]) => !name.startsWith('./storybook'))) {
      const file = key === '.' ? 'perfwarden.iife.js' : `perfwarden-${key.slice(2)}.iife.js`;
      expect(existsSync(new URL(`dist/${file}`, root)), file).toBe(true);
    }
  });
});
