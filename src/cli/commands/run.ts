/** `perfwarden run <url>`: one measured run of a page, written as a run file of window summaries. */
import { writeFile } from 'node:fs/promises';
import { openSession } from '../browser-session.js';
import type { Output } from '../console-output.js';
import { runDuration } from '../settings.js';
import type { Settings } from '../settings.js';
import { checkUrl } from './compare.js';
import type { OpenSession } from './compare.js';

/** Format name of run files. */
export const RUN_FORMAT = 'perfwarden-run';

/** Runs the page once and writes the run file; returns the exit code. */
export async function run(
  settings: Settings,
  output: Output,
  open: OpenSession = openSession,
): Promise<number> {
  const url = checkUrl(settings.url, 'the URL to run');
  const session = await open(settings);
  try {
    output.progress(`running ${url} for ${runDuration(settings) / 1000} s`);
    const windows = await session.run(url);
    const file = {
      format: RUN_FORMAT,
      version: 1,
      url,
      created: new Date().toISOString(),
      durationMs: runDuration(settings),
      browser: session.probe.browser,
      renderer: session.probe.renderer,
      softwareRenderer: session.probe.software,
      windows,
    };
    await writeFile(settings.output, `${JSON.stringify(file, null, 2)}\n`, 'utf8');
    const metrics = [...new Set(windows.map((summary) => summary.metric))].sort();
    output.line(
      `${windows.length} windows of ${metrics.join(', ') || 'no metric'} written to ${settings.output}`,
    );
    return 0;
  } finally {
    await session.close();
  }
}
