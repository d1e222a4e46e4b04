/**
 * The README's size table against the package: every size-limit check is a row, with its
 * budget and with the size `npm run size` measures now (after `npm run build`), so that the
 * table cannot drift from the code.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): string => readFileSync(`${root}${path}`, 'utf8');
const pkg = JSON.parse(read('package.json')) as { 'size-limit': { name: string; limit: string }[] };
const readme = read('README.md');

interface Measured {
  name: string;
  size: number;
}
const measured = JSON.parse(
  execFileSync(`${root}node_modules/.bin/size-limit`, ['--json'], {
    cwd: root,
    encoding: 'utf8',
  }),
) as Measured[];

/** How the table writes a size: kilobytes (1000 bytes) with two decimals, as size-limit does. */
function kilobytes(bytes: number): string {
  return `${(bytes / 1000).toFixed(2)} kB`;
}

function row(name: string): string[] | undefined {
  return readme
    .split('\n')
    .find((line) => line.startsWith(`| ${name} `))
    ?.split('|')
    .map((cell) => cell.trim());
}

describe('the README size table', () => {
  it.each(pkg['size-limit'])('lists "$name" with its budget, $limit', ({ name, limit }) => {
    expect(row(name), `README row for ${name}`).toContain(limit);
  });

  it.each(measured)('lists "$name" with the size measured now', ({ name, size }) => {
    expect(row(name), `README row for ${name} (npm run size:table rewrites it)`).toContain(
      kilobytes(size),
    );
  });
});
