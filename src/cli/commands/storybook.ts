/**
 * `perfwarden storybook <storybook-static dir | URL>`: the Storybook add-on's CI mode. Reads
 * the Storybook's `index.json`, measures every story (or those `--filter` keeps) in headless
 * Chromium through the add-on's decorator, judges each story's levels against a stored
 * baseline, and writes the same reports as `perfwarden compare`, one verdict per story and
 * level. Exit codes as there: 0 pass, 1 regression or budget exceeded, 2 usage or runtime error.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { StoryVerdict } from '../../storybook/verdict.js';
import { DEFAULT_MARGIN } from '../../storybook/verdict.js';
import { baselineFromRuns } from '../../storybook/reference.js';
import { addRunToBaselineFile, readBaselineFile } from '../baseline-file.js';
import { openBrowser } from '../browser-session.js';
import type { Output } from '../console-output.js';
import { annotationsFor, createReport, verdictSummary, writeReports } from '../report/index.js';
import type { ReportVerdict } from '../report/index.js';
import { startStaticServer } from '../static-server.js';
import type { StaticServer } from '../static-server.js';
import { checkStorybook } from '../storybook/check-storybook.js';
import { readStoryIndex, storyFilter } from '../storybook/story-index.js';
import { messageOf, UsageError } from '../usage-error.js';

/** `perfwarden storybook --help`. */
export const STORYBOOK_HELP = `Usage: perfwarden storybook <storybook-static dir | URL> [options]

Measures every story of a built Storybook that uses the perfwarden/storybook add-on, in
headless Chromium, and compares each with a stored baseline.

Options:
  --filter <glob>         only stories whose id or "title/name" matches (* = anything)
  --baseline <file>       reference: a baseline from --save-baseline (or the panel)
  --save-baseline <file>  merge this run's levels into a baseline file (created if missing)
  --runs <n>              most runs per story (default: parameters.perfwarden.runs, 10)
  --min-runs <n>          fewest runs before a decided story stops (default 3)
  --duration <s>          measured seconds per run (default: parameters.perfwarden.duration)
  --margin <f>            ignored change against the baseline (default ${DEFAULT_MARGIN})
  --alpha <f>             false-failure budget over all stories and levels (default 0.05)
  --init-script <file>    script run in every page before Storybook (mocks, flags)
  --out <dir>             report directory (default perfwarden-report)

Exit codes: 0 pass, 1 regression or budget exceeded, 2 usage or runtime error.
Example:
  storybook build && perfwarden storybook storybook-static --baseline perf/storybook-baseline.json
`;

const FLAGS = {
  filter: { type: 'string' },
  baseline: { type: 'string' },
  'save-baseline': { type: 'string' },
  runs: { type: 'string' },
  'min-runs': { type: 'string' },
  duration: { type: 'string' },
  margin: { type: 'string' },
  alpha: { type: 'string' },
  'init-script': { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const OUTCOME = { pass: 'pass', fail: 'FAIL', inconclusive: 'note' } as const;

function number(
  value: string | undefined,
  flag: string,
  check: (n: number) => boolean,
  what: string,
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || !check(parsed)) {
    throw new UsageError(`--${flag} must be ${what}, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

const count = (stories: number): string => `${stories} ${stories === 1 ? 'story' : 'stories'}`;
const positiveInteger = (n: number): boolean => Number.isInteger(n) && n > 0;
const fraction = (n: number): boolean => n > 0 && n < 1;

/** A report verdict from a story verdict (the report schema has no `state`). */
function toReportVerdict(verdict: StoryVerdict): ReportVerdict {
  const copy: Partial<StoryVerdict> = { ...verdict };
  delete copy.state;
  return copy as ReportVerdict;
}

/** Serves a storybook-static directory, or uses the URL; returns the base URL and the server. */
async function locate(
  target: string,
  cwd: string,
): Promise<{ baseUrl: string; server?: StaticServer }> {
  if (/^https?:\/\//.test(target)) return { baseUrl: target };
  const directory = resolve(cwd, target);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new UsageError(
      `${target} is neither a URL nor a directory (build it with \`storybook build\`)`,
    );
  }
  if (!existsSync(resolve(directory, 'index.json'))) {
    throw new UsageError(
      `${target} has no index.json: is it a storybook-static directory (Storybook 7+)?`,
    );
  }
  const server = await startStaticServer({ routes: { '/': directory } });
  return { baseUrl: server.origin, server };
}

/** Runs `perfwarden storybook` with its arguments (after the command name). */
export async function storybook(
  argv: readonly string[],
  output: Output,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${messageOf(error)}; see perfwarden storybook --help`);
  }
  const { values: flags, positionals } = parsed;
  if (flags.help) {
    output.line(STORYBOOK_HELP);
    return 0;
  }
  const [target, ...extra] = positionals;
  if (target === undefined || extra.length > 0) {
    throw new UsageError(
      'give one storybook-static directory or URL; see perfwarden storybook --help',
    );
  }
  const maxRuns = number(flags.runs, 'runs', positiveInteger, 'a positive integer');
  const minRuns = number(flags['min-runs'], 'min-runs', positiveInteger, 'a positive integer');
  const seconds = number(flags.duration, 'duration', (n) => n > 0, 'a positive number of seconds');
  const margin = number(flags.margin, 'margin', fraction, 'below 1 (0.1 means 10 %)');
  const alpha = number(flags.alpha, 'alpha', fraction, 'between 0 and 1');
  const baseline =
    flags.baseline === undefined
      ? undefined
      : await readBaselineFile(resolve(cwd, flags.baseline)).catch((error: unknown) => {
          throw new UsageError(messageOf(error));
        });
  const started = performance.now();
  const { baseUrl, server } = await locate(target, cwd);
  try {
    const all = await readStoryIndex(baseUrl).catch((error: unknown) => {
      throw new UsageError(messageOf(error));
    });
    const stories = flags.filter === undefined ? all : all.filter(storyFilter(flags.filter));
    if (stories.length === 0) {
      throw new UsageError(
        `no story ${flags.filter === undefined ? 'in the index' : `matches --filter ${flags.filter}`}`,
      );
    }
    const browser = await openBrowser();
    let result;
    try {
      result = await checkStorybook({
        baseUrl,
        stories,
        browser,
        ...(baseline ? { baseline } : {}),
        ...(maxRuns === undefined ? {} : { maxRuns }),
        ...(minRuns === undefined ? {} : { minRuns }),
        ...(seconds === undefined ? {} : { duration: seconds * 1000 }),
        ...(margin === undefined ? {} : { margin }),
        ...(alpha === undefined ? {} : { alpha }),
        ...(flags['init-script'] === undefined
          ? {}
          : { initScript: resolve(cwd, flags['init-script']) }),
        log: (line) => {
          output.progress(line);
        },
      });
    } finally {
      await browser.close();
    }
    const renderer = result.runs.find((run) => run.renderer)?.renderer;
    const report = createReport({
      tool: baseline
        ? 'perfwarden storybook (stored baseline)'
        : 'perfwarden storybook (no baseline)',
      verdicts: result.verdicts.map(toReportVerdict),
      durationMs: performance.now() - started,
      runs: result.maxRunsTaken,
      environment: {
        browser: `Chromium ${browser.version()}`,
        ...(renderer ? { renderer: renderer.renderer, softwareRenderer: renderer.software } : {}),
      },
    });
    output.done();
    const files = await writeReports(report, resolve(cwd, flags.out ?? 'perfwarden-report'));
    if (!baseline) output.line('no --baseline: levels recorded, not compared');
    for (const verdict of result.verdicts) {
      if (verdict.outcome === 'pass' || verdict.state === 'no-reference') continue;
      output.line(
        `${OUTCOME[verdict.outcome]} ${verdict.subject} ${verdict.metric} ${verdict.statistic}: ${verdictSummary(toReportVerdict(verdict))}`,
      );
    }
    for (const line of annotationsFor(report, env)) output.line(line);
    if (flags['save-baseline'] !== undefined) {
      const path = resolve(cwd, flags['save-baseline']);
      await addRunToBaselineFile(path, baselineFromRuns(result.runs));
      output.line(`baseline: ${path}`);
    }
    const failed = new Set(
      result.verdicts.filter((v) => v.outcome === 'fail').map((v) => v.subject),
    );
    output.line(
      `${failed.size > 0 ? `regression in ${failed.size} of ${count(stories.length)}` : `no confident regression in ${count(stories.length)}`}${result.skipped.length ? ` (${result.skipped.length} skipped)` : ''} in ${(report.durationMs / 1000).toFixed(1)} s; reports: ${files.join(', ')}`,
    );
    return report.outcome === 'fail' ? 1 : 0;
  } finally {
    await server?.close();
  }
}
