/**
 * The environment probe in Chromium: with the probe running, the page doubling its own work on
 * a machine left alone is still a regression (the probe does not move with the app's code).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { EnvironmentChange, Regression } from '../../src/types.js';
import { untilCpuTested } from '../support/detector-page.js';
import { useBrowser } from './harness.js';

const browser = useBrowser();

interface Seen {
  regressions: Regression[];
  environment: EnvironmentChange[];
  errors: string[];
}

async function seen(page: Page): Promise<Seen> {
  return page.evaluate(() => (window as unknown as { seen: Seen }).seen);
}

describe('the environment probe in Chromium (dist/perfwarden.iife.js)', () => {
  it('the page doubling its own work without load is still a regression', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/environment.html'));
    await untilCpuTested(page, 40_000);
    await page.evaluate(() => {
      (window as unknown as { steps: number }).steps *= 2;
    });
    await page.waitForFunction(
      () => (window as unknown as { seen: Seen }).seen.regressions.length > 0,
      undefined,
      { timeout: 40_000, polling: 500 },
    );
    const after = await seen(page);
    expect(after.errors).toEqual([]);
    expect(after.regressions.map((r) => r.metric)).toContain('cpu');
    const cpu = after.regressions.find((r) => r.metric === 'cpu');
    expect(cpu?.delta).toBeGreaterThan(0.25);
  }, 120_000);
});
