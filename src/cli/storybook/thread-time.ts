/**
 * The renderer main thread's CPU time around one mount of a story, which the CLI reads through
 * DevTools (a page cannot): before the mount, when the add-on says that the render's first
 * frame is done, and after the run. It becomes the run's `cpu.thread.` levels (see
 * `LEVEL_SPECS`), which are tested in place of the wall-clock levels they measure. A mount's
 * thread time stops while its thread waits, so the reading taken a few milliseconds after the
 * render adds only the little the page did meanwhile.
 */
import type { Page } from 'playwright-core';
import { LEVEL_SPECS } from '../../storybook/levels.js';
import type { LevelKey, StoryRun } from '../../storybook/run.js';
import { mainThreadClock } from '../run-cpu-time.js';
import type { MeasuredRuns, StoryPage } from './story-page.js';

/** The renderer main thread's CPU time so far (ms), or undefined when the browser does not say. */
export type ThreadClock = () => Promise<number | undefined>;

/** The clock of a page whose browser gives no thread CPU time. */
const NO_THREAD_CLOCK: ThreadClock = () => Promise.resolve(undefined);

/** The thread clock of `page`, or one that always says undefined where there is none. */
export function threadClockOf(page: Page): Promise<ThreadClock> {
  return mainThreadClock(page).catch(() => NO_THREAD_CLOCK);
}

/** One measured mount: its run (with the `cpu.thread.` levels when read), or that it is skipped. */
export interface MeasuredMount {
  run: StoryRun | undefined;
  skipped: boolean;
}

/** The time from `before` to `after` on a clock, when both were read and it went forward. */
function elapsed(before: number | undefined, after: number | undefined): number | undefined {
  return before !== undefined && after !== undefined && after > before ? after - before : undefined;
}

/** Measures one fresh mount of `story`, reading `clock` around it and at its render's end. */
export async function measureMount(
  story: StoryPage,
  clock: ThreadClock,
  duration: number | undefined,
): Promise<MeasuredMount> {
  const before = await clock();
  let rendered: number | undefined;
  const measured: MeasuredRuns = await story.measure(1, duration, async () => {
    rendered ??= await clock();
  });
  const after = await clock();
  const [run] = measured.runs;
  if (run) {
    const played = run.levels['play.duration level'] !== undefined;
    const levels: Partial<Record<LevelKey, number | undefined>> = {
      'cpu.thread.render level': elapsed(before, rendered),
      'cpu.thread.total level': elapsed(before, after),
      'cpu.thread.play level': played ? elapsed(rendered, after) : undefined,
    };
    for (const [key, value] of Object.entries(levels) as [LevelKey, number | undefined][]) {
      if (value !== undefined) run.levels[key] = value;
    }
  }
  return { run, skipped: measured.skipped };
}

/** What each `cpu.thread.` level spans, for the report's note. */
const THREAD_SPANS: Partial<Record<LevelKey, string>> = {
  'cpu.thread.render level': 'from the mount request to the end of its first frame',
  'cpu.thread.total level': 'the whole run',
  'cpu.thread.play level': 'from the end of the first frame to the end of the play function',
};

/** `['a', 'b', 'c']` as `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length < 2
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/**
 * The report's note on the `cpu.thread.` levels among `tested` (level keys that were tested),
 * or undefined when none was.
 */
export function threadLevelNote(tested: ReadonlySet<LevelKey>): string | undefined {
  const thread = LEVEL_SPECS.filter((spec) => spec.replaces && tested.has(spec.key));
  if (thread.length === 0) return undefined;
  return (
    "decided on the renderer main thread's CPU time, read through DevTools, which leaves out " +
    'time the OS gave to other programs: ' +
    thread
      .map(
        (spec) =>
          `${spec.metric} ${spec.statistic} (${THREAD_SPANS[spec.key] ?? ''}) was tested in ` +
          `place of ${listed(spec.replaces ?? [])}`,
      )
      .join(', ')
  );
}
