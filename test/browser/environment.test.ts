/**
 * The environment probe in Chromium: a loaded neighbour (busy processes started here) slows the
 * page's fixed JS work, and the in-page detector says "environment", not "regression"; the
 * page doubling its own work on a machine left alone is still a regression.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { EnvironmentChange, Regression } from '../../src/types.js';
import { useBrowser } from './harness.js';

const browser = useBrowser();

/** Busy loops per core of this machine's two, each ending on its own after `LOAD_MS`. */
const LOAD_PROCESSES = 4;
const LOAD_MS = 40_000;
const neighbours: ChildProcess[] = [];
afterEach(() => {
  for (const child of neighbours.splice(0)) child.kill();
});

/** Starts the noisy neighbour: busy loops in child processes, bounded in time and count. */
function startNeighbour(): void {
  const loop = `const end = Date.now() + ${String(LOAD_MS)}; while (Date.now() < end) {}`;
  for (let i = 0; i < LOAD_PROCESSES; i++) {
    neighbours.push(spawn(process.execPath, ['-e', loop], { stdio: 'ignore' }));
  }
}

interface Seen {
  regressions: Regression[];
  environment: EnvironmentChange[];
  errors: string[];
}

async function seen(page: Page): Promise<Seen> {
  return page.evaluate(() => (window as unknown as { seen: Seen }).seen);
}

/** Waits until the page's cpu is tested (warm-up done), at most 40 s. */
async function untilTested(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      (
        window as unknown as { monitor: { verdict(m: string): { state: string } | undefined } }
      ).monitor.verdict('cpu')?.state === 'stable',
    undefined,
    { timeout: 40_000, polling: 500 },
  );
}

describe('the environment probe in Chromium (dist/perfwarden.iife.js)', () => {
  it('a loaded neighbour raises an environment event, and no regression', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/environment.html'));
    await untilTested(page);
    startNeighbour();
    await page.waitForTimeout(30_000);
    const during = await seen(page);
    expect(during.errors).toEqual([]);
    expect(during.regressions.map((r) => `${r.metric} ${r.statistic ?? ''}`)).toEqual([]);
    const busier = during.environment.find((e) => e.state === 'busier');
    expect(busier?.change).toBeGreaterThan(0.5);
  }, 120_000);

  it('the page doubling its own work without load is still a regression', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/environment.html'));
    await untilTested(page);
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
    expect(cpu?.delta).toBeGreaterThan(0.5);
  }, 120_000);
});
