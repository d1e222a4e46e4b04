/**
 * The add-on on the React renderer (examples/storybook-react, built by
 * `npm run build:storybook:react`): the panel shows a story's render, its re-render on an args
 * change and, for a story with a play function, the levels measured while play ran; CI mode
 * saves a baseline of every story, play functions included, then fails only the interaction
 * story made slower, on a level of its play.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBaseline } from '../../src/baseline/baseline.js';
import type { Report } from '../../src/report/index.js';
import type { StoryRun } from '../../src/storybook/run.js';
import { extraWorkScript, storybookCli as cli } from '../support/storybook.js';
import { useBrowser } from './harness.js';

const STORYBOOK = fileURLToPath(new URL('../../build/storybook-react/', import.meta.url));
const INTERACTIONS = 'react-svg-scatter--interactions';

const browser = useBrowser({ routes: { '/': STORYBOOK } });

describe('the add-on with @storybook/react-vite', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'perfwarden-storybook-react-'));
  });
  afterAll(async () => {
    if (!process.env['KEEP']) await rm(work, { recursive: true, force: true });
  });

  it('shows render, re-render on args change and the play levels in the panel', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(browser.url(`/?path=/story/${INTERACTIONS}`));
    await page.getByRole('tab', { name: 'Performance' }).click();
    const panel = page.locator('[data-perfwarden-panel]');
    const level = (name: string) =>
      panel.locator(`tr[data-metric="${name}"]`).first().locator('td').nth(2);
    await expect.poll(() => level('play.cpu p50').count(), { timeout: 30_000 }).toBe(1);
    expect(await level('render p50').textContent()).toMatch(/^\d+(\.\d+)? ms$/);
    expect(await level('play.event p95').textContent()).toMatch(/^\d+(\.\d+)? ms$/);

    // An args change re-renders the mounted React tree: timed as a re-render, no remount.
    // (Storybook's own event, as the Controls panel sends it, here from the preview's side.)
    const iframe = await page.locator('#storybook-preview-iframe').elementHandle();
    const preview = await iframe.contentFrame();
    if (!preview) throw new Error('no preview iframe');
    await preview.locator('[data-testid="chart"]').waitFor();
    await preview.evaluate((storyId) => {
      const channel = (
        window as unknown as {
          __STORYBOOK_ADDONS_CHANNEL__: { emit(event: string, payload: unknown): void };
        }
      ).__STORYBOOK_ADDONS_CHANNEL__;
      channel.emit('updateStoryArgs', { storyId, updatedArgs: { points: 4000 } });
    }, INTERACTIONS);
    await expect.poll(() => level('rerender p50').count(), { timeout: 30_000 }).toBe(1);
    expect(await level('rerender p50').textContent()).toMatch(/^\d+(\.\d+)? ms$/);
  }, 90_000);

  it("times React's render and commit: a mount of 10 x the points takes longer", async () => {
    const page = await browser.newPage();
    /** render p50 of one fresh mount of the SVG scatter with `points` circles. */
    const renderOf = async (points: number): Promise<number> => {
      await page.goto(
        browser.url(
          `/iframe.html?id=react-svg-scatter--default&viewMode=story&args=points:${points}`,
        ),
      );
      await page.waitForFunction(() =>
        Boolean(
          (
            window as unknown as {
              __STORYBOOK_ADDONS_CHANNEL__?: { last(event: string): unknown };
            }
          ).__STORYBOOK_ADDONS_CHANNEL__?.last('storyRendered'),
        ),
      );
      return page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const channel = (
              window as unknown as {
                __STORYBOOK_ADDONS_CHANNEL__: {
                  on(event: string, listener: (payload: StoryRun) => void): void;
                  emit(event: string, payload: unknown): void;
                };
              }
            ).__STORYBOOK_ADDONS_CHANNEL__;
            channel.on('perfwarden/run', (run) => {
              const render = run.levels['render p50'];
              if (run.kind === 'mount' && render !== undefined) resolve(render);
            });
            channel.emit('perfwarden/measure', { storyId: 'react-svg-scatter--default', runs: 1 });
          }),
      );
    };
    await renderOf(1000); // warm-up: code loaded and compiled
    const small = await renderOf(1000);
    const large = await renderOf(10000);
    // The story function only returns an element: the circles are created and committed by
    // React after it, and the render level includes that work.
    expect(large).toBeGreaterThan(small * 2);
  }, 90_000);

  it('saves a baseline of every story, then fails only the slower interaction', async () => {
    const baselineFile = join(work, 'baseline.json');
    const inject = join(work, 'extra-work.js');
    await writeFile(inject, extraWorkScript(INTERACTIONS));
    const common = ['--duration', '0.5'];
    const first = await cli([
      'storybook',
      STORYBOOK,
      ...common,
      '--runs',
      '6',
      '--save-baseline',
      baselineFile,
      '--out',
      join(work, 'first'),
    ]);
    expect(first.code, first.stdout).toBe(0);
    const baseline = parseBaseline(await readFile(baselineFile, 'utf8'));
    const stories = new Set(baseline.entries.map((entry) => entry.context['story']));
    expect([...stories].sort()).toEqual([
      'react-canvas-scatter--default',
      'react-canvas-scatter--interactions',
      'react-svg-scatter--default',
      INTERACTIONS,
    ]);
    const playMetrics = baseline.entries
      .filter((entry) => entry.context['story'] === INTERACTIONS)
      .map((entry) => entry.metric);
    expect(playMetrics).toEqual(
      expect.arrayContaining(['render', 'play.cpu', 'play.event', 'cpu.thread.play']),
    );

    const second = await cli([
      'storybook',
      STORYBOOK,
      ...common,
      '--runs',
      '10',
      '--margin',
      '0.25',
      '--baseline',
      baselineFile,
      '--init-script',
      inject,
      '--out',
      join(work, 'second'),
    ]);
    expect(second.code, second.stdout).toBe(1);
    const report = JSON.parse(
      await readFile(join(work, 'second', 'report.json'), 'utf8'),
    ) as Report;
    const failed = report.verdicts.filter((verdict) => verdict.outcome === 'fail');
    expect(new Set(failed.map((verdict) => verdict.subject))).toEqual(new Set([INTERACTIONS]));
    // The baseline has the thread's CPU time of the play function (the CLI saved it): that
    // decides, and the wall-clock play levels it replaces are only shown.
    expect(failed.map((verdict) => verdict.metric)).toContain('cpu.thread.play');
    const played = report.verdicts.filter((verdict) => verdict.subject === INTERACTIONS);
    expect(played.find((verdict) => verdict.metric === 'play.event')?.outcome).toBe('pass');
    expect(report.notes?.join('\n')).toMatch(/cpu\.thread\.play level .* in place of/);
    // The reviewer's view: the failed story first in the story table, in the one-line summary.
    const markdown = await readFile(join(work, 'second', 'report.md'), 'utf8');
    expect(markdown.split('\n')[0]).toMatch(
      new RegExp(`^❌ perfwarden: 1 of 4 stories regressed: ${INTERACTIONS} \\(`),
    );
    expect(markdown).toMatch(new RegExp(`\\| story \\| verdict .*\\n.*\\n\\| ${INTERACTIONS} \\|`));
  }, 240_000);
});
