/**
 * Rewrites the "size" column of the README's size table with what `npm run size` measures now
 * (run `npm run build` first). test/package/size-docs.test.ts fails when the two differ.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const readmePath = `${root}README.md`;
const measured = JSON.parse(
  execFileSync(`${root}node_modules/.bin/size-limit`, ['--json'], { cwd: root, encoding: 'utf8' }),
);
const sizes = new Map(measured.map(({ name, size }) => [name, `${(size / 1000).toFixed(2)} kB`]));

let changed = 0;
const lines = readFileSync(readmePath, 'utf8')
  .split('\n')
  .map((line) => {
    const cells = line.split('|');
    const name = cells[1]?.trim();
    if (cells.length !== 5 || name === undefined || !sizes.has(name)) return line;
    const size = sizes.get(name);
    sizes.delete(name);
    if (cells[2]?.trim() === size) return line;
    changed++;
    cells[2] = ` ${size} `;
    return cells.join('|');
  });
if (sizes.size > 0) {
  console.error(`README.md has no size-table row for: ${[...sizes.keys()].join(', ')}`);
  process.exitCode = 1;
}
writeFileSync(readmePath, lines.join('\n'));
console.log(`README.md: ${changed} size(s) rewritten; run prettier on it if the columns moved.`);
