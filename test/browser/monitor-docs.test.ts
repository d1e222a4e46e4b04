import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { httpExporter } from '../../src/index.js';
import { FIXTURE_ROUTES, useBrowser } from './harness.js';

/** A request the README's quick start sent to its endpoint, `/perf`. */
interface Received {
  encoding: string | undefined;
  body: { format?: string; items?: { kind: string; window?: { metric: string } }[] };
}
const received: Received[] = [];

async function receive(request: IncomingMessage): Promise<Received> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const encoding = request.headers['content-encoding'];
  const text = (encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
  return { encoding, body: JSON.parse(text) as Received['body'] };
}

// web-vitals is external in the ESM build: the import map points the page at its ESM file.
const webVitals = fileURLToPath(import.meta.resolve('web-vitals'));
const browser = useBrowser({
  routes: { ...FIXTURE_ROUTES, '/web-vitals/': `${dirname(webVitals)}/` },
  handle: async (request, response) => {
    if (request.method !== 'POST' || request.url !== '/perf') return false;
    received.push(await receive(request));
    response.writeHead(204).end();
    return true;
  },
});

const read = (path: string): string =>
  readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** The `lang` code block that follows `<!-- example: name` in the Markdown file at `path`. */
function example(path: string, name: string, lang: 'html' | 'ts'): string {
  const text = read(path);
  const start = text.indexOf(`<!-- example: ${name}`);
  const match = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(text.slice(start));
  if (start < 0 || !match?.[1]) throw new Error(`no ${lang} example "${name}" in ${path}`);
  return match[1];
}

/** A documented page as written, with the CDN's files served from the local dist/. */
async function openExample(path: string, name: string): Promise<Page> {
  const html = example(path, name, 'html').replaceAll(
    'https://unpkg.com/perfwarden/dist/',
    '/dist/',
  );
  const page = await browser.newPage();
  await page.goto(browser.url('/blank.html'));
  await page.setContent(html);
  return page;
}

/** Maps each package entry to its ESM file in dist/, as a bundler would resolve it. */
function importMap(): string {
  const pkg = JSON.parse(read('package.json')) as {
    exports: Record<string, string | { import: { default: string } }>;
  };
  const imports: Record<string, string> = { 'web-vitals': '/web-vitals/web-vitals.js' };
  for (const [key, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string') continue;
    // './dist/index.js' → '/dist/index.js', where the fixture server serves dist/.
    imports[key === '.' ? 'perfwarden' : `perfwarden/${key.slice(2)}`] =
      target.import.default.slice(1);
  }
  return JSON.stringify({ imports });
}

describe('docs/monitor.md', () => {
  it('runs the quick-start page as written (against dist/perfwarden.iife.js)', async () => {
    const page = await openExample('docs/monitor.md', 'quick-start');
    await page.waitForFunction(
      () => {
        const text = document.getElementById('out')?.textContent ?? '';
        return text.includes('frame: p50') && text.includes('span.draw: p50');
      },
      undefined,
      { timeout: 10_000 },
    );
    expect(browser.pageErrors).toEqual([]);
  });
});

describe('README.md', () => {
  it('runs the quick start as written on the ESM build: GPU spans reach the endpoint, gzipped', async () => {
    const code = ts.transpileModule(example('README.md', 'quick-start', 'ts'), {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    }).outputText;
    const page = await browser.newPage();
    await page.goto(browser.url('/blank.html'));
    received.length = 0;
    await page.setContent(`<!doctype html>
<script type="importmap">${importMap()}</script>
<canvas width="300" height="150"></canvas>
<script>
  // What the quick start takes from the app: its canvas and its drawing.
  window.canvas = document.querySelector('canvas');
  window.drawPoints = (gl) => {
    gl.clearColor(0.2, 0.4, 0.6, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
  };
</script>
<script type="module">${code}</script>`);
    // The first export window leaves when its minute (on the epoch clock) ends, then waits at
    // most the batch delay (5 s): within 60 s + 2 s + 5 s of the first gpu window.
    await expect
      .poll(
        () =>
          received.some(({ body }) =>
            body.items?.some((item) => item.window?.metric === 'gpu.points'),
          ),
        { timeout: 80_000, interval: 250 },
      )
      .toBe(true);
    expect(received[0]?.encoding).toBe('gzip');
    expect(received[0]?.body.format).toBe('perfwarden');
    expect(browser.pageErrors).toEqual([]);
  }, 100_000);

  it('says what the endpoint receives: gzip bodies, and the option that turns them off', () => {
    const quickStart = read('README.md').split('\n## ')[1] ?? '';
    expect(quickStart).toContain('`content-encoding: gzip`');
    expect(quickStart).toContain("`httpExporter({ url: '/perf', compression: 'none' })`");
    // The option it names exists and takes that value.
    expect(() =>
      httpExporter({ url: 'https://example.com/perf', compression: 'none' }),
    ).not.toThrow();
    expect(() =>
      httpExporter({ url: 'https://example.com/perf', compression: 'off' as never }),
    ).toThrow(/compression/);
  });
});

describe('script-tag examples: the root entry on `perfwarden`, each other entry under its name', () => {
  it('README.md: the GPU timer and the HUD from their own builds', async () => {
    const page = await openExample('README.md', 'script-tag');
    await page.waitForFunction(
      () => {
        const root = document.querySelector('[data-perfwarden-hud]')?.shadowRoot;
        return /p50 \d/.test(root?.querySelector('[data-metric="gpu"] .levels')?.textContent ?? '');
      },
      undefined,
      { timeout: 15_000 },
    );
    expect(browser.pageErrors).toEqual([]);
  });

  it('docs/hud.md: the HUD', async () => {
    const page = await openExample('docs/hud.md', 'script-tag');
    await page.waitForFunction(
      () => {
        const root = document.querySelector('[data-perfwarden-hud]')?.shadowRoot;
        return /\d+ fps/.test(root?.querySelector('.rate')?.textContent ?? '');
      },
      undefined,
      { timeout: 10_000 },
    );
    expect(browser.pageErrors).toEqual([]);
  });

  it('docs/exporters.md: a monitor exporting over OTLP', async () => {
    const page = await openExample('docs/exporters.md', 'script-tag');
    // `const monitor` is a global binding of the page's script (not a window property).
    expect(await page.evaluate('typeof monitor.flush')).toBe('function');
    expect(browser.pageErrors).toEqual([]);
  });
});
