/**
 * Overhead side by side: a WebGL page with fixed work per frame (bench/overhead-page.html)
 * runs under four arms, interleaved in one Chromium session: no instrumentation, perfwarden
 * with default options, stats.js (the classic FPS meter, as an anchor) and web-vitals alone.
 * Each run traces the renderer's main thread and reports its task time per frame: Chromium's
 * own accounting, which sees everything an arm adds (its callbacks, its tasks, its timers).
 *
 * The same traces give each arm's JavaScript allocation per frame: the sum of the increases
 * of the JS heap between consecutive trace counters (a garbage collection shows as a drop and
 * is skipped), over the frames.
 *
 * `npm run bench:overhead` (ROUNDS=n to change the number of alternations, default 10).
 */
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { findChromium, launchChromium } from '../src/cli/chromium.js';
import { startStaticServer } from '../src/cli/static-server.js';

const ARMS = ['bare', 'perfwarden', 'stats.js', 'web-vitals'] as const;
type Arm = (typeof ARMS)[number];
const ROUNDS = Number(process.env['ROUNDS'] ?? 10);
const WARMUP_MS = 1500;
const MEASURE_MS = 3000;

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
// Compiled to build/bench/bench/: the repository root is three levels up.
const root = here('../../../');

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { data?: { jsHeapSizeUsed?: number } };
}

interface Run {
  /** Main-thread task time per frame (ms). */
  ms: number;
  /** JavaScript heap allocated per frame (bytes). */
  bytes: number;
}

/** Main-thread task time and JavaScript allocation per frame of one run of `arm`. */
async function runArm(browser: Browser, origin: string, arm: Arm): Promise<Run> {
  const page = await browser.newPage();
  try {
    await page.goto(`${origin}/overhead-page.html?arm=${encodeURIComponent(arm)}`);
    await page.waitForTimeout(WARMUP_MS);
    await browser.startTracing(page, {
      categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'],
    });
    await page.waitForTimeout(MEASURE_MS);
    const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as {
      traceEvents: TraceEvent[];
    };
    const frames = traceEvents.filter((e) => e.name === 'AnimationFrame' && e.ph === 'b');
    const { pid, tid } = frames[0] ?? { pid: -1, tid: -1 };
    const busy = traceEvents
      .filter(
        (e) =>
          e.pid === pid &&
          e.tid === tid &&
          e.ph === 'X' &&
          e.name === 'ThreadControllerImpl::RunTask',
      )
      .reduce((sum, e) => sum + (e.dur ?? 0) / 1000, 0);
    if (frames.length === 0) throw new Error(`no frames traced for arm ${arm}`);
    let allocated = 0;
    let previous: number | undefined;
    for (const event of traceEvents) {
      const used = event.name === 'UpdateCounters' ? event.args?.data?.jsHeapSizeUsed : undefined;
      if (used === undefined || event.pid !== pid) continue;
      if (previous !== undefined && used > previous) allocated += used - previous;
      previous = used;
    }
    return { ms: busy / frames.length, bytes: allocated / frames.length };
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
  `\nMain-thread task time per frame, ${ROUNDS} interleaved rounds of ${MEASURE_MS / 1000} s per arm (${version.trim()}):\n`,
);
console.log(
  '| arm | main-thread ms per frame, median (min–max) | vs bare, median (min–max) | JS heap B per frame, median |',
);
console.log('| --- | --- | --- | --- |');
for (const arm of ARMS) {
  const ms = perFrame.get(arm) ?? [];
  const ratio = ratios.get(arm) ?? [];
  const pct = (r: number): string => `${r >= 1 ? '+' : ''}${((r - 1) * 100).toFixed(1)} %`;
  console.log(
    `| ${arm} | ${quantile(ms, 0.5).toFixed(3)} (${quantile(ms, 0).toFixed(3)}–${quantile(ms, 1).toFixed(3)}) | ` +
      (arm === 'bare'
        ? '— |'
        : `${pct(quantile(ratio, 0.5))} (${pct(quantile(ratio, 0))} to ${pct(quantile(ratio, 1))}) |`) +
      ` ${quantile(bytesPerFrame.get(arm) ?? [], 0.5).toFixed(0)} |`,
  );
}
