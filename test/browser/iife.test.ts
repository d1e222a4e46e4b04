import { describe, expect, it } from 'vitest';
import { useBrowser } from './harness.js';

const browser = useBrowser();

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
    expect(exported).toContain('createHistogram');
    expect(exported).toContain('histogramFromJSON');
    expect(browser.pageErrors).toEqual([]);
  });

  it('computes quantiles in the page like it does in Node', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/iife.html'));
    const result = await page.evaluate(() => {
      interface Api {
        createHistogram(): { add(v: number): boolean; quantile(q: number): number; count: number };
      }
      const api = (window as unknown as { perfwarden: Api }).perfwarden;
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
});
