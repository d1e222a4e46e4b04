// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/detect/create-detector.js';
import { BASE_PERIOD, BURST_WINDOWS } from '../../../src/monitor/duty-cycle.js';
import { createMonitor } from '../../../src/monitor/create-monitor.js';
import type { Monitor } from '../../../src/monitor/monitor.js';
import type { MonitorOptions } from '../../../src/monitor/options.js';
import type { GpuSource } from '../../../src/types.js';
import { TIME_ORIGIN, useFakeBrowser } from '../sources/fake-browser.js';

const browser = useFakeBrowser([]);
const monitors: Monitor[] = [];
afterEach(() => {
  for (const monitor of monitors.splice(0)) monitor.stop();
});

const FRAME_MS = 1000 / 60;

/**
 * Runs the page for `seconds` at 60 fps, delivering a frame whenever one was requested, and
 * returns the whole seconds (windows) in which frames were measured.
 */
function run(options: MonitorOptions, seconds: number, gpu?: GpuSource): Set<number> {
  const monitor = createMonitor({ sources: { vitals: false, memory: false }, ...options });
  monitors.push(monitor);
  if (gpu) monitor.attachGpu(gpu);
  const measured = new Set<number>();
  monitor.on('window', (window) => {
    if (window.metric === 'frame') measured.add((window.start - TIME_ORIGIN) / 1000);
  });
  monitor.start();
  for (let t = 0; t < seconds * 1000; t += FRAME_MS) {
    if (browser.frameRequests.size > 0) browser.frame(t, 1);
    if (gpu) gpuUntil.push([t, gpu.until]);
    browser.advance(Math.max(0, t + FRAME_MS - browser.now));
  }
  monitor.stop();
  return measured;
}
const gpuUntil: [number, number][] = [];

function fakeGpu(): GpuSource {
  return {
    every: 1,
    until: Infinity,
    renderer: { vendor: 'v', renderer: 'r', software: false },
    stats: () => ({ disjoint: 0, skipped: 0, contextLosses: 0 }),
  };
}

describe('frame sampling in the monitor', () => {
  it('without a detector, measures frames in bursts of windows and nothing in between', () => {
    const seconds = 4 * BASE_PERIOD;
    const measured = run({}, seconds);
    // Each burst's windows; the first burst one window longer (the session starts in its first).
    const expected = [...Array(seconds).keys()].filter(
      (s) => s <= BURST_WINDOWS || s % BASE_PERIOD < BURST_WINDOWS,
    );
    expect([...measured]).toEqual(expected);
  });

  it('measures every window while the detector learns its references', () => {
    const measured = run({ detector: createDetector({ warmup: 8 }) }, 8);
    expect([...measured].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('measures every window with sampling: full', () => {
    const measured = run({ sources: { frames: { sampling: 'full' } } }, 20);
    expect(measured.size).toBe(20);
  });

  it('has attached GPU timers time frames only while frames are measured', () => {
    gpuUntil.length = 0;
    run({}, 2 * BASE_PERIOD, fakeGpu());
    const timed = (t: number, until: number): boolean => t < until;
    // The middle of burst windows, and of windows between bursts.
    const middle = (t: number): boolean => t % 1000 > 200 && t % 1000 < 800;
    const window = (t: number): number => Math.floor(t / 1000) % BASE_PERIOD;
    const during = gpuUntil.filter(([t]) => middle(t) && window(t) < BURST_WINDOWS);
    const between = gpuUntil.filter(([t]) => middle(t) && window(t) === BURST_WINDOWS + 2);
    expect(during.every(([t, until]) => timed(t, until))).toBe(true);
    expect(between.some(([t, until]) => timed(t, until))).toBe(false);
  });
});
