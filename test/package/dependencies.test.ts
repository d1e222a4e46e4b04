import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'rollup/parseAst';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

/**
 * Every module specifier in `code`: static and dynamic imports, re-exports, and `require('…')`
 * calls (the CommonJS builds), from the syntax tree, so that comments and strings do not count.
 */
function specifiers(code: string): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    const source = record['source'] as { value?: unknown } | null | undefined;
    if (
      (record['type'] === 'ImportDeclaration' ||
        record['type'] === 'ImportExpression' ||
        record['type'] === 'ExportNamedDeclaration' ||
        record['type'] === 'ExportAllDeclaration') &&
      typeof source?.value === 'string'
    ) {
      found.push(source.value);
    }
    const callee = record['callee'] as { type?: string; name?: string } | undefined;
    const [argument] = (record['arguments'] ?? []) as { value?: unknown }[];
    if (
      record['type'] === 'CallExpression' &&
      callee?.type === 'Identifier' &&
      callee.name === 'require' &&
      typeof argument?.value === 'string'
    ) {
      found.push(argument.value);
    }
    for (const [key, value] of Object.entries(record)) if (key !== 'type') visit(value);
  };
  visit(parseAst(code));
  return found;
}

/** The package a bare specifier names: `storybook/manager-api` → `storybook`, `@a/b/c` → `@a/b`. */
const packageOf = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

const isBare = (specifier: string): boolean =>
  !specifier.startsWith('.') &&
  !specifier.startsWith('/') &&
  !specifier.startsWith('node:') &&
  !builtinModules.includes(specifier);

describe('dependencies of the built package', () => {
  const scripts = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) =>
    /\.c?js$/.test(file),
  );
  const external = new Map<string, string>();
  for (const file of scripts) {
    for (const specifier of specifiers(readFileSync(`${dist}${file}`, 'utf8'))) {
      if (isBare(specifier)) external.set(packageOf(specifier), file);
    }
  }

  it('finds the imports it checks', () => {
    expect(
      specifiers("import a from 'x'; export * from './y'; require('z'); import('w');"),
    ).toEqual(['x', './y', 'z', 'w']);
    expect(specifiers("// import a from 'x'\nconst s = \"require('y')\";")).toEqual([]);
    expect(packageOf('@scope/name/sub')).toBe('@scope/name');
    expect(external.get('web-vitals')).toBeDefined();
  });

  it('declares every package an import in dist/ leaves external', () => {
    const declared = new Set([
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.peerDependencies ?? {}),
    ]);
    const undeclared = [...external].filter(([name]) => !declared.has(name));
    expect(undeclared).toEqual([]);
  });

  it('makes the peers optional: only the CLI and the Storybook add-on need them', () => {
    for (const name of Object.keys(pkg.peerDependencies ?? {})) {
      expect(pkg.peerDependenciesMeta?.[name]?.optional, name).toBe(true);
    }
    expect(pkg.peerDependencies?.['react']).toBe('>=18');
  });
});
