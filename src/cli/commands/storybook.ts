/**
 * `perfwarden storybook <storybook-static dir | URL>`: the Storybook add-on's CI mode. Reads
 * the Storybook's `index.json`, measures every story (or those `--filter` keeps) in headless
 * Chromium through the add-on's decorator, judges each story's levels against a stored
 * baseline, or against another build of the Storybook run beside it (`--baseline-build`,
 * interleaved A/B), and writes the same reports as `perfwarden compare`, one verdict per story
 * and level. Exit codes as there: 0 pass, 1 regression or budget exceeded, 2 usage or runtime
 * error.
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
  summaryLine,
  verdictSummary,
  writeReports,
} from '../../report/index.js';
import type { ReportVerdict } from '../../report/index.js';
import type { Settings } from '../settings.js';
import { startStaticServer } from '../static-server.js';
import type { StaticServer } from '../static-server.js';
import { abStorybooks } from '../storybook/ab-storybook.js';
import { checkStorybook } from '../storybook/check-storybook.js';
import type { IndexedStory } from '../storybook/story-index.js';
import { readStoryIndex, storyFilter } from '../storybook/story-index.js';
import { messageOf, UsageError } from '../usage-error.js';

const OUTCOME = { pass: 'pass', fail: 'FAIL', inconclusive: 'note' } as const;

const count = (stories: number): string => `${stories} ${stories === 1 ? 'story' : 'stories'}`;

/** A report verdict from a story verdict (the report schema has no `state`). */
function toReportVerdict(verdict: ReportVerdict | StoryVerdict): ReportVerdict {
  const copy: ReportVerdict & { state?: unknown } = { ...verdict };
  delete copy.state;
  return copy;
}

/** The link of each story in the Storybook at `publicUrl` (its manager, story selected). */
function storyLinks(
  stories: readonly IndexedStory[],
  publicUrl: string | undefined,
): Record<string, string> | undefined {
  if (publicUrl === undefined) return undefined;
  const base = publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`;
  return Object.fromEntries(
    stories.map((story) => [story.id, `${base}?path=/story/${encodeURIComponent(story.id)}`]),
  );
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
  if (settings.baseline !== undefined && settings.baselineBuild !== undefined) {
    throw new UsageError(
      'give either --baseline-build (interleaved A/B of two builds) or --baseline (stored), not both',
    );
  }
  const baseline =
    settings.baseline === undefined
      ? undefined
      : await readBaselineFile(resolve(cwd, settings.baseline)).catch((error: unknown) => {
          throw new UsageError(messageOf(error));
        });
  const started = performance.now();
  const servers: StaticServer[] = [];
  try {
    const candidate = await locate(target, cwd);
    if (candidate.server) servers.push(candidate.server);
    const other =
      settings.baselineBuild === undefined ? undefined : await locate(settings.baselineBuild, cwd);
    if (other?.server) servers.push(other.server);
    const readIndex = (baseUrl: string) =>
      readStoryIndex(baseUrl).catch((error: unknown) => {
        throw new UsageError(messageOf(error));
      });
    const all = await readIndex(candidate.baseUrl);
    const { filter } = settings;
    const selected = filter === undefined ? all : all.filter(storyFilter(filter));
    if (selected.length === 0) {
      throw new UsageError(
        `no story ${filter === undefined ? 'in the index' : `matches --filter ${filter}`}`,
      );
    }
    // In an A/B, a story new in the candidate has nothing to be compared with.
    const inBaseline = other && new Set((await readIndex(other.baseUrl)).map((story) => story.id));
    const stories = inBaseline ? selected.filter((story) => inBaseline.has(story.id)) : selected;
    const added = selected.filter((story) => !stories.includes(story)).map((story) => story.id);
    const notes = added.length
      ? [`not in the baseline build, so not compared: ${added.join(', ')}`]
      : [];
    if (stories.length === 0) {
      throw new UsageError('no selected story is in both builds: nothing to compare');
    }
    const browser = await openBrowser();
    const common = {
      stories,
      browser,
      ...(settings.storyRuns === undefined ? {} : { maxRuns: settings.storyRuns }),
      minRuns: settings.minRuns,
      ...(settings.storyDuration === undefined ? {} : { duration: settings.storyDuration }),
      ...(settings.storyMargin === undefined ? {} : { margin: settings.storyMargin }),
      alpha: settings.alpha,
      ...(settings.initScript === undefined
        ? {}
        : { initScript: resolve(cwd, settings.initScript) }),
      log: (line: string) => {
        output.progress(line);
      },
    };
    let result;
    try {
      result = other
        ? await abStorybooks({
            ...common,
            candidateUrl: candidate.baseUrl,
            baselineUrl: other.baseUrl,
          })
        : await checkStorybook({
            ...common,
            baseUrl: candidate.baseUrl,
            ...(baseline ? { baseline } : {}),
          });
    } finally {
      await browser.close();
    }
    notes.push(...result.notes);
    const renderer = result.runs.find((run) => run.renderer)?.renderer;
    const verdicts = result.verdicts.map(toReportVerdict);
    const publicUrl = settings.publicUrl ?? (candidate.server ? undefined : target);
    const links = storyLinks(stories, publicUrl);
    const report = createReport({
      tool: other
        ? 'perfwarden storybook (A/B of two builds)'
        : baseline
          ? 'perfwarden storybook (stored baseline)'
          : 'perfwarden storybook (no baseline)',
      verdicts,
      durationMs: performance.now() - started,
      runs: result.maxRunsTaken,
      subjectKind: 'story',
      ...(links ? { links } : {}),
      notes,
      environment: {
        browser: `Chromium ${browser.version()}`,
        ...(renderer ? { renderer: renderer.renderer, softwareRenderer: renderer.software } : {}),
      },
    });
    output.done();
    const files = await writeReports(report, resolve(cwd, settings.out));
    if (!baseline && !other) output.line('no --baseline: levels recorded, not compared');
    for (const verdict of result.verdicts) {
      if (verdict.outcome === 'pass' || ('state' in verdict && verdict.state === 'no-reference')) {
        continue;
      }
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
    output.line(
      `${summaryLine(report)}${result.skipped.length ? ` (${result.skipped.length} skipped)` : ''}; ${count(stories.length)} in ${(report.durationMs / 1000).toFixed(1)} s; reports: ${files.join(', ')}`,
    );
    return report.outcome === 'fail' ? 1 : 0;
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
}
