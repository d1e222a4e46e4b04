/** `perfwarden baseline update <url> --baseline file`: records runs and merges them into the file. */
import { addRunToBaselineFile } from '../../baseline/file-storage.js';
import { openSession } from '../browser-session.js';
import { checkName, selectChecks, whyNotMeasured } from '../checks.js';
import type { Output } from '../console-output.js';
import { DEFAULT_STORED_METRICS } from '../settings.js';
import type { Settings } from '../settings.js';
import { baselineOfRuns, baselineStatistic } from '../stored-baseline.js';
import type { WindowSummary } from '../../types.js';
import { messageOf, UsageError } from '../usage-error.js';
import { checkUrl } from './compare.js';
import type { OpenSession } from './compare.js';

/**
 * Records `settings.runs` runs and merges them into the baseline file; returns the exit code.
 * A metric asked for that no run measured is an error (exit 2), so a baseline never silently
 * lacks what the gate will compare.
 */
export async function baselineUpdate(
  settings: Settings,
  output: Output,
  open: OpenSession = openSession,
): Promise<number> {
  const url = checkUrl(settings.url, 'the URL to record');
  const path = settings.baseline ?? 'perf-baseline.json';
  const selection = selectChecks(settings, DEFAULT_STORED_METRICS);
  const { checks } = selection;
  checks.forEach(baselineStatistic);
  const session = await open(settings);
  const runs: WindowSummary[][] = [];
  try {
    for (let i = 0; i < settings.runs; i++) {
      runs.push(await session.run(url));
      output.progress(`recorded run ${i + 1} of ${settings.runs}`);
    }
  } finally {
    await session.close();
  }
  const recorded = baselineOfRuns(url, runs, checks, settings.window);
  const missing = checks.filter(
    (check) =>
      !recorded.entries.some(
        (entry) => entry.metric === check.metric && entry.statistic === baselineStatistic(check),
      ),
  );
  const why = missing
    .map((check) => `${checkName(check)}: ${whyNotMeasured(check.metric, settings, session.probe)}`)
    .join('; ');
  if (recorded.entries.length === 0 || (selection.requested && missing.length > 0)) {
    throw new UsageError(`not measured on ${url}, nothing written: ${why}`);
  }
  for (const note of selection.notes) output.line(`note: ${note}`);
  if (missing.length > 0) output.line(`note: not recorded: ${why}`);
  let merged;
  try {
    merged = await addRunToBaselineFile(path, recorded);
  } catch (error) {
    throw new UsageError(`${messageOf(error)}. Fix or delete the file to start a new baseline.`);
  }
  output.line(
    `${path}: ${recorded.entries.map((entry) => `${entry.metric} ${entry.statistic}`).join(', ')} updated; ${merged.entries.length} entries`,
  );
  return 0;
}
