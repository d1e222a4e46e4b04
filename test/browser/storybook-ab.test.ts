/**
 * `perfwarden storybook <candidate> --baseline-build <baseline>`: an interleaved A/B of two
 * builds of the React example, the candidate a copy of the built Storybook whose iframe.html
 * makes one story slower (as a pull request that adds render work would). That story fails,
 * the others do not, and the report is worded as an A/B: runs per arm, story table by change.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDER_MOUNTS_PER_RUN } from '../../src/cli/storybook/ab-storybook.js';
import type { Report } from '../../src/report/index.js';
import { extraWorkScript, storybookCli as cli } from '../support/storybook.js';

const STORYBOOK = fileURLToPath(new URL('../../build/storybook-react/', import.meta.url));
const SLOWER_STORY = 'react-svg-scatter--default';
const PLAY_STORY = 'react-svg-scatter--interactions';

describe('perfwarden storybook --baseline-build (A/B of two builds)', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'perfwarden-storybook-ab-'));
  });
  afterAll(async () => {
    if (!process.env['KEEP']) await rm(work, { recursive: true, force: true });
  });

  it('fails only the story the candidate build made slower', async () => {
    const candidate = join(work, 'candidate');
    await cp(STORYBOOK, candidate, { recursive: true });
    const iframe = join(candidate, 'iframe.html');
    const html = await readFile(iframe, 'utf8');
    await writeFile(
      iframe,
      html.replace('<head>', `<head><script>${extraWorkScript(SLOWER_STORY)}</script>`),
    );

    const result = await cli([
      'storybook',
      candidate,
      '--baseline-build',
      STORYBOOK,
      '--filter',
      'react-svg-scatter--*',
      '--duration',
      '0.5',
      '--runs',
      '6',
      '--margin',
      '0.25',
      '--out',
      join(work, 'out'),
    ]);
    expect(result.code, result.stdout).toBe(1);
    const report = JSON.parse(await readFile(join(work, 'out', 'report.json'), 'utf8')) as Report;
    expect(report.tool).toBe('perfwarden storybook (A/B of two builds)');
    expect(report.verdicts.every((verdict) => verdict.check === 'interleaved')).toBe(true);
    expect(new Set(report.verdicts.map((verdict) => verdict.subject))).toEqual(
      new Set([SLOWER_STORY, PLAY_STORY]),
    );
    const failed = report.verdicts.filter((verdict) => verdict.outcome === 'fail');
    expect(failed.length).toBeGreaterThan(0);
    expect(new Set(failed.map((verdict) => verdict.subject))).toEqual(new Set([SLOWER_STORY]));
    for (const verdict of failed) expect(verdict.delta).toBeGreaterThan(0.25);
    // Chromium gives the main thread's CPU time: it decides, in place of wall-clock cpu.
    expect(failed.some((verdict) => verdict.metric.startsWith('cpu.thread.'))).toBe(true);
    expect(report.verdicts.some((verdict) => verdict.metric === 'cpu')).toBe(false);
    // The render's CPU time is read when the add-on reports the first frame: it is tested in
    // place of the wall-clock render, and a run's render levels are its lowest of several mounts.
    expect(report.verdicts.some((verdict) => verdict.metric === 'cpu.thread.render')).toBe(true);
    expect(report.verdicts.some((verdict) => verdict.metric === 'render')).toBe(false);
    // A play function's interaction is judged on the thread's CPU time while it runs: the
    // wall-clock input latency of two pages can differ steadily, which no pairing removes.
    const played = report.verdicts.filter((verdict) => verdict.subject === PLAY_STORY);
    expect(played.some((verdict) => verdict.metric === 'cpu.thread.play')).toBe(true);
    expect(played.some((v) => v.metric === 'play.event' || v.metric === 'play.cpu')).toBe(false);
    const notes = report.notes?.join('\n') ?? '';
    expect(notes).toMatch(/cpu\.thread\.render level .* in place of render p50/);
    expect(notes).toMatch(/cpu\.thread\.total level .* in place of cpu p50 and cpu p95/);
    expect(notes).toMatch(
      /cpu\.thread\.play level .* in place of play\.cpu p50, play\.cpu p95 and play\.event p95/,
    );
    expect(notes).toContain(
      `the render levels of a run are the lowest of its ${String(RENDER_MOUNTS_PER_RUN)} fresh mounts`,
    );

    const markdown = await readFile(join(work, 'out', 'report.md'), 'utf8');
    expect(markdown.split('\n')[0]).toMatch(
      new RegExp(`^❌ perfwarden: 1 of 2 stories regressed: ${SLOWER_STORY} \\(`),
    );
    expect(markdown).toMatch(/up to \d+ runs per arm and story, interleaved A\/B/);
  }, 240_000);
});
