import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The import layers of src/ as eslint.config.mjs encodes them (docs/architecture.md, "Import
// layers"); `npm run lint` applies them to the tree, this checks that they do catch what they
// are for. The config is loaded by URL: it is plain JavaScript without declarations.
const configUrl = pathToFileURL(resolve('eslint.config.mjs')).href;
const { FOLDERS, importLayers } = (await import(configUrl)) as {
  FOLDERS: string[];
  importLayers: Linter.Config[];
};
const linter = new Linter({ configType: 'flat', cwd: process.cwd() });
const config: Linter.Config[] = [
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  ...importLayers,
];

/** The layer messages for `source` as if it were the file `path` of the repository. */
function violations(path: string, source: string): string[] {
  return linter
    .verify(source, config, resolve(path))
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('import layers', () => {
  it('give every folder of src/ a layer', () => {
    const folders = readdirSync('src', { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect([...folders].sort()).toEqual([...FOLDERS].sort());
  });

  it.each([
    ['src/detect/x.ts', "import { createPipeline } from '../export/pipeline.js';"],
    ['src/detect/x.ts', "import type { Monitor } from '../monitor/create-monitor.js';"],
    ['src/stats/x.ts', "import { contextKey } from '../analysis/windows.js';"],
    ['src/analysis/x.ts', "import { createDetector } from '../detect/create-detector.js';"],
    ['src/export/x.ts', "import type { Analyzer } from '../analysis/analysis.js';"],
    ['src/export/x.ts', "export { createDetector } from '../detect/create-detector.js';"],
    ['src/sources/x.ts', "import type { Guard } from '../monitor/overhead.js';"],
    ['src/sources/frames/x.ts', "import { now } from '../../monitor/window-clock.js';"],
    ['src/monitor/x.ts', "import { createDetector } from '../detect/create-detector.js';"],
    ['src/report/x.ts', "import { median } from '../cli/run-statistics.js';"],
    ['src/storybook/manager/x.ts', "import { main } from '../../cli/main.js';"],
    ['src/hud/x.ts', "import { createDetector } from '../detect/create-detector.js';"],
    ['src/index.ts', "export { createDetector } from './detect/create-detector.js';"],
    ['src/types.ts', "import type { Analyzer } from './analysis/analysis.js';"],
    ['src/sources/x.ts', "import { readFile } from 'node:fs/promises';"],
    ['src/detect/x.ts', "import { readFile } from 'node:fs/promises';"],
  ])('%s may not: %s', (path, source) => {
    expect(violations(path, source)).toHaveLength(1);
  });

  it.each([
    ['src/detect/x.ts', "import { median } from '../stats/robust.js';"],
    ['src/detect/x.ts', "import type { Baseline } from '../baseline/baseline.js';"],
    ['src/export/x.ts', "import type { ClosedWindow } from '../analysis/windows.js';"],
    ['src/export/x.ts', "import { loadDeferred } from '../deferred/load.js';"],
    ['src/monitor/x.ts', "import { startMemory } from '../sources/memory.js';"],
    ['src/storybook/x.ts', "import { pairedTest } from '../detect/paired-test.js';"],
    ['src/cli/x.ts', "import { readFile } from 'node:fs/promises';"],
    ['src/cli/x.ts', "import { createHud } from '../hud/hud.js';"],
    ['src/baseline/file-storage.ts', "import { readFile } from 'node:fs/promises';"],
    ['src/sources/frames/x.ts', "import { FrameAnalysis } from './analysis.js';"],
  ])('%s may: %s', (path, source) => {
    expect(violations(path, source)).toEqual([]);
  });

  it('names the import, the layer, what it may import and where the rule is explained', () => {
    const [message] = violations('src/detect/x.ts', "import { x } from '../export/pipeline.js';");
    expect(message).toContain("'../export/pipeline.js'");
    expect(message).toContain(
      'src/detect may import only the core, stats, baseline, analysis (docs/architecture.md, "Import layers").',
    );
  });
});
