/**
 * What perfwarden costs a page's main thread, against the same page without it, with a 95 %
 * confidence interval fine enough to judge a 2 % target on a shared machine.
 *
 * The page (bench/overhead-page.html) does fixed WebGL work per frame: it moves POINTS points
 * on the CPU, uploads and draws them. The arms: `bare` (nothing else), `perfwarden` (the root
 * entry's `createMonitor()` with default options, frames measured in bursts of 1 window of 1 s
 * out of every 10, and an `httpExporter` posting to the benchmark's local sink),
 * `perfwarden+detector` (the same with `createDetector()` from perfwarden/detect, which measures
 * every frame while it learns its references), `perfwarden:full-rate` (every frame measured),
 * `stats.js` (the
 * classic FPS meter), `web-vitals` (its five collectors) and `raf+task` (an empty rAF callback
 * and an empty task per frame: the floor of a sampler that measures the end of each frame's
 * work). Opt-in ablations turn parts of the monitor off: `perfwarden:frames-only`,
 * `perfwarden:no-long-frames`. An arm whose setup throws (an option this build does not have)
 * is reported unavailable, with the error.
 *
 * In both modes:
 * - The figure is the CPU time of each renderer's main thread, from Linux's per-thread
 *   scheduler statistics (`/proc/<pid>/task/<tid>/schedstat`), over the frames it rendered: it
 *   holds everything an arm costs on that thread (its callbacks, its tasks, their scheduling,
 *   its garbage collection) and not the time the OS gave to other programs. Each page has its
 *   own browser context and so its own renderer process (checked: the marks the pages leave in
 *   a trace must come from different processes). Nothing traces the pages while they are
 *   measured.
 * - The pages draw lightly (`draw=light`): the same main-thread work and calls, but the GPU
 *   draws 1000 of the points on a 64-pixel canvas. Without a GPU, Chromium renders WebGL on
 *   the CPU (llvmpipe): the full scene kept both cores busy for one page at 60 frames per
 *   second, and five pages at once fell to 12 frames per second each. DRAW=full draws it all.
 * - Steady state only. Measuring starts once the pages have run WARMUP_MS (default 30 s) with
 *   their arm on: V8 takes that long to optimize code that runs 60 times a second, and
 *   perfwarden's deferred code (analysis and delivery, loaded in idle time after start) has
 *   long arrived. Then it waits until every page says its arm is steady (`armSteady()`: a
 *   detector past its warm-up, so that frames are measured in bursts again).
 * - The perfwarden arms export, as a page would: the report says what the sink received.
 * - Each page load has a bias of its own that lasts as long as the page (what V8 optimized,
 *   where the heap lies: about 1.5 % of CPU per frame here), so the readings of one page are
 *   not independent samples, and the interval never treats them as such.
 * - SESSIONS sessions, each in a fresh browser with fresh pages loaded in a shuffled order.
 * - Afterwards, one trace per session, as long as a period of the monitor's bursts (10 s), gives
 *   each page's JavaScript heap allocation per frame (outside the CPU figure: tracing adds cost
 *   to every callback it records).
 *
 * Alternating mode (MODE=alternating, the default, on which the target is judged): each page
 * turns its own arm off and on, so that every comparison stays within one page load.
 * - Off and on are `setArmOn` in the page: for perfwarden, `monitor.stop()` (no listener, timer
 *   or frame request left: the page is bare but for the script it loaded) and
 *   `monitor.start()` on a monitor created once.
 * - Periods of PERIOD_MS (20 s: two periods of the monitor's bursts, so that every period
 *   holds the same share of bursts wherever it falls), each measured from SETTLE_MS (1 s) after
 *   its switch, to leave out the switch and what follows it, and then only once every page's
 *   arm is steady: each start of perfwarden+detector learns the detector's references again
 *   (every frame measured meanwhile), so with that arm every period waits until that is over.
 * - A page's periods go on, off, off, on, again and again (ABBA), and pair up two by two: (on,
 *   off), then (off, on). A drift in time cancels over a page's PAIRS pairs.
 * - Pages run in couples: two pages of the same arm, one on while the other is off (PAGES per
 *   arm, an even number). Half of all pages are on at any time, so the machine's load stays
 *   the same; and a burst of load from other programs, which raises every page's CPU per frame
 *   while it lasts, falls in one page's period on and in the other's period off: averaged over
 *   the couple, it cancels.
 * - Each couple gives one estimate, the mean over its pairs of log(CPU per frame on / off),
 *   both pages averaged, and the 95 % interval is Student's t over the couples of all sessions
 *   (bench/overhead/statistics.ts): it holds however a couple's pairs are correlated. The
 *   report shows whether they are: the lag-1 autocorrelation of consecutive pairs, and how far
 *   one couple strays against what its pairs' noise alone would make it stray.
 * - web-vitals cannot be turned off (its collectors cannot be unsubscribed): it is measured in
 *   the concurrent mode only. `bare` is not an arm here: the periods off are the bare page.
 * - The default arms are perfwarden and perfwarden+detector, the arms of the target;
 *   perfwarden:full-rate, stats.js, raf+task and the ablations can alternate too (ARMS).
 *
 * Concurrent mode (MODE=concurrent): every arm, `bare` among them, on its own page at once.
 * - Every page's main-thread CPU time and frame count are read at the same instants, every
 *   ROUND_MS, ROUNDS times, and each arm is paired with bare within the round.
 * - Each session gives one estimate per arm (its rounds pooled: the arm's CPU per frame over
 *   bare's), and the 95 % interval is Student's t over the sessions' estimates; ratios are
 *   averaged on the log scale. The page bias of each arm's page and of bare's stays in every
 *   estimate, so the interval is wide: COPIES=2 loads every arm twice per session, which
 *   averages page biases within the session, on a machine with cores to spare for twice the
 *   pages. WARMUP_MS=0 ROUND_MS=1000 measures the first seconds instead of the steady state.
 *
 * Reports, per arm: CPU ms per frame (on / off), the change with its 95 % interval and the
 * interval's half-width, the added ms per frame with its interval, frames per second (an arm
 * that drops frames shows), the allocation, and for the perfwarden arms "target ≤ 2 %: met /
 * not met (upper bound …)", met only when the interval's upper end is at or below 2 %; then how
 * far single pairs (or rounds), couples (or sessions) stray.
 *
 * `npm run bench:overhead`. Environment: MODE (alternating or concurrent), ARMS
 * (comma-separated; the concurrent mode needs bare), WARMUP_MS (30000), POINTS (20000; 150000
 * is the heavier page), DRAW (light or full), SESSIONS (alternating 3, concurrent 10).
 * Alternating: PAGES per arm (4, even), PAIRS per page (2, even), PERIOD_MS (20000, a multiple
 * of 10000), SETTLE_MS (1000); the default run takes about 13 minutes (4.3 min per session,
 * most of it the detector's warm-up after each start).
 * Concurrent: ROUNDS per session (6), ROUND_MS (5000), COPIES (1); about 12 minutes (70 s per
 * session). Linux only (schedstat).
 */
import { fileURLToPath } from 'node:url';
import { BASE_PERIOD } from '../src/monitor/duty-cycle.js';
import { runAlternating } from './overhead/alternating.js';
import { chosenArms, type Mode } from './overhead/arms.js';
import { runConcurrent } from './overhead/concurrent.js';
import { chromiumVersion, serveBenchPages } from './overhead/pages.js';

/** The overhead perfwarden may cost over bare. */
const TARGET = 0.02;
/** The period of the monitor's bursts by default: BASE_PERIOD windows of the default 1 s. */
const DUTY_PERIOD_MS = BASE_PERIOD * 1000;

function setting(name: string, fallback: number, minimum: number): number {
  const text = process.env[name];
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(`${name} must be an integer ≥ ${String(minimum)}, got ${String(text)}`);
  }
  return value;
}

function evenSetting(name: string, fallback: number, why: string): number {
  const value = setting(name, fallback, 2);
  if (value % 2 !== 0) throw new Error(`${name} must be even (${why}), got ${String(value)}`);
  return value;
}

const MODE = process.env['MODE'] ?? 'alternating';
if (MODE !== 'alternating' && MODE !== 'concurrent') {
  throw new Error(`MODE must be alternating or concurrent, got ${MODE}`);
}
const mode: Mode = MODE;
const draw = process.env['DRAW'] ?? 'light';
if (draw !== 'light' && draw !== 'full') {
  throw new Error(`DRAW must be light or full, got ${draw}`);
}
const common = {
  arms: chosenArms(process.env['ARMS'], mode),
  warmupMs: setting('WARMUP_MS', 30_000, 0),
  points: setting('POINTS', 20_000, 0),
  draw,
  allocationMs: DUTY_PERIOD_MS,
  target: TARGET,
} as const;

// Compiled to build/bench/bench/: the repository root is three levels up.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const startedAt = performance.now();
const describe = (): string =>
  `${chromiumVersion()}; took ${((performance.now() - startedAt) / 60_000).toFixed(1)} min`;
const server = await serveBenchPages(root);
try {
  if (mode === 'concurrent') {
    await runConcurrent(
      {
        ...common,
        origin: server.origin,
        sessions: setting('SESSIONS', 10, 1),
        rounds: setting('ROUNDS', 6, 1),
        roundMs: setting('ROUND_MS', 5000, 100),
        copies: setting('COPIES', 1, 1),
      },
      describe,
    );
  } else {
    const periodMs = setting('PERIOD_MS', 2 * DUTY_PERIOD_MS, DUTY_PERIOD_MS);
    if (periodMs % DUTY_PERIOD_MS !== 0) {
      throw new Error(
        `PERIOD_MS must be a multiple of ${String(DUTY_PERIOD_MS)} (the period of the monitor's bursts), got ${String(periodMs)}`,
      );
    }
    await runAlternating(
      {
        ...common,
        origin: server.origin,
        sessions: setting('SESSIONS', 3, 1),
        pages: evenSetting('PAGES', 4, "half of an arm's pages start on, half off"),
        pairs: evenSetting('PAIRS', 2, 'as many pairs on first as off first'),
        periodMs,
        settleMs: setting('SETTLE_MS', 1000, 0),
      },
      describe,
    );
  }
  const { requests, bytes } = server.exported;
  console.log(
    `\nThe local sink received ${String(requests)} export requests (${(bytes / 1000).toFixed(1)} kB as sent).`,
  );
} finally {
  await server.close();
}
