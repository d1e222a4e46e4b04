import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ClosedWindow } from '../../src/analysis/windows.js';
import type { VitalReport } from '../../src/sources/vitals.js';
import { useBrowser } from './harness.js';

const browser = useBrowser();

interface Collected {
  windows: ClosedWindow[];
  vitals: VitalReport[];
  errors: string[];
}

async function collected(page: Page): Promise<Collected> {
  return page.evaluate(() => (window as unknown as { collected: Collected }).collected);
}

/** Waits until `check` holds for what the page collected (windows close once a second). */
async function until(page: Page, check: (c: Collected) => boolean, ms = 8000): Promise<Collected> {
  const deadline = Date.now() + ms;
  for (;;) {
    const now = await collected(page);
    if (check(now) || Date.now() > deadline) return now;
    await page.waitForTimeout(250);
  }
}

describe('observer and vitals sources in Chromium (dist/perfwarden.iife.js)', () => {
  it('reports a 150 ms click as an event, as INP, and as a LoAF naming the script', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/monitor-click.html'));
    await page.waitForTimeout(500);
    await page.click('#burn');
    const result = await until(
      page,
      (c) =>
        c.windows.some((w) => w.metric === 'event') &&
        c.windows.some((w) => w.metric === 'loaf') &&
        c.windows.some((w) => w.metric === 'inp'),
    );
    const event = result.windows.find((w) => w.metric === 'event');
    expect(event?.max).toBeGreaterThanOrEqual(120);
    // With reportAllChanges, INP is reported as it grows: the slow click is the largest.
    const inp = result.vitals
      .filter((v) => v.name === 'inp')
      .reduce<VitalReport | undefined>(
        (max, v) => (max && max.value >= v.value ? max : v),
        undefined,
      );
    expect(inp?.value).toBeGreaterThanOrEqual(120);
    expect(inp?.rating).toMatch(/^(good|needs-improvement|poor)$/);
    expect(result.windows.some((w) => w.metric === 'inp' && w.max >= 120)).toBe(true);
    // The script's time in long animation frames, by label: the click handler's 150 ms, and
    // its evaluation at load, which can fall in the same window or not.
    const attributed = result.windows
      .filter((w) => w.metric === 'loaf')
      .flatMap((w) => Object.entries(w.attribution ?? {}))
      .filter(([name]) => name.includes('/monitor-click.js'))
      .sort(([, a], [, b]) => b - a);
    const loafMax = Math.max(
      ...result.windows.filter((w) => w.metric === 'loaf').map((w) => w.max),
    );
    expect(loafMax).toBeGreaterThanOrEqual(150);
    const [script, ms] = attributed[0] ?? [];
    console.log(`loaf attribution: ${script ?? '-'}: ${ms?.toFixed(1) ?? '-'} ms`);
    expect(ms).toBeGreaterThanOrEqual(140);
    expect(result.errors).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });

  it('reports LCP, FCP, TTFB and CLS of a page with an image and a layout shift', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/monitor-vitals.html'));
    // web-vitals reports CLS as 0 at the first paint, then again after the banner's shift:
    // the windows can close between the two, so wait for the shift's report too.
    const result = await until(
      page,
      (c) =>
        ['lcp', 'fcp', 'ttfb', 'cls'].every((name) => c.windows.some((w) => w.metric === name)) &&
        c.vitals.some((v) => v.name === 'cls' && v.value > 0),
    );
    const latest = (name: string) => result.vitals.filter((v) => v.name === name).at(-1);
    const [ttfb, fcp, lcp, cls] = ['ttfb', 'fcp', 'lcp', 'cls'].map(latest);
    console.log(
      `ttfb ${ttfb?.value.toFixed(1)} ms, fcp ${fcp?.value.toFixed(1)} ms, lcp ${lcp?.value.toFixed(1)} ms, cls ${cls?.value.toFixed(3)}`,
    );
    expect(ttfb?.value).toBeGreaterThan(0);
    expect(ttfb?.value).toBeLessThan(5000);
    expect(fcp?.value).toBeGreaterThanOrEqual(ttfb?.value ?? Infinity);
    expect(lcp?.value).toBeGreaterThanOrEqual(fcp?.value ?? Infinity);
    expect(lcp?.value).toBeLessThan(10_000);
    expect(cls?.value).toBeGreaterThan(0);
    expect(cls?.value).toBeLessThan(1);
    for (const vital of [ttfb, fcp, lcp, cls]) {
      expect(vital?.rating).toMatch(/^(good|needs-improvement|poor)$/);
    }
    // The samples carry the same values as the reports.
    const lcpWindows = result.windows.filter((w) => w.metric === 'lcp');
    expect(Math.max(...lcpWindows.map((w) => w.max))).toBeCloseTo(lcp?.value ?? NaN, -1);
    // Chromium has performance.memory: the memory source samples it at the start.
    expect(result.windows.find((w) => w.metric === 'memory')?.min).toBeGreaterThan(100_000);
    expect(result.errors).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });
});
