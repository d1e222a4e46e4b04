/**
 * The add-on in a real Storybook manager (the example, built by `npm run build:storybook`):
 * the "Performance" panel shows the selected story's measured levels, and after two
 * measurements the second is compared with the first, with a verdict per level; the baseline
 * can be captured, downloaded with the results, and cleared.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { parseBaseline } from '../../src/baseline/baseline.js';
import type { SessionResults } from '../../src/storybook/manager/session.js';
import { useBrowser } from './harness.js';

const STORYBOOK = fileURLToPath(new URL('../../build/storybook/', import.meta.url));
/** Where the screenshot for docs/storybook.md is written (copied to docs/ by hand). */
const SCREENSHOT = fileURLToPath(new URL('../../build/storybook-panel.png', import.meta.url));

const browser = useBrowser({ routes: { '/': STORYBOOK } });

it('shows the story levels, measures on request and judges against earlier runs', async () => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto(browser.url('/?path=/story/charts-bar-chart--default'));
  await page.getByRole('tab', { name: 'Performance' }).click();
  const panel = page.locator('[data-perfwarden-panel]');
  // The story's automatic mount: one run, with its first render time.
  const render = panel.locator('tr[data-metric="render p50"]');
  await expect.poll(() => render.count(), { timeout: 30_000 }).toBeGreaterThan(0);
  expect(await render.first().locator('td').nth(2).textContent()).toMatch(/^\d+(\.\d+)? ms$/);

  const measure = panel.getByRole('button', { name: /^Measure \d+ runs$/ });
  for (let i = 0; i < 2; i++) {
    await measure.click();
    await expect.poll(() => measure.isEnabled(), { timeout: 60_000 }).toBe(true);
  }
  await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toMatch(/earlier runs/);
  const cpu = panel.locator('tr[data-metric="cpu p50"][data-check="baseline"]');
  const cells = await cpu.locator('td').allTextContents();
  expect(cells[1]).toMatch(/ ms$/); // reference level
  expect(cells[2]).toMatch(/ ms$/); // current level
  expect(cells[3]).toMatch(/^[+−]\d+\.\d % \[/); // change with its interval
  expect(cells[4]).toMatch(/^\d+\.\d %$/); // confidence
  expect(['within', 'undecided', 'regressed', 'improved']).toContain(cells[5]);
  await panel.screenshot({ path: SCREENSHOT });

  // Capture: the latest measurement becomes the baseline and the reference; clear: back again.
  await panel.getByRole('button', { name: 'Capture baseline' }).click();
  await expect.poll(() => panel.textContent()).toMatch(/compared with the captured baseline/);
  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download results' }).click();
  const results = JSON.parse(
    await readFile(await (await download).path(), 'utf8'),
  ) as SessionResults;
  expect(results.format).toBe('perfwarden-storybook-results');
  expect(results.stories[0]?.storyId).toBe('charts-bar-chart--default');
  expect(results.stories[0]?.runs.length).toBeGreaterThanOrEqual(17);
  expect(parseBaseline(results.baseline).entries.length).toBeGreaterThan(0);
  await panel.getByRole('button', { name: 'Clear baseline' }).click();
  await expect.poll(() => panel.textContent()).toMatch(/earlier runs of this session/);
});
