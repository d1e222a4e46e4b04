/**
 * What perfwarden costs a page's main thread, against the same page bare, with a 95 %
 * confidence interval fine enough to judge a 2 % target on a shared machine.
 *
 * The page (bench/overhead-page.html) does fixed WebGL work per frame: it moves POINTS points
 * on the CPU, uploads and draws them. The arms: `bare` (nothing else), `perfwarden` (default
 * options), `perfwarden+detector` (with the regression detector of perfwarden/detect, which
 * measures every frame while it learns its references), `perfwarden:full-rate` (every frame
 * measured), `stats.js` (the classic FPS meter),
 * `web-vitals` (its five collectors) and `raf+task` (an empty rAF callback and an empty task
 * per frame: the floor of a sampler that measures the end of each frame's work). Opt-in
 * ablations turn parts of the monitor off: `perfwarden:frames-only`,
 * `perfwarden:no-long-frames`. An arm whose setup throws (an option
 * this build does not have) is reported unavailable, with the error.
 *
 * Method:
 * - All arms run at once, each page in its own browser context and so its own renderer
 *   process (checked: the marks the pages leave in a trace must come from different
 *   processes), so that every arm sees the same machine at the same time. The figure is the CPU
 *   time of each renderer's main thread, from Linux's per-thread scheduler statistics
 *   (`/proc/<pid>/task/<tid>/schedstat`), over the frames it rendered: it holds everything an
 *   arm costs on that thread (its callbacks, its tasks, their scheduling, its garbage
 *   collection) and not the time the OS gave to other programs. Nothing traces the pages while
 *   they are measured.
 * - The pages draw lightly (`draw=light`): the same main-thread work and calls, but the GPU
 *   draws 1000 of the points on a 64-pixel canvas. Without a GPU, Chromium renders WebGL on
 *   the CPU (llvmpipe): the full scene kept both cores busy for one page at 60 frames per
 *   second, and five pages at once fell to 12 frames per second each. DRAW=full draws it all.
 * - Measuring starts once the pages have run WARMUP_MS (default 30 s): V8 takes that long to
 *   optimize code that runs 60 times a second. WARMUP_MS=0 ROUND_MS=1000 measures the first
 *   seconds instead.
 * - Then ROUNDS rounds of ROUND_MS: every page's main-thread CPU time and frame count are read
 *   at the same instants, and each arm is paired with bare within the round.
 * - SESSIONS sessions, each in a fresh browser with fresh pages loaded in a shuffled order. Each
 *   page load has a bias of its own that lasts as long as the page (what V8 optimized, where
 *   the heap lies: about 1.5 % of CPU per frame here, against 5 % of noise in one 4-s round),
 *   so a session's rounds are not independent samples. Each session gives one estimate (its
 *   rounds pooled: the arm's CPU per frame over bare's), and the 95 % interval is Student's t
 *   over the sessions' estimates (bench/overhead/statistics.ts); ratios are averaged on the log
 *   scale. COPIES=2 loads every arm twice per session, which averages page biases within the
 *   session, on a machine with cores to spare for twice the pages.
 * - Afterwards, one trace per session gives each page's JavaScript heap allocation per frame
 *   (outside the CPU figure: tracing adds cost to every callback it records).
 *
 * Reports, per arm: CPU ms per frame, the change against bare with its 95 % interval, the
 * added ms per frame with its interval, frames per second (an arm that drops frames shows),
 * the allocation, and for the perfwarden arms "target ≤ 2 %: met / not met (upper bound …)",
 * met only when the interval's upper end is at or below 2 %; then how far single rounds and
 * single sessions stray.
 *
 * `npm run bench:overhead`. Environment: SESSIONS (default 10), ROUNDS per session (6),
 * ROUND_MS (5000), WARMUP_MS (30000), POINTS (20000; 150000 is the heavier page), ARMS
 * (comma-separated, must include bare), DRAW (light or full), COPIES (1). The default run takes
 * about 12 minutes (70 s per session). Linux only (schedstat).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { findChromium, launchChromium } from '../src/cli/chromium.js';
import { startStaticServer } from '../src/cli/static-server.js';
import { table } from './detect/report.js';
import {
  millisecondsWithInterval,
  ratioChange,
  signedPercent,
  targetVerdict,
} from './overhead/report.js';
import {
  compareWithBare,
  type BareComparison,
  framesPerSecond,
  msPerFrame,
  standardDeviation,
  type Reading,
} from './overhead/statistics.js';
import { threadCpuNs, type Thread } from '../src/cli/thread-cpu.js';
import { allocatedBytes, mainThreads, markFor, type TraceEvent } from './overhead/trace.js';

const ALL_ARMS = [
  'bare',
  'perfwarden',
  'perfwarden+detector',
  'perfwarden:full-rate',
  'stats.js',
  'web-vitals',
  'raf+task',
  'perfwarden:frames-only',
  'perfwarden:no-long-frames',
] as const;
type Arm = (typeof ALL_ARMS)[number];
const DEFAULT_ARMS: readonly Arm[] = [
  'bare',
  'perfwarden',
  'perfwarden+detector',
  'perfwarden:full-rate',
  'stats.js',
  'web-vitals',
  'raf+task',
];
/** The overhead perfwarden may cost over bare. */
const TARGET = 0.02;

/** `ARMS=bare,perfwarden,perfwarden:frames-only` picks arms (the ablations are opt-in). */
function chosenArms(list: string | undefined): readonly Arm[] {
  if (list === undefined) return DEFAULT_ARMS;
  const arms = list.split(',').map((name) => name.trim());
  const unknown = arms.filter((name) => !(ALL_ARMS as readonly string[]).includes(name));
  if (unknown.length > 0 || !arms.includes('bare')) {
    throw new Error(`ARMS must include bare and name only these arms: ${ALL_ARMS.join(', ')}`);
  }
  return arms as Arm[];
}

function setting(name: string, fallback: number, minimum: number): number {
  const text = process.env[name];
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(`${name} must be an integer ≥ ${String(minimum)}, got ${String(text)}`);
  }
  return value;
}

const ARMS = chosenArms(process.env['ARMS']);
const SESSIONS = setting('SESSIONS', 10, 1);
const ROUNDS = setting('ROUNDS', 6, 1);
const ROUND_MS = setting('ROUND_MS', 5000, 100);
const WARMUP_MS = setting('WARMUP_MS', 30_000, 0);
const POINTS = setting('POINTS', 20_000, 0);
const DRAW = process.env['DRAW'] ?? 'light';
if (DRAW !== 'light' && DRAW !== 'full') {
  throw new Error(`DRAW must be light or full, got ${DRAW}`);
}
/** The light page's canvas is 64 px; the full one 512 px. A small window composites less. */
const VIEWPORT = DRAW === 'light' ? { width: 128, height: 128 } : { width: 512, height: 512 };
const COPIES = setting('COPIES', 1, 1);
const ALLOCATION_MS = 1500;
const TRACE_CATEGORIES = [
  'toplevel',
  'blink.user_timing',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
];

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
// Compiled to build/bench/bench/: the repository root is three levels up.
const root = here('../../../');

interface ArmPage {
  page: Page;
  thread: Thread;
}

/** Counters of one page at one instant. */
interface Snapshot {
  cpuNs: number;
  frames: number;
  atMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function shuffled<T>(values: readonly T[]): T[] {
  const copy = [...values];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

const frameCount = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { frameCount: number }).frameCount);

/** Every page's counters, read together; each CPU reading right after its frame count. */
function snapshots(pages: readonly ArmPage[]): Promise<Snapshot[]> {
  return Promise.all(
    pages.map(async ({ page, thread }) => {
      const frames = await frameCount(page);
      return { frames, cpuNs: threadCpuNs(thread), atMs: performance.now() };
    }),
  );
}

async function trace(browser: Browser, during: () => Promise<unknown>): Promise<TraceEvent[]> {
  await browser.startTracing(undefined, { categories: TRACE_CATEGORIES });
  await during();
  return (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] })
    .traceEvents;
}

/** One page of a session: its arm and, with COPIES > 1, which copy (`perfwarden #2`). */
interface Slot {
  arm: Arm;
  /** 0 for the first copy. */
  copy: number;
  label: string;
}

/** Loads one page per slot, each in its own context; returns the pages whose setup worked. */
async function openPages(
  browser: Browser,
  origin: string,
  slots: readonly Slot[],
  unavailable: Map<Arm, string>,
): Promise<(Slot & { page: Page })[]> {
  const pages: (Slot & { page: Page })[] = [];
  for (const slot of slots) {
    const { arm } = slot;
    if (unavailable.has(arm)) continue;
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    await page.goto(
      `${origin}/overhead-page.html?arm=${encodeURIComponent(arm)}&points=${String(POINTS)}&draw=${DRAW}`,
    );
    const error = await page.evaluate(
      () => (window as unknown as { setupError: string | undefined }).setupError,
    );
    if (error === undefined) {
      pages.push({ ...slot, page });
      continue;
    }
    if (arm === 'bare') throw new Error(`the bare page failed to set up: ${error}`);
    unavailable.set(arm, error);
    await context.close();
  }
  return pages.filter(({ arm }) => !unavailable.has(arm));
}

interface SessionResult {
  /** Each arm's rounds, its copies one after the other (copy 1's rounds, then copy 2's, …). */
  readings: Map<Arm, Reading[]>;
  bytesPerFrame: Map<Arm, number>;
}

async function runSession(
  origin: string,
  slots: readonly Slot[],
  unavailable: Map<Arm, string>,
): Promise<SessionResult> {
  const browser = await launchChromium();
  try {
    const loaded = await openPages(browser, origin, slots, unavailable);
    const warmupEnd = performance.now() + WARMUP_MS;
    const events = await trace(browser, async () => {
      for (const { label, page } of loaded) {
        await page.evaluate((mark) => performance.mark(mark), markFor(label));
      }
      await sleep(500);
    });
    const threads = mainThreads(
      events,
      loaded.map(({ label }) => label),
    );
    // mainThreads throws unless every page has its thread.
    const pages = loaded.flatMap((slot) => {
      const thread = threads.get(slot.label);
      return thread ? [{ ...slot, thread }] : [];
    });
    await sleep(Math.max(0, warmupEnd - performance.now()));

    const byPage: Reading[][] = pages.map(() => []);
    let before = await snapshots(pages);
    for (let round = 0; round < ROUNDS; round++) {
      await sleep(ROUND_MS);
      const after = await snapshots(pages);
      byPage.forEach((readings, i) => {
        const start = before[i];
        const end = after[i];
        if (!start || !end) return;
        readings.push({
          cpuNs: end.cpuNs - start.cpuNs,
          frames: end.frames - start.frames,
          wallMs: end.atMs - start.atMs,
        });
      });
      before = after;
    }

    const framesBefore = await Promise.all(pages.map(({ page }) => frameCount(page)));
    const allocation = await trace(browser, () => sleep(ALLOCATION_MS));
    const framesAfter = await Promise.all(pages.map(({ page }) => frameCount(page)));

    const readings = new Map<Arm, Reading[]>();
    const bytes = new Map<Arm, { bytes: number; frames: number }>();
    // Copy by copy, so that bare's copy n pairs with each arm's copy n round by round.
    const order = pages
      .map((_, i) => i)
      .sort((a, b) => (pages[a]?.copy ?? 0) - (pages[b]?.copy ?? 0));
    for (const i of order) {
      const { arm, thread } = pages[i] ?? {};
      if (arm === undefined || thread === undefined) continue;
      readings.set(arm, [...(readings.get(arm) ?? []), ...(byPage[i] ?? [])]);
      const total = bytes.get(arm) ?? { bytes: 0, frames: 0 };
      bytes.set(arm, {
        bytes: total.bytes + allocatedBytes(allocation, thread.pid),
        frames: total.frames + (framesAfter[i] ?? NaN) - (framesBefore[i] ?? NaN),
      });
    }
    const bytesPerFrame = new Map(
      [...bytes].map(([arm, total]) => [arm, total.bytes / total.frames] as const),
    );
    return { readings, bytesPerFrame };
  } finally {
    await browser.close();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 === 1
    ? (sorted[Math.floor(middle)] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

const startedAt = performance.now();
const server = await startStaticServer({
  routes: {
    '/dist/': `${root}dist/`,
    '/stats.js/': `${root}node_modules/stats.js/build/`,
    '/web-vitals/': `${root}node_modules/web-vitals/dist/`,
    '/': `${root}bench/`,
  },
});
const unavailable = new Map<Arm, string>();
const sessions: SessionResult[] = [];
try {
  for (let session = 0; session < SESSIONS; session++) {
    const slots = ARMS.flatMap((arm) =>
      Array.from({ length: COPIES }, (_, copy) => ({
        arm,
        copy,
        label: copy === 0 ? arm : `${arm} #${String(copy + 1)}`,
      })),
    );
    const order = shuffled(slots.filter(({ arm }) => !unavailable.has(arm)));
    const result = await runSession(server.origin, order, unavailable);
    sessions.push(result);
    const bare = msPerFrame(result.readings.get('bare') ?? []);
    console.log(
      `session ${String(session + 1)}/${String(SESSIONS)} (pages loaded in the order ${order.map(({ label }) => label).join(', ')}): ` +
        [...result.readings]
          .map(([arm, readings]) => {
            const ms = msPerFrame(readings);
            const change = arm === 'bare' ? '' : ` ${signedPercent(ms / bare - 1)}`;
            return `${arm} ${ms.toFixed(3)} ms${change} at ${framesPerSecond(readings).toFixed(1)} fps`;
          })
          .join('; '),
    );
  }
} finally {
  await server.close();
}

const measured = ARMS.filter((arm) => !unavailable.has(arm));
const readingsOf = (arm: Arm): Reading[][] =>
  sessions.map((session) => session.readings.get(arm) ?? []);
const comparisons = new Map<Arm, BareComparison>(
  measured
    .filter((arm) => arm !== 'bare')
    .map((arm) => {
      const bare = readingsOf('bare');
      return [
        arm,
        compareWithBare(
          readingsOf(arm).map((readings, i) => ({ arm: readings, bare: bare[i] ?? [] })),
        ),
      ] as const;
    }),
);

let version = 'Chromium';
try {
  version = execFileSync(findChromium(), ['--version'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
} catch {
  // The version is only a label.
}
const minutes = (performance.now() - startedAt) / 60_000;
console.log(
  `\nRenderer main-thread CPU time per frame, all arms at once, page moving and drawing ` +
    `${String(POINTS)} points per frame (draw=${DRAW}); ${String(SESSIONS)} sessions × ` +
    `${String(ROUNDS)} rounds of ${String(ROUND_MS / 1000)} s after ${String(WARMUP_MS / 1000)} s ` +
    `of warm-up; ${version}; took ${minutes.toFixed(1)} min. Intervals: 95 %, Student's t over ` +
    `the sessions.\n`,
);
console.log(
  table(
    [
      'arm',
      'CPU ms per frame',
      'vs bare (95 % CI)',
      'added ms per frame (95 % CI)',
      'frames per second (lowest session)',
      'JS heap B per frame',
    ],
    measured.map((arm) => {
      const readings = readingsOf(arm);
      const comparison = comparisons.get(arm);
      const fps = readings.map(framesPerSecond);
      return [
        arm,
        (readings.map(msPerFrame).reduce((sum, ms) => sum + ms, 0) / readings.length).toFixed(3),
        comparison ? ratioChange(comparison.ratio) : '—',
        comparison ? millisecondsWithInterval(comparison.addedMs) : '—',
        `${framesPerSecond(readings.flat()).toFixed(1)} (${Math.min(...fps).toFixed(1)})`,
        median(sessions.map((session) => session.bytesPerFrame.get(arm) ?? NaN)).toFixed(0),
      ];
    }),
  ),
);
console.log('');
for (const arm of ARMS.filter((name) => name.startsWith('perfwarden'))) {
  const comparison = comparisons.get(arm);
  console.log(
    comparison
      ? `${arm}: ${targetVerdict(comparison.ratio, TARGET)}`
      : `${arm}: unavailable (${unavailable.get(arm) ?? 'not measured'})`,
  );
}
for (const [arm, error] of unavailable) {
  if (!arm.startsWith('perfwarden')) console.log(`${arm}: unavailable (${error})`);
}
console.log('\nSpread: one round against bare, and one session against the mean of all:\n');
console.log(
  table(
    ['arm', 'one round vs bare, min to max', 'SD of one round', 'SD of one session'],
    [...comparisons].map(([arm, comparison]) => [
      arm,
      `${signedPercent(Math.min(...comparison.roundRatios) - 1)} to ${signedPercent(Math.max(...comparison.roundRatios) - 1)}`,
      `${(standardDeviation(comparison.roundRatios.map(Math.log)) * 100).toFixed(1)} %`,
      `${(comparison.sessionLogSd * 100).toFixed(1)} %`,
    ]),
  ),
);
