/**
 * `perfwarden storybook <storybook-static dir | URL>`: the Storybook add-on's CI mode. Reads
 * the Storybook's `index.json`, measures every story (or those `--filter` keeps) in headless
 * Chromium through the add-on's decorator, judges each story's levels against a stored
 * baseline, and writes the same reports as `perfwarden compare`, one verdict per story and
 * level. Exit codes as there: 0 pass, 1 regression or budget exceeded, 2 usage or runtime error.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StoryVerdict } from '../../storybook/verdict.js';
import { baselineFromRuns } from '../../storybook/reference.js';
import { addRunToBaselineFile, readBaselineFile } from '../../baseline/file-storage.js';
import { openBrowser } from '../browser-session.js';
import type { Output } from '../console-output.js';
import {
  annotationsFor,
  createReport,
  reportSummary,
  verdictSummary,
  writeReports,
} from '../../report/index.js';
import type { ReportVerdict } from '../../report/index.js';
import type { Settings } from '../settings.js';
import { startStaticServer } from '../static-server.js';
import type { StaticServer } from '../static-server.js';
import { checkStorybook } from '../storybook/check-storybook.js';
import { readStoryIndex, storyFilter } from '../storybook/story-index.js';
import { messageOf, UsageError } from '../usage-error.js';

const OUTCOME = { pass: 'pass', fail: 'FAIL', inconclusive: 'note' } as const;

const count = (stories: number): string => `${stories} ${stories === 1 ? 'story' : 'stories'}`;

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

/** Runs `perfwarden storybook` with its settings (flags, config file, defaults). */
export async function storybook(
  settings: Settings,
  output: Output,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<number> {
  const target = settings.storybook;
  if (target === undefined) {
    throw new UsageError(
      'give the storybook-static directory or URL, e.g. perfwarden storybook storybook-static (see perfwarden storybook --help)',
    );
  }
  const baseline =
    settings.baseline === undefined
      ? undefined
      : await readBaselineFile(resolve(cwd, settings.baseline)).catch((error: unknown) => {
          throw new UsageError(messageOf(error));
        });
  const started = performance.now();
  const { baseUrl, server } = await locate(target, cwd);
  try {
    const all = await readStoryIndex(baseUrl).catch((error: unknown) => {
      throw new UsageError(messageOf(error));
    });
    const { filter } = settings;
    const stories = filter === undefined ? all : all.filter(storyFilter(filter));
    if (stories.length === 0) {
      throw new UsageError(
        `no story ${filter === undefined ? 'in the index' : `matches --filter ${filter}`}`,
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
        ...(settings.storyRuns === undefined ? {} : { maxRuns: settings.storyRuns }),
        minRuns: settings.minRuns,
        ...(settings.storyDuration === undefined ? {} : { duration: settings.storyDuration }),
        margin: settings.storyMargin,
        alpha: settings.alpha,
        ...(settings.initScript === undefined
          ? {}
          : { initScript: resolve(cwd, settings.initScript) }),
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
    const files = await writeReports(report, resolve(cwd, settings.out));
    if (!baseline) output.line('no --baseline: levels recorded, not compared');
    for (const verdict of result.verdicts) {
      if (verdict.outcome === 'pass' || verdict.state === 'no-reference') continue;
      output.line(
        `${OUTCOME[verdict.outcome]} ${verdict.subject} ${verdict.metric} ${verdict.statistic}: ${verdictSummary(toReportVerdict(verdict))}`,
      );
    }
    for (const line of annotationsFor(report, env)) output.line(line);
    if (settings.saveBaseline !== undefined) {
      const path = resolve(cwd, settings.saveBaseline);
      await addRunToBaselineFile(path, baselineFromRuns(result.runs));
      output.line(`baseline: ${path}`);
    }
    const failed = new Set(
      result.verdicts.filter((v) => v.outcome === 'fail').map((v) => v.subject),
    );
    output.line(
      `${failed.size > 0 ? `regression in ${failed.size} of ${count(stories.length)}` : `${reportSummary(report)}, in ${count(stories.length)}`}${result.skipped.length ? ` (${result.skipped.length} skipped)` : ''} in ${(report.durationMs / 1000).toFixed(1)} s; reports: ${files.join(', ')}`,
    );
    return report.outcome === 'fail' ? 1 : 0;
  } finally {
    await server?.close();
  }
}
