import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, unknown>;
  dependencies?: Record<string, string>;
};
// perfwarden's own dependencies are bundled as a user's bundler would (an opaque external
// import always looks side-effectful); anything else stays external.
const dependencies = Object.keys(pkg.dependencies ?? {});
// The Storybook manager entry registers its panel when Storybook loads it: that is its job.
const entries = Object.keys(pkg.exports).filter(
  (key) => !key.endsWith('.json') && key !== './storybook/manager',
);

/** Bundles `code` with rollup, resolving `perfwarden/...` to the built ESM files. */
async function bundle(code: string): Promise<string> {
  const build = await rollup({
    input: 'entry',
    plugins: [
      {
        name: 'virtual-entry',
        resolveId: (id) => (id === 'entry' ? id : null),
        load: (id) => (id === 'entry' ? code : null),
      },
      {
        name: 'dependencies',
        resolveId: (id) =>
          dependencies.includes(id) ? fileURLToPath(import.meta.resolve(id)) : null,
      },
    ],
    // Resolve perfwarden through Node (package exports) but keep third-party packages out.
    external: (id) =>
      !id.startsWith('perfwarden') &&
      id !== 'entry' &&
      !dependencies.includes(id) &&
      !id.startsWith('/') &&
      !id.startsWith('.'),
    // Storybook (the add-on's host, loaded anyway), Vitest's browser context (the host of the
    // story test) and Node's built-ins (the preset) do nothing when imported.
    treeshake: {
      moduleSideEffects: (id, external) =>
        !(
          external &&
          (id.startsWith('storybook/') || id.startsWith('vitest/') || id.startsWith('node:'))
        ),
    },
    onwarn: () => undefined,
  });
  const { output } = await build.generate({ format: 'es' });
  await build.close();
  return output.map((chunk) => (chunk.type === 'chunk' ? chunk.code : '')).join('\n');
}

describe('browser entries are side-effect free', () => {
  it.each(entries)('importing %s for nothing leaves nothing in the bundle', async (key) => {
    const specifier = key === '.' ? 'perfwarden' : `perfwarden/${key.slice(2)}`;
    const resolved = import.meta.resolve(specifier);
    const code = await bundle(`import ${JSON.stringify(new URL(resolved).pathname)};`);
    expect(code.trim()).toBe('');
  });

  it('keeps only what is used', async () => {
    const resolved = new URL(import.meta.resolve('perfwarden/detect')).pathname;
    const code = await bundle(
      `import { median } from ${JSON.stringify(resolved)}; console.log(median([1, 2]));`,
    );
    expect(code).toContain('console.log');
    expect(code).not.toContain('LogHistogram');
  });
});
