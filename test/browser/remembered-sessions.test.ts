import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Regression } from '../../src/types.js';
import { useBrowser } from './harness.js';

const browser = useBrowser();

interface Seen {
  regressions: (Regression & { sinceLoad: number })[];
  errors: string[];
  /** Blocks the cpu detector's warm-up needed, and when (ms after load) it started testing. */
  needed?: number;
  testedAt?: number;
}

async function seen(page: Page): Promise<Seen> {
  return page.evaluate(() => (window as unknown as { seen: Seen }).seen);
}

/**
 * Loads (or reloads) the page with `burn` ms of work per frame and lets it run until its cpu
 * detector has tested for 2 s, so that its capture holds blocks past the warm-up.
 */
async function load(page: Page, burn: number): Promise<Seen> {
  await page.goto(browser.url(`/remembered.html?burn=${String(burn)}`));
  await page.waitForFunction(
    () => (window as unknown as { seen: Seen }).seen.testedAt !== undefined,
    undefined,
    { timeout: 90_000, polling: 250 },
  );
  await page.waitForTimeout(2000);
  return seen(page);
}

describe('remembered sessions across reloads (createDetector({ remember }))', () => {
  it('compares each load with the earlier ones: quiet while unchanged, catches +60 % work', async () => {
    const page = await browser.newPage();
    // Until 3 loads are remembered, a load learns its reference in the session (2 settling
    // + 30 blocks) and saves its capture; from the 4th on, a load is compared with the
    // remembered ones after 2 settling and 6 blocks that check its spread. Five unchanged
    // loads, not twenty: each costs 7–18 s of the one shared browser, and 20 loads of an
    // unchanged page are counted by test/unit/detect/remembered-sessions.test.ts and
    // `npm run bench remembered` (simulated, with the level moving between loads).
    for (let reload = 1; reload <= 5; reload++) {
      const unchanged = await load(page, 4);
      expect(unchanged.needed).toBe(reload <= 3 ? 30 : 6);
      expect(unchanged.regressions.map((r) => r.metric)).toEqual([]);
      expect(unchanged.errors).toEqual([]);
    }
    // The 6th load's frames do 60 % more work from the start. Not 30 %: on a shared 2-core
    // machine the remembered loads of an unchanged page differ by several per cent among
    // themselves, and the margin (3.3 × their spread, docs/baselines.md) can then reach +30 %;
    // `npm run bench remembered` measures +30 % across load spreads.
    await page.goto(browser.url('/remembered.html?burn=6.4'));
    await page
      .waitForFunction(
        () =>
          (window as unknown as { seen: Seen }).seen.regressions.some((r) => r.metric === 'cpu'),
        undefined,
        { timeout: 45_000, polling: 250 },
      )
      .catch(() => undefined);
    const slower = await seen(page);
    const cpu = slower.regressions.find((r) => r.metric === 'cpu');
    // What the load was compared with, to read when it was not caught.
    const compared = await page.evaluate(() => {
      const { monitor } = window as unknown as { monitor: { verdict(m: string): unknown } };
      const text = localStorage.getItem('perfwarden:remember:reload-test') ?? '{"runs":[]}';
      const { runs } = JSON.parse(text) as {
        runs: { baseline: { entries: { metric: string; statistic: string; levels: object }[] } }[];
      };
      return {
        verdict: monitor.verdict('cpu'),
        remembered: runs.map((run) =>
          run.baseline.entries.find((e) => e.metric === 'cpu' && e.statistic === 'p50'),
        ),
      };
    });
    expect(cpu, JSON.stringify(compared)).toMatchObject({ comparedWith: 'remembered', runs: 5 });
    expect(cpu?.delta).toBeGreaterThan(0.1);
    // How soon it is caught is a benchmark's figure (`npm run bench remembered`, and the
    // browser figure in docs/baselines.md), not this test's: the wait above only bounds the
    // test. A load at a busier moment of a shared machine widens the spread between the
    // remembered loads, and with it the time to a confident verdict.
    expect(cpu?.sinceLoad).toBeGreaterThan(0);
    console.log(`+60 % load caught ${((cpu?.sinceLoad ?? NaN) / 1000).toFixed(1)} s after load`);
    expect(slower.errors).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  }, 300_000);
});
