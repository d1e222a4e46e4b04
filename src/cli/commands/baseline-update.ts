/** `perfwarden baseline update <url> --baseline file`: records runs and merges them into the file. */
import { addRunToBaselineFile } from '../baseline-file.js';
import { openSession } from '../browser-session.js';
import type { Output } from '../console-output.js';
import { parseMetricStatistic } from '../run-statistics.js';
import { DEFAULT_STORED_METRICS } from '../settings.js';
import type { Settings } from '../settings.js';
import { baselineOfRuns } from '../stored-baseline.js';
import type { WindowSummary } from '../../types.js';
import { messageOf, UsageError } from '../usage-error.js';
import { checkUrl } from './compare.js';

/** Records `settings.runs` runs and merges them into the baseline file; returns the exit code. */
export async function baselineUpdate(settings: Settings, output: Output): Promise<number> {
  const url = checkUrl(settings.url, 'the URL to record');
  const path = settings.baseline ?? 'perf-baseline.json';
  const metrics = settings.metrics ?? DEFAULT_STORED_METRICS;
  const checks = metrics.map(parseMetricStatistic);
  const session = await openSession(settings);
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
  if (recorded.entries.length === 0)
    throw new UsageError(`no ${metrics.join(', ')} windows were measured on ${url}`);
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
