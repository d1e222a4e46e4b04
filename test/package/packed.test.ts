import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** What `npm pack` puts in the tarball (after `npm run build`): path → size in bytes. */
function packedFiles(): Map<string, number> {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [pack] = JSON.parse(output) as { files: { path: string; size: number }[] }[];
  return new Map(pack?.files.map((file) => [file.path, file.size]));
}

/** Relative link and image targets of a Markdown file, without their `#fragment`. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  const targets = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(
    (match) => match[1] ?? '',
  );
  return targets
    .filter((target) => !/^[a-z][a-z+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => decodeURIComponent(target.split('#')[0] ?? ''));
}

const files = packedFiles();
const markdown = [...files.keys()].filter(
  (path) => path === 'README.md' || /^docs\/.*\.md$/.test(path),
);

describe('the packed tarball (npm pack, after npm run build)', () => {
  it('ships the README, the changelog and the docs', () => {
    expect(files.has('README.md')).toBe(true);
    expect(files.has('CHANGELOG.md')).toBe(true);
    expect(markdown).toContain('docs/architecture.md');
    expect(markdown.length).toBeGreaterThan(10);
  });

  it.each(markdown)('ships every file that a relative link in %s points to', (page) => {
    const links = relativeLinks(readFileSync(join(root, page), 'utf8'));
    const missing = links.filter((link) => !files.has(normalize(join(dirname(page), link))));
    expect(missing).toEqual([]);
  });

  it('finds the links it checks', () => {
    const readme = relativeLinks(readFileSync(join(root, 'README.md'), 'utf8'));
    expect(readme).toContain('docs/hud.md');
    expect(readme).toContain('CHANGELOG.md');
    expect(relativeLinks('[a](b.md#c) ![i](images/x.png "t") [w](https://x.org) [s](#t)')).toEqual([
      'b.md',
      'images/x.png',
    ]);
  });

  it('keeps every shipped docs file under 200 KB (no large images)', () => {
    const large = [...files].filter(([path, size]) => path.startsWith('docs/') && size > 200_000);
    expect(large).toEqual([]);
  });

  it('ships no source maps, and no build points at one', () => {
    // Maps without their sources would point at a src/ that is not shipped; with them they
    // would more than double the package (see rollup.config.mjs).
    const paths = [...files.keys()];
    expect(paths.filter((path) => path.endsWith('.map'))).toEqual([]);
    const scripts = paths.filter((path) => /^dist\/.*\.c?js$/.test(path));
    expect(scripts.length).toBeGreaterThan(10);
    const pointing = scripts.filter((path) =>
      readFileSync(join(root, path), 'utf8').includes('sourceMappingURL'),
    );
    expect(pointing).toEqual([]);
  });
});
