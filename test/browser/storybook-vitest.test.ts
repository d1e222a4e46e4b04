/**
 * The Vitest addon path: the React example's stories run as `@storybook/addon-vitest` runs them
 * (`vitest --project=storybook`, Chromium through Playwright), with perfwarden's story test as
 * the setup file's `afterEach` (examples/storybook-react/.storybook/vitest.setup.ts, against the
 * built dist/). A first run captures the baseline, play functions included; a second run judges
 * against it, with one story's stored render level lowered to a quarter, as if its render had
 * since become 4 x slower: that story's test fails, naming story and level.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBaseline } from '../../src/baseline/baseline.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repository: Vitest's browser file commands only reach the project's directories.
const work = `${root}build/storybook-vitest/`;
const baselineFile = `${work}baseline.json`;
const SLOWER_STORY = 'react-svg-scatter--default';

interface JsonResults {
  testResults: {
    name: string;
    assertionResults: { title: string; status: string; failureMessages: string[] }[];
  }[];
}

/** Runs the example's storybook project; its exit code and per-test results. */
function vitestStorybook(
  env: Record<string, string>,
  name: string,
): Promise<{ code: number; tests: { name: string; status: string; message: string }[] }> {
  const outputFile = `${work}${name}.json`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        `${root}node_modules/vitest/vitest.mjs`,
        'run',
        '-c',
        'examples/storybook-react/vitest.config.ts',
        '--project',
        'storybook',
        '--reporter=json',
        `--outputFile=${outputFile}`,
      ],
      { cwd: root, env: { ...process.env, ...env }, timeout: 240_000 },
      (error) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        readFile(outputFile, 'utf8')
          .then((text) => {
            const results = JSON.parse(text) as JsonResults;
            const tests = results.testResults.flatMap((file) =>
              file.assertionResults.map((test) => ({
                name: `${file.name.replace(/^.*\//, '')} ${test.title}`,
                status: test.status,
                message: test.failureMessages.join('\n'),
              })),
            );
            resolve({ code, tests });
          })
          .catch(reject);
      },
    );
  });
}

describe('perfwarden/storybook/vitest under @storybook/addon-vitest', () => {
  beforeAll(async () => {
    await rm(work, { recursive: true, force: true });
    await mkdir(work, { recursive: true });
  });
  afterAll(async () => {
    if (!process.env['KEEP']) await rm(work, { recursive: true, force: true });
  });

  it('captures a baseline, then fails the test of the story that got slower', async () => {
    const capture = await vitestStorybook(
      { VITE_PERFWARDEN_BASELINE: baselineFile, VITE_PERFWARDEN_UPDATE: '1' },
      'capture',
    );
    expect(capture.code, JSON.stringify(capture.tests)).toBe(0);
    expect(capture.tests).toHaveLength(4);
    const baseline = parseBaseline(await readFile(baselineFile, 'utf8'));
    const levels = (story: string): string[] =>
      baseline.entries
        .filter((entry) => entry.context['story'] === story)
        .map((entry) => `${entry.metric} ${entry.statistic}`);
    expect(levels(SLOWER_STORY)).toContain('render p50');
    // Play functions run in Vitest without Storybook's render phases: measured all the same.
    expect(levels('react-svg-scatter--interactions')).toContain('play.cpu p50');
    expect(levels('react-canvas-scatter--interactions')).toContain('play.event p95');

    const render = baseline.entries.find(
      (entry) => entry.context['story'] === SLOWER_STORY && entry.metric === 'render',
    );
    if (!render) throw new Error('no render entry');
    render.center -= Math.log(4);
    await writeFile(baselineFile, JSON.stringify(baseline));

    const judged = await vitestStorybook({ VITE_PERFWARDEN_BASELINE: baselineFile }, 'judged');
    expect(judged.code).toBe(1);
    // A one-session baseline judged in another session: on a loaded machine another story can
    // drift past the 10 % margin too (seen once), so only the lowered story's failure is asserted.
    const slower = judged.tests.find((test) => test.name === 'scatter-svg.stories.tsx Default');
    expect(slower?.status).toBe('failed');
    expect(slower?.message).toContain(`perfwarden: ${SLOWER_STORY} got slower`);
    expect(slower?.message).toContain('  render p50: ');
  }, 300_000);
});
