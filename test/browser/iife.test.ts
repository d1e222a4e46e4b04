import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './harness.js';

const browser = useBrowser();

const read = (path: string): string =>
  readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const pkg = JSON.parse(read('package.json')) as { exports: Record<string, unknown> };

/** Entries with a script-tag build (not the Storybook add-on's, which runs inside Storybook). */
const entries = Object.keys(pkg.exports)
  .filter((key) => !key.endsWith('.json') && !key.startsWith('./storybook'))
  .map((key) => {
    const name = key === '.' ? '' : key.slice(2);
    return {
      name,
      specifier: name ? `perfwarden/${name}` : 'perfwarden',
      file: name ? `perfwarden-${name}.iife.js` : 'perfwarden.iife.js',
    };
  });
const namespaces = entries.map((entry) => entry.name).filter(Boolean);

/** A page with every script-tag build loaded. */
async function pageWithEveryBuild(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(browser.url('/blank.html'));
  for (const entry of entries) await page.addScriptTag({ url: `/dist/${entry.file}` });
  return page;
}

/** Exports of an entry's ESM build, as a bundler user imports them. */
async function esmExports(specifier: string): Promise<string[]> {
  return Object.keys((await import(specifier)) as object).sort();
}

describe('script-tag build (dist/perfwarden.iife.js)', () => {
  it('exposes the API on one global, perfwarden, and nothing else', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/iife.html'));
    const added = await page.evaluate(() => {
      const before = new Set((window as unknown as { globalsBefore: string[] }).globalsBefore);
      return Object.keys(window).filter((key) => !before.has(key) && key !== 'globalsBefore');
    });
    expect(added).toEqual(['perfwarden']);
    const exported = await page.evaluate(() =>
      Object.keys((window as unknown as { perfwarden: object }).perfwarden).sort(),
    );
    expect(exported).toContain('createMonitor');
    // The detector and the statistics toolkit are their own entry: not in the root's build.
    expect(exported).not.toContain('createHistogram');
    expect(exported).not.toContain('createDetector');
    expect(browser.pageErrors).toEqual([]);
  });

  it('computes quantiles in the page like it does in Node (perfwarden-detect.iife.js)', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/iife.html'));
    const result = await page.evaluate(() => {
      interface Api {
        createHistogram(): { add(v: number): boolean; quantile(q: number): number; count: number };
      }
      const api = (window as unknown as { perfwarden: { detect: Api } }).perfwarden.detect;
      const histogram = api.createHistogram();
      for (let i = 1; i <= 1000; i++) histogram.add(i);
      return {
        count: histogram.count,
        p50: histogram.quantile(0.5),
        p99: histogram.quantile(0.99),
      };
    });
    expect(result.count).toBe(1000);
    expect(Math.abs(result.p50 - 500) / 500).toBeLessThanOrEqual(0.01);
    expect(Math.abs(result.p99 - 990) / 990).toBeLessThanOrEqual(0.01);
    expect(browser.pageErrors).toEqual([]);
  });

  it('adds each other entry under its name, with exactly the exports of its ESM build', async () => {
    const page = await pageWithEveryBuild();
    const global = await page.evaluate((names) => {
      const api = (window as unknown as { perfwarden: Record<string, object> }).perfwarden;
      const keys = (value: object | undefined) => Object.keys(value ?? {}).sort();
      const byEntry: Record<string, string[]> = {
        root: keys(api).filter((key) => !names.includes(key)),
      };
      for (const name of names) byEntry[name] = keys(api[name]);
      return byEntry;
    }, namespaces);
    for (const entry of entries) {
      expect(global[entry.name || 'root'], entry.file).toEqual(await esmExports(entry.specifier));
    }
    expect(global['webgl']).toContain('gpuTimer'); // the name README.md shows
    expect(browser.pageErrors).toEqual([]);
  });

  it('has every global path that README.md names for an export (e.g. perfwarden.webgl.gpuTimer)', async () => {
    const exported = new Set(
      (await Promise.all(entries.map((e) => esmExports(e.specifier)))).flat(),
    );
    const named = [...read('README.md').matchAll(/`(perfwarden(?:\.\w+)+)`/g)]
      .map((match) => match[1] ?? '')
      .filter((path) => exported.has(path.split('.').at(-1) ?? ''));
    expect(named).toContain('perfwarden.webgl.gpuTimer');
    const page = await pageWithEveryBuild();
    const types = await page.evaluate(
      (paths) =>
        paths.map((path) => {
          let value: unknown = window;
          for (const key of path.split('.')) value = (value as Record<string, unknown>)[key];
          return `${path}: ${typeof value}`;
        }),
      named,
    );
    expect(types).toEqual(named.map((path) => `${path}: function`));
  });
});
