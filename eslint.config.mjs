// Strict, type-aware lint for everything TypeScript; plain JS config and scripts get the
// recommended rules only. Formatting belongs to prettier (`npm run lint` runs both).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Import layers of `src/`: each folder may import the core (the files directly in `src/`), itself
 * and the folders listed here, nothing else. docs/architecture.md ("Import layers") explains
 * them. The check reads import specifiers, which are relative: folder names in `src/` are unique.
 */
const LAYERS = {
  stats: [],
  page: [],
  baseline: ['stats'],
  analysis: ['stats', 'baseline'],
  sources: ['page'],
  detect: ['stats', 'baseline', 'analysis'],
  report: ['stats'],
  // Windows are the data exporters carry; the analyzer itself and the detector they never see.
  export: ['stats', 'page', 'analysis', 'deferred'],
  deferred: ['stats', 'page', 'sources', 'analysis', 'export'],
  monitor: ['stats', 'page', 'sources', 'baseline', 'analysis', 'export', 'deferred'],
  otlp: ['stats', 'analysis', 'export'],
  webgl: ['monitor'],
  vitals: ['sources'],
  hud: ['stats', 'page', 'baseline', 'analysis', 'monitor'],
  storybook: ['stats', 'page', 'sources', 'baseline', 'analysis', 'detect', 'monitor', 'report'],
  cli: null, // Node-only, on top: may import anything
};
/** The root entry `perfwarden`: collector and exporters, never the detector's code. */
const ROOT_ENTRY = ['stats', 'baseline', 'analysis', 'sources', 'export', 'monitor'];
/** Files within an allowed folder that a layer still must not import. */
const NARROWER = {
  // Exporters translate windows; they do not know the analyzer that makes them.
  export: ['analysis/analysis', 'analysis/detector', 'deferred/index'],
};
/** Node-only files: the only ones in `src/` that may import `node:*`. */
const NODE_ONLY = [
  'src/cli/**',
  'src/baseline/file-storage.ts',
  'src/report/index.ts',
  'src/storybook/preset/**',
];

/** Every folder of `src/` has a layer (a test checks it, so that a new folder cannot slip by). */
export const FOLDERS = Object.keys(LAYERS);
const LABELS = { core: 'src/*.ts', index: 'src/index.ts' };
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function layerPatterns(name, allowed, node) {
  const patterns = [];
  const forbidden = FOLDERS.filter((folder) => folder !== name && !allowed.includes(folder));
  if (forbidden.length > 0)
    patterns.push({
      regex: `(^|/)(${forbidden.join('|')})/`,
      message: `${LABELS[name] ?? `src/${name}`} may import only ${['the core', ...allowed].join(', ')} (docs/architecture.md, "Import layers").`,
    });
  for (const file of NARROWER[name] ?? [])
    patterns.push({
      regex: `(^|/)${escape(file)}\\.js$`,
      message: `src/${name} must not import ${file}.ts (docs/architecture.md, "Import layers").`,
    });
  if (!node)
    patterns.push({
      regex: '^node:',
      message:
        'Only the CLI, the baseline file storage, the report writer and the Storybook preset run in Node.',
    });
  return patterns;
}

const layerConfig = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

/** One config object per layer (the rule's options do not merge across objects). */
export const importLayers = [
  layerConfig(['src/*.ts'], layerPatterns('core', [], false)),
  layerConfig(['src/index.ts'], layerPatterns('index', ROOT_ENTRY, false)),
  ...FOLDERS.filter((name) => LAYERS[name] !== null).map((name) =>
    layerConfig([`src/${name}/**/*.ts`], layerPatterns(name, LAYERS[name], false)),
  ),
  // Remembered sessions are saved at pagehide and in idle time: the one file of detect/ that
  // touches the page (through page/, which is inert outside a browser).
  layerConfig(
    ['src/detect/create-detector.ts'],
    layerPatterns('detect', [...LAYERS.detect, 'page'], false),
  ),
  ...NODE_ONLY.filter((glob) => !glob.startsWith('src/cli/')).map((glob) => {
    const name = glob.split('/')[1];
    return layerConfig([glob], layerPatterns(name, LAYERS[name], true));
  }),
];

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'coverage/', 'demo-report/', 'node_modules/', '**/*.d.ts'] },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Numbers in template literals are the norm in messages and reports.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      eqeqeq: 'error',
      'no-console': 'error',
    },
  },
  ...importLayers,
  {
    // Tests, benchmarks and scripts report to the console by design.
    files: ['test/**', 'bench/**', 'scripts/**', 'examples/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
