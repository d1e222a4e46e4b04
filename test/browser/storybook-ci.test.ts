/**
 * The Storybook CI mode against the example Storybook (built by `npm run build:storybook`):
 * a run that saves a baseline, then a run against it in which one story has extra work
 * injected: that story fails on the main thread's CPU time, naming story and level, and the
 * others pass.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBaseline } from '../../src/baseline/baseline.js';
import type { Report } from '../../src/report/index.js';
import { extraWorkScript, storybookCli as cli } from '../support/storybook.js';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const STORYBOOK = here('../../build/storybook');
const INJECTED_STORY = 'charts-line-chart--default';

describe('perfwarden storybook (CI mode)', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'perfwarden-storybook-'));
  });
  afterAll(async () => {
    if (!process.env['KEEP']) await rm(work, { recursive: true, force: true });
  });

  it('saves a baseline, then fails only the story with injected work, on cpu.thread', async () => {
    const baselineFile = join(work, 'baseline.json');
    const inject = join(work, 'extra-work.js');
    await writeFile(inject, extraWorkScript(INJECTED_STORY));
    // Short runs keep the test near a minute. On a loaded machine (2 cores shared by several
    // jobs) the baseline's spread, charged to the margin, reaches 50-90 %: the injected work is
    // large enough (30 ms per animation-frame callback, cpu about 3-6 x) to stand out anyway.
    const common = ['--duration', '0.5', '--filter', 'charts-*--default'];
    const first = await cli([
      'storybook',
      STORYBOOK,
      ...common,
      '--runs',
      '8',
      '--save-baseline',
      baselineFile,
      '--out',
      join(work, 'first'),
    ]);
    expect(first.code, first.stdout).toBe(0);
    const baseline = parseBaseline(await readFile(baselineFile, 'utf8'));
    const stories = new Set(baseline.entries.map((entry) => entry.context['story']));
    expect([...stories].sort()).toEqual([
      'charts-bar-chart--default',
      'charts-line-chart--default',
      'charts-scatter-webgl--default',
    ]);
    expect(baseline.entries.some((entry) => entry.metric === 'gpu')).toBe(true);
    // The CLI read the renderer main thread's CPU time around each mount, and keeps it.
    expect(baseline.entries.some((entry) => entry.metric === 'cpu.thread.total')).toBe(true);

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
    expect(second.stdout).toMatch(new RegExp(`FAIL ${INJECTED_STORY} cpu\\.thread\\.total level`));
    const report = JSON.parse(
      await readFile(join(work, 'second', 'report.json'), 'utf8'),
    ) as Report;
    const failed = report.verdicts.filter((verdict) => verdict.outcome === 'fail');
    expect(failed.map((verdict) => verdict.subject)).toEqual(failed.map(() => INJECTED_STORY));
    const thread = failed.find((verdict) => verdict.metric === 'cpu.thread.total');
    expect(thread?.delta).toBeGreaterThan(0.25);
    expect(thread?.confidence).toBeGreaterThan(0.95);
    // The wall-clock cpu it replaces is shown, not tested; the report says why.
    const cpu = report.verdicts.find(
      (verdict) => verdict.subject === INJECTED_STORY && verdict.metric === 'cpu',
    );
    expect(cpu?.outcome).toBe('pass');
    expect(report.notes?.join('\n')).toMatch(/cpu\.thread\.total level .* in place of cpu p50/);
    const junit = await readFile(join(work, 'second', 'junit.xml'), 'utf8');
    expect(junit).toContain(
      `classname="perfwarden.${INJECTED_STORY}" name="cpu.thread.total level"`,
    );
  }, 180_000);
});
