#!/usr/bin/env node
// `npm run bench [name...]`: compiles bench/ to plain JavaScript (so nothing but V8 runs the
// timed code) and runs each benchmark in its own Node process. Names filter bench/*.bench.ts.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.slice(2);
const benches = readdirSync(join(root, 'bench'))
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''))
  .filter((name) => wanted.length === 0 || wanted.includes(name));
if (benches.length === 0) {
  console.error(`No benchmark matches ${wanted.join(', ')}. Available: see bench/*.bench.ts`);
  process.exit(2);
}

const compile = spawnSync('npx', ['tsc', '-p', 'bench/tsconfig.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (compile.status !== 0) process.exit(compile.status ?? 1);

for (const name of benches) {
  console.log(`\n=== bench/${name}.bench.ts (node ${process.version})`);
  const result = spawnSync('node', [join(root, 'build/bench/bench', `${name}.bench.js`)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
