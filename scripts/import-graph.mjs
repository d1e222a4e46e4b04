// Prints the import graph of src/ between folders (the files directly in src/ are "core", the
// root entry src/index.ts is "index"):
// one line per edge, with how many imports make it; `--files` lists the importing files too.
// docs/architecture.md ("Import layers") is kept in step with it; eslint.config.mjs enforces it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(import.meta.dirname, '../src');
const IMPORT =
  /(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

const files = readdirSync(SRC, { recursive: true })
  .map(String)
  .filter((path) => path.endsWith('.ts'));
const layerOf = (path) =>
  path === 'index.ts' ? 'index' : path.includes('/') ? path.split('/')[0] : 'core';

const edges = new Map();
for (const file of files) {
  for (const match of readFileSync(join(SRC, file), 'utf8').matchAll(IMPORT)) {
    const target = relative(SRC, resolve(dirname(join(SRC, file)), match[1] ?? match[2]));
    const from = layerOf(file);
    const to = layerOf(target);
    if (from === to) continue;
    const key = `${from} -> ${to}`;
    edges.set(key, [...(edges.get(key) ?? []), file]);
  }
}
for (const [edge, importers] of [...edges].sort(([a], [b]) => a.localeCompare(b))) {
  const detail = process.argv.includes('--files') ? `  ${[...new Set(importers)].join(' ')}` : '';
  console.log(`${edge.padEnd(24)} ${String(importers.length).padStart(3)}${detail}`);
}
