/**
 * The benchmark pages of the overhead benchmark, in Chromium: loading one page per browser
 * context (and so per renderer process), finding each page's main thread, reading its CPU time
 * and frame count, and tracing its allocation.
 */
import { execFileSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { findChromium } from '../../src/cli/chromium.js';
import { startStaticServer, type StaticServer } from '../../src/cli/static-server.js';
import type { Arm } from './arms.js';
import type { Reading } from './statistics.js';
import { threadCpuNs, type Thread } from '../../src/cli/thread-cpu.js';
import { allocatedBytes, mainThreads, markFor, type TraceEvent } from './trace.js';

/** What every page of a run draws. */
export interface PageSettings {
  /** Points moved and uploaded per frame. */
  points: number;
  /** `light`: the GPU draws 1000 of the points on a 64-pixel canvas; `full`: all, on 512. */
  draw: 'light' | 'full';
}

/** One page of a session: its arm and its label (`perfwarden #2` for a second copy). */
export interface Slot {
  arm: Arm;
  /** 0 for the first page of the arm. */
  copy: number;
  label: string;
}

export type LoadedPage = Slot & { page: Page };
export type MeasuredPage = LoadedPage & { thread: Thread };

/** Counters of one page at one instant. */
export interface Snapshot {
  cpuNs: number;
  frames: number;
  atMs: number;
}

const TRACE_CATEGORIES = [
  'toplevel',
  'blink.user_timing',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
];

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

export function shuffled<T>(values: readonly T[]): T[] {
  const copy = [...values];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 === 1
    ? (sorted[Math.floor(middle)] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** `copies` slots per arm, labelled `arm`, `arm #2`, …, arm by arm. */
export function slotsOf(arms: readonly Arm[], copies: number): Slot[] {
  return arms.flatMap((arm) =>
    Array.from({ length: copies }, (_, copy) => ({
      arm,
      copy,
      label: copy === 0 ? arm : `${arm} #${String(copy + 1)}`,
    })),
  );
}

/** The benchmark's server, and what the perfwarden arms' exporters sent to its sink. */
export interface BenchServer extends StaticServer {
  /** Requests and bytes (as sent, compressed) received at `/sink` so far. */
  readonly exported: { requests: number; bytes: number };
}

/**
 * Serves the benchmark page, dist/ and the other arms' scripts from the repository `root`, and
 * the sink the perfwarden arms export to (`POST /sink`, answered 204 once the body arrived).
 */
export async function serveBenchPages(root: string): Promise<BenchServer> {
  const exported = { requests: 0, bytes: 0 };
  const server = await startStaticServer({
    routes: {
      '/dist/': `${root}dist/`,
      '/stats.js/': `${root}node_modules/stats.js/build/`,
      '/web-vitals/': `${root}node_modules/web-vitals/dist/`,
      '/': `${root}bench/`,
    },
    handle: async (request, response) => {
      if (request.method !== 'POST' || request.url !== '/sink') return false;
      for await (const chunk of request) exported.bytes += (chunk as Buffer).length;
      exported.requests++;
      response.writeHead(204).end();
      return true;
    },
  });
  return { origin: server.origin, close: () => server.close(), exported };
}

/** How long to wait for every page's arm to reach its steady state before giving up. */
const STEADY_TIMEOUT_MS = 90_000;

/**
 * Waits until every page's arm has reached its steady state (`armSteady()` in the page: the
 * detector has learned its references; the other arms at once). Returns the labels of the
 * pages still not steady after STEADY_TIMEOUT_MS.
 */
export async function untilSteady(pages: readonly LoadedPage[]): Promise<string[]> {
  const deadline = performance.now() + STEADY_TIMEOUT_MS;
  for (;;) {
    const steady = await Promise.all(
      pages.map(({ page }) =>
        page.evaluate(() => (window as unknown as { armSteady: () => boolean }).armSteady()),
      ),
    );
    const waiting = pages.filter((_, i) => steady[i] !== true).map(({ label }) => label);
    if (waiting.length === 0 || performance.now() >= deadline) return waiting;
    await sleep(500);
  }
}

/** The Chromium version, for the report (`Chromium` when it cannot be read). */
export function chromiumVersion(): string {
  try {
    return execFileSync(findChromium(), ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'Chromium';
  }
}

const frameCount = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { frameCount: number }).frameCount);

/** Every page's counters, read together; each CPU reading right after its frame count. */
export function snapshots(pages: readonly MeasuredPage[]): Promise<Snapshot[]> {
  return Promise.all(
    pages.map(async ({ page, thread }) => {
      const frames = await frameCount(page);
      return { frames, cpuNs: threadCpuNs(thread), atMs: performance.now() };
    }),
  );
}

/** A page's counters between two snapshots. */
export function readingBetween(start: Snapshot, end: Snapshot): Reading {
  return {
    cpuNs: end.cpuNs - start.cpuNs,
    frames: end.frames - start.frames,
    wallMs: end.atMs - start.atMs,
  };
}

/**
 * The highest level a perfwarden arm's monitor shed to since `resetShedLevels` (0 for the other
 * arms): above 0, the monitor's own meter went over its budget.
 */
export const shedLevel = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { shedLevel?: number }).shedLevel ?? 0);

/** Starts counting each page's shedding level afresh from its current level. */
export async function resetShedLevels(pages: readonly LoadedPage[]): Promise<void> {
  await Promise.all(
    pages.map(({ page }) =>
      page.evaluate(() => {
        (window as unknown as { resetShedLevel?: () => void }).resetShedLevel?.();
      }),
    ),
  );
}

async function trace(browser: Browser, during: () => Promise<unknown>): Promise<TraceEvent[]> {
  await browser.startTracing(undefined, { categories: TRACE_CATEGORIES });
  await during();
  return (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] })
    .traceEvents;
}

/**
 * Loads one page per slot, each in its own context; returns the pages whose setup worked. An
 * arm whose setup throws goes into `unavailable` with the error (a bare page that fails
 * throws).
 */
export async function openPages(
  browser: Browser,
  origin: string,
  slots: readonly Slot[],
  settings: PageSettings,
  unavailable: Map<Arm, string>,
): Promise<LoadedPage[]> {
  // A small window composites less.
  const viewport =
    settings.draw === 'light' ? { width: 128, height: 128 } : { width: 512, height: 512 };
  const pages: LoadedPage[] = [];
  for (const slot of slots) {
    const { arm } = slot;
    if (unavailable.has(arm)) continue;
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(
      `${origin}/overhead-page.html?arm=${encodeURIComponent(arm)}&points=${String(settings.points)}&draw=${settings.draw}`,
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

/**
 * Finds each page's main thread in a short trace (each page leaves a mark); throws unless every
 * page has its own renderer process.
 */
export async function withMainThreads(
  browser: Browser,
  pages: readonly LoadedPage[],
): Promise<MeasuredPage[]> {
  const events = await trace(browser, async () => {
    for (const { label, page } of pages) {
      await page.evaluate((mark) => performance.mark(mark), markFor(label));
    }
    await sleep(500);
  });
  const threads = mainThreads(
    events,
    pages.map(({ label }) => label),
  );
  return pages.flatMap((slot) => {
    const thread = threads.get(slot.label);
    return thread ? [{ ...slot, thread }] : [];
  });
}

/**
 * JavaScript heap each page allocates per frame over a trace of `ms` (outside the CPU figures:
 * tracing adds cost to every callback it records).
 */
export async function bytesPerFrame(
  browser: Browser,
  pages: readonly MeasuredPage[],
  ms: number,
): Promise<number[]> {
  const before = await snapshots(pages);
  const events = await trace(browser, () => sleep(ms));
  const after = await snapshots(pages);
  return pages.map(
    ({ thread }, i) =>
      allocatedBytes(events, thread.pid) / ((after[i]?.frames ?? NaN) - (before[i]?.frames ?? NaN)),
  );
}
