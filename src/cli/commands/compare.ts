/**
 * `perfwarden compare <url>`: interleaved A/B against `--baseline-url` (recommended), or runs
 * of the candidate against a stored `--baseline`, plus `--budget` rules; writes the reports and
 * returns the exit code: 0 pass or undecided, 1 regression, budget exceeded or (with
 * `--fail-on-undecided`) undecided. It fails closed: when nothing could be compared, or a metric
 * or budget asked for was not measured, it throws a {@link UsageError} (exit 2) saying what.
 */
import { readBaselineFile } from '../../baseline/file-storage.js';
import { openSession } from '../browser-session.js';
import type { BrowserSession } from '../browser-session.js';
import { readBudgets } from '../budget-file.js';
import type { Budget } from '../budget-file.js';
import { evaluateBudgets } from '../budgets.js';
import type { Output } from '../console-output.js';
import { checkName, requireMonitorForGpu, selectChecks, whyNotMeasured } from '../checks.js';
import { armsOf, decidingChecks, reportedLine } from '../deciding-metrics.js';
import { compareInterleaved } from '../interleaved.js';
import {
  annotationsFor,
  createReport,
  reportSummary,
  verdictSummary,
  writeReports,
} from '../../report/index.js';
import type { ReportVerdict } from '../../report/index.js';
import type { MetricStatistic } from '../run-statistics.js';
import { DEFAULT_AB_METRICS, DEFAULT_STORED_METRICS, runDuration } from '../settings.js';
import type { Settings } from '../settings.js';
import { baselineStatistic, compareWithBaseline } from '../stored-baseline.js';
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

/** A check that was not compared, and why. */
interface NotCompared {
  name: string;
  why: string;
  /** Asked for by a flag, the config file or a budget (not a default). */
  requested: boolean;
}

/** True when the verdict rests on data: a comparison with a delta, a budget with a level. */
function wasCompared(verdict: ReportVerdict): boolean {
  return (
    verdict.delta !== undefined || (verdict.check === 'budget' && verdict.candidate !== undefined)
  );
}

/** The browser session a comparison runs in; replaceable in tests. */
export type OpenSession = (settings: Settings) => Promise<BrowserSession>;

/** Runs the comparison and writes the reports; returns the exit code. */
export async function compare(
  settings: Settings,
  output: Output,
  env: NodeJS.ProcessEnv,
  open: OpenSession = openSession,
): Promise<number> {
  const url = checkUrl(settings.url, 'the candidate URL');
  const baselineUrl =
    settings.baselineUrl === undefined
      ? undefined
      : checkUrl(settings.baselineUrl, '--baseline-url');
  const selection = selectChecks(
    settings,
    baselineUrl === undefined ? DEFAULT_STORED_METRICS : DEFAULT_AB_METRICS,
  );
  const { checks } = selection;
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
  if (stored !== undefined) checks.forEach(baselineStatistic);
  checkBudgets(budgets, checks, settings, baselineUrl !== undefined || stored !== undefined);

  // A second browser only for an A/B whose arms may run side by side (closed if they may not).
  const [session, second] = await openSessions(
    settings,
    baselineUrl !== undefined && settings.arms !== 'alternate' ? 2 : 1,
    open,
  );
  const sessions = [session, ...(second === undefined ? [] : [second])];
  const started = performance.now();
  const candidateRuns: WindowSummary[][] = [];
  const baselineRuns: WindowSummary[][] = [];
  const notes = [...selection.notes];
  const notCompared: NotCompared[] = [];
  let verdicts: ReportVerdict[] = [];
  let runs: number;
  try {
    if (baselineUrl !== undefined) {
      const deciding = decidingChecks(selection, session.probe);
      notes.push(...deciding.notes);
      // Budgets judge the candidate's runs too: a wall-clock budget needs runs alone.
      const arms = armsOf(settings, [...deciding.checks, ...budgets]);
      notes.push(arms.note);
      const runners = arms.parallel && second !== undefined ? [session, second] : [session];
      if (runners.length === 1 && second !== undefined) {
        // The second browser is not needed: closed now, and not again at the end.
        sessions.pop();
        await second.close();
      }
      const result = await compareInterleaved({
        subject: url,
        checks: deciding.checks,
        alpha: settings.alpha,
        threshold: settings.threshold,
        timeLimitMs: settings.timeLimit,
        minPairs: 2,
        parallel: runners.length === 2,
        run: async (arm, runner) => {
          const windows = await (runners[runner] ?? session).run(
            arm === 'baseline' ? baselineUrl : url,
            runDuration(settings, runners.length === 2),
          );
          (arm === 'candidate' ? candidateRuns : baselineRuns).push(windows);
          return windows;
        },
        onPair: (progress) => {
          output.progress(
            `pair ${progress.pairs}: ${progress.decided}/${progress.checks} metrics decided, ${Math.round(progress.elapsedMs / 1000)} s of ${Math.round(progress.timeLimitMs / 1000)} s`,
          );
        },
      });
      const pairs = baselineRuns.map((baseline, i) => ({
        baseline,
        candidate: candidateRuns[i] ?? [],
      }));
      for (const check of deciding.reported) {
        const line = reportedLine(check, pairs);
        if (line !== undefined) notes.push(line);
      }
      for (const check of result.unmeasured) {
        const why = `not measured on either page: ${whyNotMeasured(check.metric, settings, session.probe)}`;
        notes.push(`${checkName(check)} was ${why}`);
        notCompared.push({ name: checkName(check), why, requested: selection.requested });
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
    await Promise.all(sessions.map((each) => each.close()));
  }
  verdicts.push(...evaluateBudgets(url, budgets, candidateRuns, verdicts));
  for (const verdict of verdicts.filter((each) => !wasCompared(each))) {
    notCompared.push({
      name:
        verdict.check === 'budget'
          ? `budget "${verdict.rule ?? ''}"`
          : `${verdict.metric} ${verdict.statistic}`,
      why: verdict.hints.join('; ') || 'no data',
      requested: verdict.check === 'budget' || selection.requested,
    });
  }
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
    notes,
  });
  output.done();
  const files = await writeReports(report, settings.out);
  for (const verdict of verdicts) {
    const text = wasCompared(verdict)
      ? verdictSummary(verdict)
      : `not compared: ${verdict.hints.join('; ')}`;
    output.line(`${OUTCOME[verdict.outcome]} ${verdict.metric} ${verdict.statistic}: ${text}`);
  }
  for (const note of notes) output.line(`note: ${note}`);
  for (const line of annotationsFor(report, env)) output.line(line);
  const unmet = failClosed(verdicts, notCompared);
  const code =
    report.outcome === 'fail'
      ? 1
      : unmet !== undefined
        ? 2
        : report.outcome === 'undecided' && settings.failOnUndecided
          ? 1
          : 0;
  output.line(
    `${reportSummary(report)} after ${runs} ${baselineUrl === undefined ? 'runs' : 'pairs'} in ${(report.durationMs / 1000).toFixed(1)} s` +
      (report.outcome === 'undecided' && code === 0
        ? ' (exit 0; --fail-on-undecided makes it 1)'
        : '') +
      `; reports: ${files.join(', ')}`,
  );
  if (code === 2 && unmet !== undefined) throw new UsageError(unmet);
  if (unmet !== undefined) output.error(unmet);
  return code;
}

/** Opens `count` browser sessions at once; closes those opened when another fails. */
async function openSessions(
  settings: Settings,
  count: 1 | 2,
  open: OpenSession,
): Promise<[BrowserSession, BrowserSession | undefined]> {
  const opened = await Promise.allSettled(Array.from({ length: count }, () => open(settings)));
  const sessions = opened.flatMap((each) => (each.status === 'fulfilled' ? [each.value] : []));
  const failure = opened.find((each) => each.status === 'rejected');
  if (failure !== undefined || sessions[0] === undefined) {
    await Promise.all(sessions.map((each) => each.close()));
    throw failure?.reason ?? new Error('no browser session opened');
  }
  return [sessions[0], sessions[1]];
}

/**
 * Why the run cannot pass although nothing failed: it compared nothing, or not a metric or
 * budget that was asked for. A gate that did not measure what it guards has not passed.
 */
function failClosed(
  verdicts: readonly ReportVerdict[],
  notCompared: readonly NotCompared[],
): string | undefined {
  const compared = verdicts.some(wasCompared);
  const missed = notCompared.filter((each) => each.requested);
  if (compared && missed.length === 0) return undefined;
  const listed = (missed.length > 0 ? missed : notCompared)
    .map((each) => `${each.name} (${each.why})`)
    .join('; ');
  return `${compared ? 'not measured as asked' : 'nothing was compared'}: ${listed || 'no check had data'}`;
}

/**
 * Budgets that cannot be evaluated are usage errors before anything runs: a gpu budget without
 * the app's monitor, a relative budget without a comparison of its metric and statistic.
 */
function checkBudgets(
  budgets: readonly Budget[],
  checks: readonly MetricStatistic[],
  settings: Settings,
  comparing: boolean,
): void {
  for (const budget of budgets) {
    requireMonitorForGpu(budget.metric, `budget "${budget.rule}"`, settings);
    if (budget.kind !== 'relative') continue;
    if (!comparing) {
      throw new UsageError(
        `budget "${budget.rule}" is relative to a baseline: give --baseline-url <url> or --baseline <file>`,
      );
    }
    if (
      !checks.some(
        (check) => check.metric === budget.metric && check.statistic === budget.statistic,
      )
    ) {
      throw new UsageError(
        `budget "${budget.rule}" needs ${checkName(budget)} compared: add --metric ${budget.metric}:${budget.statistic} (compared now: ${checks.map(checkName).join(', ') || 'nothing'})`,
      );
    }
  }
}
