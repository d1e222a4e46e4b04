import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string): string =>
  readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const pkg = JSON.parse(read('package.json')) as { 'size-limit': { name: string; limit: string }[] };
const readme = read('README.md');

describe('the README size table', () => {
  it.each(pkg['size-limit'])('lists "$name" with its budget, $limit', ({ name, limit }) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| ${name} `));
    expect(row, `README row for ${name}`).toBeDefined();
    expect(row?.split('|').map((cell) => cell.trim())).toContain(limit);
  });
});
