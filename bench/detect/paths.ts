/**
 * Paths in the repository, whether this code runs from source (vitest) or compiled into
 * build/bench/ (npm run bench): found by walking up to the package.json.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json')) || directory.endsWith('build')) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('no package.json above the benchmark');
    directory = parent;
  }
  return directory;
}

/** The directory of the recorded traces (with a trailing separator). */
export function tracesDirectory(): string {
  return join(findRoot(), 'test', 'fixtures', 'traces') + '/';
}
