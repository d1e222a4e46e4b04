// Builds every browser entry declared in package.json "exports" (the single list of entries):
//   "."        -> src/index.ts        -> dist/index.{js,cjs,d.ts,d.cts}, dist/perfwarden.iife.js
//   "./webgl"  -> src/webgl/index.ts  -> dist/webgl.{js,cjs,d.ts,d.cts}, dist/perfwarden-webgl.iife.js
// Adding an entry is adding its line to "exports" (and its budget to "size-limit").
// The Node-only CLI (src/cli/bin.ts -> dist/cli.js, package.json "bin") is built apart from
// that list, so it can never end up in a browser entry.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** Browser entries: [output name, source file, global name of the script-tag build]. */
const entries = Object.keys(pkg.exports)
  .filter((key) => key.startsWith('.') && !key.endsWith('.json'))
  .map((key) => {
    const name = key === '.' ? 'index' : key.slice(2);
    const source = key === '.' ? 'src/index.ts' : `src/${name}/index.ts`;
    const global = key === '.' ? 'perfwarden' : `perfwarden.${name}`;
    const iife = key === '.' ? 'perfwarden.iife.js' : `perfwarden-${name}.iife.js`;
    return { name, source, global, iife };
  });

const input = Object.fromEntries(entries.map((entry) => [entry.name, entry.source]));
const dependencies = Object.keys(pkg.dependencies ?? {});
// The Storybook add-on's entries run inside Storybook (or Vitest, for the story test), which
// provides these (React is the manager's own) and loads them as ES modules: no script-tag
// build, never bundled.
const isStorybookRuntime = (entry) =>
  entry.name === 'storybook' || entry.name.startsWith('storybook/');
const storybookHost = (id) =>
  id.startsWith('node:') ||
  ['storybook', 'react', 'vitest'].some((dep) => id === dep || id.startsWith(`${dep}/`));
// Bundlers resolve dependencies themselves; only the script-tag builds inline them.
const external = (id) =>
  storybookHost(id) || dependencies.some((dep) => id === dep || id.startsWith(`${dep}/`));
const banner = `/*! ${pkg.name} ${pkg.version} | ${pkg.license} */`;

/**
 * Script-tag builds cannot split code: their loader of the deferred code (analysis and
 * delivery, which a monitor loads after start()) adds perfwarden-deferred.iife.js, built
 * beside them, instead of a dynamic import.
 */
const deferredLoader = fileURLToPath(new URL('./src/deferred/load.js', import.meta.url));
const scriptTagLoader = {
  name: 'script-tag-deferred-loader',
  resolveId(id, importer) {
    if (!importer || !id.startsWith('.')) return null;
    const target = fileURLToPath(new URL(id, pathToFileURL(importer)));
    return target === deferredLoader
      ? fileURLToPath(new URL('./src/deferred/load-script.ts', import.meta.url))
      : null;
  },
};
const scriptTagTerser = () =>
  terser({
    ecma: 2020,
    compress: { passes: 2 },
    // Internals are prefixed `_` so that the script-tag build may shorten them.
    mangle: { properties: { regex: /^_/ } },
    format: { comments: /^!/ },
  });

/**
 * Size probes: what a typical app pays after tree-shaking, bundled and minified like a user's
 * bundler would (ESM, dependencies inlined). size-limit checks them beside the entries.
 */
const sizeProbes = {
  // A RUM setup: the monitor, exporting over HTTP.
  'rum-monitor-http': "export { createMonitor, httpExporter } from './src/index.ts';",
  // The same with the regression detector.
  'monitor-detector-http':
    "export { createMonitor, httpExporter } from './src/index.ts'; export { createDetector } from './src/detect/index.ts';",
  // The analysis with a detector, e.g. in a worker.
  analyzer: "export { createAnalyzer } from './src/detect/index.ts';",
  // What the Storybook add-on adds to a Storybook's preview and manager bundles.
  storybook: "export * from './src/storybook/index.ts';",
  'storybook-preview': "export { decorators } from './src/storybook/preview/index.ts';",
  'storybook-manager': "import './src/storybook/manager/index.ts';",
};

// No source maps: the ESM and CommonJS builds are unminified tsc output that keeps the names
// and the TSDoc, readable as they are, and maps with their sources would more than double the
// package (`sourcesContent` twice over, for ESM and CJS); maps without them point at a src/
// that is not shipped. The script-tag builds are minified and have none either.
const compile = () =>
  typescript({
    tsconfig: './tsconfig.build.json',
    noEmitOnError: true,
    outputToFilesystem: false,
  });

/** JSON imports (`with { type: 'json' }`) of the CLI become plain modules. */
const json = {
  name: 'json',
  transform: (code, id) =>
    id.endsWith('.json') ? { code: `export default ${code};`, map: null } : null,
};

const cli = {
  input: 'src/cli/bin.ts',
  external: (id) =>
    id.startsWith('node:') || id === 'playwright-core' || id.startsWith('playwright-core/'),
  plugins: [
    json,
    typescript({
      tsconfig: './tsconfig.cli.json',
      sourceMap: false,
      noEmitOnError: true,
      outputToFilesystem: false,
    }),
  ],
  output: { file: 'dist/cli.js', format: 'es', banner: `#!/usr/bin/env node\n${banner}` },
};

export default [
  cli,
  {
    input,
    external,
    plugins: [compile()],
    output: [
      {
        dir: 'dist',
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        banner,
      },
      {
        dir: 'dist',
        format: 'cjs',
        entryFileNames: '[name].cjs',
        chunkFileNames: 'chunks/[name]-[hash].cjs',
        banner,
      },
    ],
  },
  {
    input,
    external,
    plugins: [dts({ tsconfig: './tsconfig.build.json' })],
    output: [
      {
        dir: 'dist',
        format: 'es',
        entryFileNames: '[name].d.ts',
        chunkFileNames: 'chunks/[name]-[hash].d.ts',
      },
      {
        dir: 'dist',
        format: 'es',
        entryFileNames: '[name].d.cts',
        chunkFileNames: 'chunks/[name]-[hash].d.cts',
      },
    ],
  },
  ...Object.entries(sizeProbes).map(([name, code]) => ({
    input: `probe:${name}`,
    external: storybookHost,
    plugins: [
      {
        name: 'size-probe',
        // What a probe imports directly runs (the manager entry registers its panel when loaded).
        resolveId: (id, importer) =>
          id === `probe:${name}`
            ? id
            : importer === `probe:${name}`
              ? { id: fileURLToPath(new URL(id, import.meta.url)), moduleSideEffects: true }
              : null,
        load: (id) => (id === `probe:${name}` ? code : null),
      },
      resolve({ browser: true }),
      compile(),
    ],
    // A directory: code a probe loads later (the delivery code) is a chunk of its own, which
    // size-limit measures apart from what the page loads first.
    output: {
      dir: `build/size/${name}`,
      format: 'es',
      entryFileNames: 'index.js',
      chunkFileNames: '[name].js',
      plugins: [
        terser({ ecma: 2020, compress: { passes: 2 }, mangle: { properties: { regex: /^_/ } } }),
      ],
    },
  })),
  ...entries
    .filter((entry) => !isStorybookRuntime(entry))
    .map((entry) => ({
      input: entry.source,
      plugins: [scriptTagLoader, resolve({ browser: true }), compile()],
      output: {
        file: `dist/${entry.iife}`,
        format: 'iife',
        name: entry.global,
        extend: true,
        // A script cannot load chunks: code that other builds load on use (the remembered
        // sessions of perfwarden/detect) is part of it.
        inlineDynamicImports: true,
        banner,
        plugins: [scriptTagTerser()],
      },
    })),
  // The deferred code for the script-tag builds, which load it after start().
  {
    input: 'src/deferred/index.ts',
    plugins: [scriptTagLoader, resolve({ browser: true }), compile()],
    output: {
      file: 'dist/perfwarden-deferred.iife.js',
      format: 'iife',
      name: 'perfwarden.deferred',
      extend: true,
      banner,
      plugins: [scriptTagTerser()],
    },
  },
];
