import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, unknown>;
  typesVersions?: Record<string, Record<string, string[]>>;
};
/** Every entry a consumer can import: `perfwarden`, `perfwarden/webgl`, … */
const specifiers = Object.keys(pkg.exports)
  .filter((key) => !key.endsWith('.json'))
  .map((key) => (key === '.' ? 'perfwarden' : `perfwarden/${key.slice(2)}`));

// A consumer project whose node_modules/perfwarden is this repository (after npm run build).
const consumer = mkdtempSync(join(tmpdir(), 'perfwarden-types-'));
mkdirSync(join(consumer, 'node_modules'));
symlinkSync(root, join(consumer, 'node_modules/perfwarden'), 'dir');
afterAll(() => {
  rmSync(consumer, { recursive: true, force: true });
});

/** A module that imports every entry and uses one export of each that has any. */
const consumerSource = [
  ...specifiers.map((specifier, i) => `import * as entry${String(i)} from '${specifier}';`),
  `export const entries = [${specifiers.map((_, i) => `entry${String(i)}`).join(', ')}];`,
  "import { createMonitor } from 'perfwarden';",
  "import { gpuTimer } from 'perfwarden/webgl';",
  "import { createHud } from 'perfwarden/hud';",
  'export const monitor = createMonitor();',
  "export const usesTypes: [typeof gpuTimer, ReturnType<typeof createHud>['dom']] | undefined = undefined;",
  '',
].join('\n');

/** Type-checks `files` (name → source) in the consumer with `options`; the diagnostics, as text. */
function typeCheck(files: Record<string, string>, options: Record<string, unknown>): string[] {
  for (const [name, source] of Object.entries(files)) writeFileSync(join(consumer, name), source);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer' }));
  const { options: compilerOptions, errors } = ts.convertCompilerOptionsFromJson(
    {
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      types: [],
      ...options,
    },
    consumer,
  );
  const program = ts.createProgram(
    Object.keys(files).map((name) => join(consumer, name)),
    compilerOptions,
  );
  return [...errors, ...ts.getPreEmitDiagnostics(program)].map((diagnostic) =>
    ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
  );
}

describe('type declarations resolve for every entry (after npm run build)', () => {
  it('with module commonjs and moduleResolution node10 (TypeScript before exports maps)', () => {
    const diagnostics = typeCheck(
      { 'node10.ts': consumerSource },
      // node10 is deprecated in TypeScript 6 but still what many CommonJS projects use.
      { module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0' },
    );
    expect(diagnostics).toEqual([]);
  });

  it('with moduleResolution bundler', () => {
    const diagnostics = typeCheck(
      { 'bundler.ts': consumerSource },
      { module: 'esnext', moduleResolution: 'bundler' },
    );
    expect(diagnostics).toEqual([]);
  });

  it('with moduleResolution node16, from an ES module and from a CommonJS one', () => {
    const diagnostics = typeCheck(
      { 'esm.mts': consumerSource, 'cjs.cts': consumerSource },
      { module: 'node16', moduleResolution: 'node16' },
    );
    expect(diagnostics).toEqual([]);
  });

  it('maps every subpath in typesVersions to the declarations its exports entry names', () => {
    const mapped = pkg.typesVersions?.['*'] ?? {};
    const subpaths = specifiers.filter((s) => s !== 'perfwarden').map((s) => s.slice(11));
    expect(Object.keys(mapped).sort()).toEqual(subpaths.sort());
    for (const subpath of subpaths) {
      const target = pkg.exports[`./${subpath}`] as { import: { types: string } };
      expect(mapped[subpath], subpath).toEqual([target.import.types]);
    }
  });
});
