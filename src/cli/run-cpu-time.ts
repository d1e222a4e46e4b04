/**
 * CPU time per frame of one run, read around the measured span from outside the page, which a
 * page cannot do itself:
 *
 * - `cpu.thread`: the renderer main thread's CPU time (Chromium's DevTools
 *   `Performance.getMetrics`, `ThreadTime`: the thread's own clock, so time the OS gave to other
 *   programs is not counted), over the frames the page rendered meanwhile;
 * - `cpu.gpu`: the CPU time of every thread of Chromium's GPU process (Linux `/proc`), over the
 *   same frames. With a software renderer (llvmpipe, SwiftShader) that is the GPU work.
 *
 * Each is one value per run (the run's mean), handed on as a one-window run so that the A/B
 * decision treats it like the monitor's metrics.
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import type { WindowSummary } from '../types.js';
import { GPU_PROCESS_CPU, MAIN_THREAD_CPU } from './run-statistics.js';
import { processThreadsCpuNs } from './thread-cpu.js';

/** The page-side counter of animation frames the CLI reads around a run. */
const FRAMES = '__perfwardenCliFrames';

/** Counters at one instant. */
export interface CpuReading {
  /** Animation frames the page rendered so far. */
  frames: number;
  /** The renderer main thread's CPU time so far, s; undefined when the browser does not say. */
  mainThreadSeconds: number | undefined;
  /** The GPU process's threads' CPU time so far, ns; undefined when not read. */
  gpuProcessNs: number | undefined;
  /** The GPU process read, to notice that it was replaced during the run. */
  gpuPid: number | undefined;
}

/**
 * One-window runs of {@link MAIN_THREAD_CPU} and {@link GPU_PROCESS_CPU} (ms per frame) from the
 * readings at the start and the end of a run; empty when no frame was rendered. A counter that
 * is missing at either end, or went backwards (another process), gives no window.
 */
export function cpuTimeWindows(
  start: CpuReading,
  end: CpuReading,
  span: { start: number; end: number },
): WindowSummary[] {
  const frames = end.frames - start.frames;
  if (!(frames > 0)) return [];
  const windows: WindowSummary[] = [];
  const add = (metric: string, totalMs: number): void => {
    if (!(totalMs >= 0)) return;
    const perFrame = totalMs / frames;
    windows.push({
      metric,
      context: {},
      ...span,
      count: frames,
      mean: perFrame,
      min: perFrame,
      max: perFrame,
      p50: perFrame,
      p95: perFrame,
      p99: perFrame,
    });
  };
  if (start.mainThreadSeconds !== undefined && end.mainThreadSeconds !== undefined) {
    add(MAIN_THREAD_CPU, (end.mainThreadSeconds - start.mainThreadSeconds) * 1000);
  }
  if (
    start.gpuProcessNs !== undefined &&
    end.gpuProcessNs !== undefined &&
    start.gpuPid === end.gpuPid
  ) {
    add(GPU_PROCESS_CPU, (end.gpuProcessNs - start.gpuProcessNs) / 1e6);
  }
  return windows;
}

/** Where a run's CPU time comes from. */
export interface RunCpuTimerOptions {
  /** The GPU process id, when its CPU time is wanted (Linux, software renderer). */
  gpuPid?: () => Promise<number | undefined>;
}

/** Reads a tab's CPU counters around its runs. */
export interface RunCpuTimer {
  /** Call when the measured span starts (after the navigation: each page has its own thread). */
  start(): Promise<void>;
  /** Call when it ends: the run's one-window runs of the CPU time metrics. */
  stop(): Promise<WindowSummary[]>;
}

async function mainThreadSeconds(session: CDPSession): Promise<number | undefined> {
  const { metrics } = await session.send('Performance.getMetrics');
  return metrics.find((metric) => metric.name === 'ThreadTime')?.value;
}

function gpuProcessNs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    return processThreadsCpuNs(pid);
  } catch {
    return undefined;
  }
}

/**
 * A timer for the runs of `page`. The frame counter is one `requestAnimationFrame` callback per
 * frame, the same in both arms; the DevTools `Performance` domain is on only while measuring.
 */
export async function createRunCpuTimer(
  page: Page,
  options: RunCpuTimerOptions = {},
): Promise<RunCpuTimer> {
  const session = await page.context().newCDPSession(page);
  let started: { reading: CpuReading; at: number } | undefined;
  const read = async (): Promise<CpuReading> => {
    // The frame count first, then the thread: both ends in the same order, so the offset cancels.
    const frames = await page.evaluate(`(() => {
      let counter = window.${FRAMES};
      if (!counter) {
        counter = { frames: 0 };
        window.${FRAMES} = counter;
        const tick = () => { counter.frames++; requestAnimationFrame(tick); };
        requestAnimationFrame(tick);
      }
      return counter.frames;
    })()`);
    const gpuPid = await options.gpuPid?.();
    return {
      frames: typeof frames === 'number' ? frames : NaN,
      mainThreadSeconds: await mainThreadSeconds(session),
      gpuProcessNs: gpuProcessNs(gpuPid),
      gpuPid,
    };
  };
  return {
    async start() {
      // Enabled again per run: each navigation may bring a new renderer process.
      await session.send('Performance.enable', { timeDomain: 'threadTicks' });
      started = { reading: await read(), at: Date.now() };
    },
    async stop() {
      if (started === undefined) return [];
      const { reading, at } = started;
      started = undefined;
      const end = await read();
      await session.send('Performance.disable').catch(() => undefined);
      return cpuTimeWindows(reading, end, { start: at, end: Date.now() });
    },
  };
}

/** The id of `browser`'s GPU process, asked each time (Chromium restarts a GPU process that died). */
export function gpuProcessId(browser: Browser): () => Promise<number | undefined> {
  let session: Promise<CDPSession> | undefined;
  return async () => {
    try {
      session ??= browser.newBrowserCDPSession();
      const { processInfo } = await (await session).send('SystemInfo.getProcessInfo');
      return processInfo.find((process) => process.type === 'GPU')?.id;
    } catch {
      return undefined;
    }
  };
}

/**
 * A clock of `page`'s renderer main thread: its CPU time so far (ms), or undefined when the
 * browser does not say. For a page that stays loaded between readings (a Storybook story
 * mounted again and again): the DevTools `Performance` domain is enabled once.
 */
export async function mainThreadClock(page: Page): Promise<() => Promise<number | undefined>> {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable', { timeDomain: 'threadTicks' });
  return async () => {
    const seconds = await mainThreadSeconds(session).catch(() => undefined);
    return seconds === undefined || !Number.isFinite(seconds) ? undefined : seconds * 1000;
  };
}

/** Whether the browser gives a page's main-thread CPU time (`ThreadTime`), tried on `page`. */
export async function hasMainThreadTime(page: Page): Promise<boolean> {
  try {
    const session = await page.context().newCDPSession(page);
    await session.send('Performance.enable', { timeDomain: 'threadTicks' });
    const seconds = await mainThreadSeconds(session);
    await session.detach();
    return seconds !== undefined && Number.isFinite(seconds);
  } catch {
    return false;
  }
}
