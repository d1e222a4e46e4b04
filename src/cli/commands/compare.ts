/**
 * `perfwarden compare <url>`: interleaved A/B against `--baseline-url` (recommended), or runs
 * of the candidate against a stored `--baseline`, plus `--budget` rules; writes the reports and
 * returns the exit code (0 pass, 1 regression or budget exceeded).
 */
import { readBaselineFile } from '../baseline-file.js';
import { openSession } from '../browser-session.js';
import { readBudgets } from '../budget-file.js';
import { evaluateBudgets } from '../budgets.js';
import type { Output } from '../console-output.js';
import { compareInterleaved } from '../interleaved.js';
import { annotationsFor, createReport, verdictSummary, writeReports } from '../report/index.js';
import type { ReportVerdict } from '../report/index.js';
import { parseMetricStatistic } from '../run-statistics.js';
import { DEFAULT_AB_METRICS, DEFAULT_STORED_METRICS } from '../settings.js';
import type { Settings } from '../settings.js';
import { compareWithBaseline } from '../stored-baseline.js';
import type { WindowSummary } from '../../types.js';
import { messageOf, UsageError } from '../usage-error.js';

/** Checks that `url` is an http(s) or file URL; returns it. */
export function checkUrl(url: string | undefined, what: string): string {
  if (url === undefined) {
    throw new UsageError(
      `${what} is missing: e.g. perfwarden compare http://localhost:8080/ --baseline-url http://localhost:8081/`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(
      `${what} "${url}" is not a URL: write it in full, e.g. http://localhost:8080/`,
    );
  }
  if (!['http:', 'https:', 'file:'].includes(parsed.protocol)) {
    throw new UsageError(`${what} "${url}" must be an http, https or file URL`);
  }
  return url;
}

const OUTCOME = { pass: 'PASS', fail: 'FAIL', inconclusive: 'UNDECIDED' };

/** Runs the comparison and writes the reports; returns the exit code. */
export async function compare(
  settings: Settings,
  output: Output,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const url = checkUrl(settings.url, 'the candidate URL');
  const baselineUrl =
    settings.baselineUrl === undefined
      ? undefined
      : checkUrl(settings.baselineUrl, '--baseline-url');
  const checks = (
    settings.metrics ?? (baselineUrl === undefined ? DEFAULT_STORED_METRICS : DEFAULT_AB_METRICS)
  ).map(parseMetricStatistic);
  const budgets = settings.budget === undefined ? [] : await readBudgets(settings.budget);
  let stored;
  if (settings.baseline !== undefined) {
    try {
      stored = await readBaselineFile(settings.baseline);
    } catch (error) {
      throw new UsageError(
        `${messageOf(error)}. Fix or delete the file, then run \`perfwarden baseline update\`.`,
      );
    }
  }
  if (baselineUrl !== undefined && stored !== undefined) {
    throw new UsageError(
      'give either --baseline-url (interleaved A/B) or --baseline (stored), not both',
    );
  }
  if (baselineUrl === undefined && stored === undefined && budgets.length === 0) {
    throw new UsageError(
      'nothing to compare with: give --baseline-url <url> (recommended), --baseline <file> or --budget <file>',
    );
  }

  const session = await openSession(settings);
  const started = performance.now();
  const candidateRuns: WindowSummary[][] = [];
  let verdicts: ReportVerdict[] = [];
  let runs: number;
  try {
    if (baselineUrl !== undefined) {
      const result = await compareInterleaved({
        subject: url,
        checks,
        alpha: settings.alpha,
        threshold: settings.threshold,
        timeLimitMs: settings.timeLimit,
        minPairs: 2,
        run: async (arm) => {
          const windows = await session.run(arm === 'baseline' ? baselineUrl : url);
          if (arm === 'candidate') candidateRuns.push(windows);
          return windows;
        },
        onPair: (progress) => {
          output.progress(
            `pair ${progress.pairs}: ${progress.decided}/${progress.checks} metrics decided, ${Math.round(progress.elapsedMs / 1000)} s of ${Math.round(progress.timeLimitMs / 1000)} s`,
          );
        },
      });
      for (const check of result.unmeasured) {
        output.error(`note: ${check.metric} was not measured on either page; not compared`);
      }
      verdicts = result.verdicts;
      runs = result.pairs;
    } else {
      for (let i = 0; i < settings.runs; i++) {
        candidateRuns.push(await session.run(url));
        output.progress(
          `run ${i + 1} of ${settings.runs}, ${Math.round((performance.now() - started) / 1000)} s`,
        );
      }
      runs = settings.runs;
      if (stored !== undefined) {
        verdicts = compareWithBaseline({
          subject: url,
          stored,
          runs: candidateRuns,
          checks,
          alpha: settings.alpha,
          margin: settings.margin,
        });
      }
    }
  } finally {
    await session.close();
  }
  verdicts.push(...evaluateBudgets(url, budgets, candidateRuns, verdicts));
  const report = createReport({
    tool:
      baselineUrl === undefined
        ? 'perfwarden compare (stored baseline)'
        : 'perfwarden compare (interleaved A/B)',
    verdicts,
    durationMs: performance.now() - started,
    runs,
    environment: {
      browser: session.probe.browser,
      renderer: session.probe.renderer,
      softwareRenderer: session.probe.software,
    },
  });
  output.done();
  const files = await writeReports(report, settings.out);
  for (const verdict of verdicts) {
    output.line(
      `${OUTCOME[verdict.outcome]} ${verdict.metric} ${verdict.statistic}: ${verdictSummary(verdict)}`,
    );
  }
  for (const line of annotationsFor(report, env)) output.line(line);
  output.line(
    `${report.outcome === 'fail' ? 'regression' : 'no confident regression'} after ${runs} ${baselineUrl === undefined ? 'runs' : 'pairs'} in ${(report.durationMs / 1000).toFixed(1)} s; reports: ${files.join(', ')}`,
  );
  return report.outcome === 'fail' ? 1 : 0;
}
