#!/usr/bin/env node
// `npm run demo [-- --quick] [-- --out dir]`: the main job, on a fresh machine.
//  1. setup (npm dependencies, Chromium with Mesa GL), as `npm test` does;
//  2. builds the examples with Vite from the sources (`--mode source`: seconds, where the full
//     package build takes over a minute here);
//  3. transpiles the demo driver (scripts/demo/*.ts and the src/cli helpers it imports) to
//     build/demo without type checking (`npm test` typechecks it), which takes well under a
//     second where `tsc -p` takes 5–25 s on a busy 2-core machine;
//  4. runs it: see scripts/demo/run.ts. The exit code is the driver's.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build/demo');
const args = process.argv.slice(2);

function step(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

step(process.execPath, [join(root, 'scripts/setup.mjs')]);
if (!args.includes('--no-build')) {
  console.log('[demo] building the examples (vite --mode source)');
  step(process.execPath, [
    join(root, 'node_modules/vite/bin/vite.js'),
    'build',
    '-c',
    'examples/vite.config.ts',
    '--mode',
    'source',
    '--logLevel',
    'warn',
  ]);
}

// Transpile run.ts and every relative module it reaches; JSON modules are copied.
const ts = (await import('typescript')).default;
const pending = [join(root, 'scripts/demo/run.ts')];
const done = new Set();
while (pending.length > 0) {
  const file = pending.pop();
  if (done.has(file)) continue;
  done.add(file);
  const target = join(out, relative(root, file));
  mkdirSync(dirname(target), { recursive: true });
  if (file.endsWith('.json')) {
    copyFileSync(file, target);
    continue;
  }
  const source = readFileSync(file, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: file,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
    },
  });
  writeFileSync(target.replace(/\.ts$/, '.js'), outputText);
  // Type-only imports are gone from the output: follow what is left.
  for (const [, specifier] of outputText.matchAll(/from ['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const path = resolve(dirname(file), specifier);
    pending.push(path.endsWith('.js') ? path.replace(/\.js$/, '.ts') : path);
  }
}

const run = spawnSync(process.execPath, [join(out, 'scripts/demo/run.js'), ...args], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
