/**
 * Overhead side by side: a WebGL page with fixed work per frame (bench/overhead-page.html)
 * runs under four arms, interleaved in one Chromium session: no instrumentation, perfwarden
 * with default options, stats.js (the classic FPS meter, as an anchor), web-vitals alone, and
 * `raf+task`: an empty rAF callback and an empty task per frame, the floor of any sampler that
 * measures frame intervals and the end of each frame's work.
 *
 * Per run, the figure compared is the CPU time of the renderer's main thread per frame, read
 * from Linux's per-thread scheduler statistics (`/proc/<pid>/task/<tid>/schedstat`, ns) while
 * nothing traces the page: it holds everything an arm costs on that thread (its callbacks, its
 * tasks, their scheduling, the garbage it makes), and, unlike wall-clock time, not the time
 * the OS gave to other programs on a shared machine. A short trace first finds the thread;
 * a second trace afterwards gives the arm's JavaScript allocation per frame (the sum of the
 * increases of the JS heap between consecutive trace counters; a collection shows as a drop).
 * Tracing is kept out of the CPU figure because it adds cost to every task and callback it
 * records, which would penalize arms that add callbacks.
 *
 * `npm run bench:overhead`; ROUNDS=n changes the number of alternations (default 10), POINTS=n
 * the page's work (points moved and drawn per frame, default 20000), ARMS=a,b,… the arms
 * (the `perfwarden:*` ablations, which turn parts of the monitor off, say where its cost is). Linux only (schedstat).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { findChromium, launchChromium } from '../src/cli/chromium.js';
import { startStaticServer } from '../src/cli/static-server.js';

const ALL_ARMS = [
  'bare',
  'perfwarden',
  'stats.js',
  'web-vitals',
  'raf+task',
  'perfwarden:frames-only',
  'perfwarden:no-long-frames',
  'perfwarden:no-detector',
] as const;
type Arm = (typeof ALL_ARMS)[number];
const DEFAULT_ARMS: readonly Arm[] = ['bare', 'perfwarden', 'stats.js', 'web-vitals', 'raf+task'];
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
const ARMS = chosenArms(process.env['ARMS']);
const ROUNDS = Number(process.env['ROUNDS'] ?? 10);
// 2 s by default; a longer warm-up (WARMUP_MS=15000) shows the cost once V8 has optimized the code.
const WARMUP_MS = Number(process.env['WARMUP_MS'] ?? 2000);
const MEASURE_MS = 3000;
const ALLOCATION_MS = 1500;
const POINTS = Number(process.env['POINTS'] ?? 20_000);
const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'];

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
// Compiled to build/bench/bench/: the repository root is three levels up.
const root = here('../../../');

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  args?: { data?: { jsHeapSizeUsed?: number } };
}

interface Run {
  /** Main-thread CPU time per frame (ms). */
  ms: number;
  /** JavaScript heap allocated per frame (bytes). */
  bytes: number;
}

const frameCount = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { frameCount: number }).frameCount);

async function trace(browser: Browser, page: Page, ms: number): Promise<TraceEvent[]> {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await page.waitForTimeout(ms);
  return (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] })
    .traceEvents;
}

/** CPU time (ns) a thread has run, from the scheduler's statistics. */
function threadCpuNs(pid: number, tid: number): number {
  return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
}

/** Main-thread CPU time and JavaScript allocation per frame of one run of `arm`. */
async function runArm(browser: Browser, origin: string, arm: Arm): Promise<Run> {
  const page = await browser.newPage();
  try {
    await page.goto(`${origin}/overhead-page.html?arm=${encodeURIComponent(arm)}&points=${POINTS}`);
    await page.waitForTimeout(WARMUP_MS);
    // The renderer's main thread is the one that runs the animation frames.
    let frame: TraceEvent | undefined;
    for (let attempt = 0; attempt < 5 && !frame; attempt++) {
      frame = (await trace(browser, page, 500)).find(
        (e) => e.name === 'AnimationFrame' && e.ph === 'b',
      );
    }
    if (!frame) throw new Error(`no frames traced for arm ${arm}`);
    const { pid, tid } = frame;
    const cpuBefore = threadCpuNs(pid, tid);
    const framesBefore = await frameCount(page);
    await page.waitForTimeout(MEASURE_MS);
    const frames = (await frameCount(page)) - framesBefore;
    const cpu = threadCpuNs(pid, tid) - cpuBefore;

    const tracedFrom = await frameCount(page);
    const events = await trace(browser, page, ALLOCATION_MS);
    const tracedFrames = (await frameCount(page)) - tracedFrom;
    let allocated = 0;
    let previous: number | undefined;
    for (const event of events) {
      const used = event.name === 'UpdateCounters' ? event.args?.data?.jsHeapSizeUsed : undefined;
      if (used === undefined || event.pid !== pid) continue;
      if (previous !== undefined && used > previous) allocated += used - previous;
      previous = used;
    }
    return { ms: cpu / 1e6 / frames, bytes: allocated / tracedFrames };
  } finally {
    await page.close();
  }
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))] ?? NaN;
}

const server = await startStaticServer({
  routes: {
    '/dist/': `${root}dist/`,
    '/stats.js/': `${root}node_modules/stats.js/build/`,
    '/web-vitals/': `${root}node_modules/web-vitals/dist/`,
    '/': `${root}bench/`,
  },
});
const browser = await launchChromium();
const perFrame = new Map<Arm, number[]>(ARMS.map((arm) => [arm, []]));
const bytesPerFrame = new Map<Arm, number[]>(ARMS.map((arm) => [arm, []]));
const ratios = new Map<Arm, number[]>(ARMS.map((arm) => [arm, []]));
const added = new Map<Arm, number[]>(ARMS.map((arm) => [arm, []]));
try {
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order so that no arm always runs first or last.
    const order = ARMS.map((_, i) => ARMS[(i + round) % ARMS.length] ?? 'bare');
    const results = new Map<Arm, Run>();
    for (const arm of order) results.set(arm, await runArm(browser, server.origin, arm));
    const bare = results.get('bare')?.ms ?? NaN;
    for (const arm of ARMS) {
      const run = results.get(arm) ?? { ms: NaN, bytes: NaN };
      perFrame.get(arm)?.push(run.ms);
      bytesPerFrame.get(arm)?.push(run.bytes);
      ratios.get(arm)?.push(run.ms / bare);
      added.get(arm)?.push(run.ms - bare);
    }
    console.log(
      `round ${round + 1}/${ROUNDS}: ` +
        ARMS.map((arm) => `${arm} ${(results.get(arm)?.ms ?? NaN).toFixed(3)} ms`).join(', '),
    );
  }
} finally {
  await browser.close();
  await server.close();
}

const version = await import('node:child_process')
  .then(({ execFileSync }) =>
    execFileSync(findChromium(), ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  )
  .catch(() => 'Chromium');
console.log(
  `\nRenderer main-thread CPU time per frame, page moving and drawing ${POINTS} points per frame, ` +
    `${ROUNDS} interleaved rounds of ${MEASURE_MS / 1000} s per arm (${version.trim()}):\n`,
);
console.log(
  '| arm | main-thread CPU ms per frame, median (min–max) | vs bare, median (min–max) | added ms per frame, median | JS heap B per frame, median |',
);
console.log('| --- | --- | --- | --- | --- |');
for (const arm of ARMS) {
  const ms = perFrame.get(arm) ?? [];
  const ratio = ratios.get(arm) ?? [];
  const pct = (r: number): string => `${r >= 1 ? '+' : ''}${((r - 1) * 100).toFixed(1)} %`;
  console.log(
    `| ${arm} | ${quantile(ms, 0.5).toFixed(3)} (${quantile(ms, 0).toFixed(3)}–${quantile(ms, 1).toFixed(3)}) | ` +
      (arm === 'bare'
        ? '— | — |'
        : `${pct(quantile(ratio, 0.5))} (${pct(quantile(ratio, 0))} to ${pct(quantile(ratio, 1))}) | ` +
          `${quantile(added.get(arm) ?? [], 0.5).toFixed(3)} |`) +
      ` ${quantile(bytesPerFrame.get(arm) ?? [], 0.5).toFixed(0)} |`,
  );
}
