import { describe, expect, it, vi } from 'vitest';
import { createFrameSource, FrameAnalysis } from '../../../src/sources/frames/index.js';
import type { GateReason } from '../../../src/types.js';
import { seededRandom } from '../../support/random.js';
import { recordingSink, testGuard, useFakeBrowser, TIME_ORIGIN } from './fake-browser.js';

const browser = useFakeBrowser();
const origin = TIME_ORIGIN;

/**
 * A frame source measuring every frame; what it recorded is read after draining it, as the
 * monitor drains it once per window.
 */
function start(options: { settle?: number; cpuEvery?: number } = {}) {
  const recorded = recordingSink();
  const gates: [GateReason, number][] = [];
  const refresh: number[] = [];
  const source = createFrameSource({
    guard: testGuard(),
    sampling: { cpuEvery: options.cpuEvery ?? 1 },
  });
  source?.analyseWith(
    new FrameAnalysis(recorded.sink, {
      interrupt: (reason, time) => gates.push([reason, time]),
      settleUntil: -Infinity,
      onRefreshInterval: (interval) => refresh.push(interval),
    }),
  );
  source?.measureUntil(Infinity, options.settle ?? 0);
  // As the monitor drains it once per window; here after every frame, so that what a test
  // reads is up to date.
  browser.afterFrame = () => source?.drain();
  return {
    ...recorded,
    gates,
    refresh,
    stop: () => source?.pause(),
    source,
  };
}

describe('frames source', () => {
  it('samples the interval between frames and the work of each frame', () => {
    const { samples, values } = start();
    browser.frame(1000, 3);
    browser.frame(1016.7, 5);
    expect(values('frame')).toEqual([16.700000000000045]);
    // Work runs from the frame's timestamp (0.5 ms dispatch delay + the work) to the task
    // posted from the rAF callback.
    expect(values('cpu')).toEqual([3.5, 5.5]);
    expect(samples.find(([metric]) => metric === 'frame')?.[2]).toBe(origin + 1016.7);
    expect(samples.find(([metric]) => metric === 'cpu')?.[2]).toBe(origin + 1000);
  });

  it('starts a frame’s work where the previous one ended when it overran the vsync', () => {
    const { values } = start();
    browser.frame(0, 20);
    // The next timestamp (16.7) is older than the end of the previous work (20.5).
    browser.frame(16.7, 20);
    expect(values('cpu')).toEqual([20.5, 20]);
  });

  it('measures the refresh interval from frames that began with an idle thread', () => {
    const { refresh, values } = start();
    let t = browser.frames(0, 17, 16.7);
    expect(refresh).toEqual([expect.closeTo(16.7, 6)]);
    t += 33.4;
    browser.frame(t, 2); // one missed vsync: dropped
    browser.frame(t + 60, 2); // long
    expect(values('frame.dropped')).toEqual([expect.closeTo(33.4, 6), 60]);
    expect(values('frame.long')).toEqual([60]);
  });

  it('does not take a slow app for a slower display', () => {
    const { refresh, gates } = start();
    const t = browser.frames(0, 20, 16.7);
    // Work of 25 ms per frame: every frame overruns its vsync and arrives 33.4 ms apart.
    browser.frames(t + 33.4, 40, 33.4, 25);
    expect(refresh).toHaveLength(1);
    expect(gates).toEqual([]);
  });

  it('interrupts when the refresh rate changes', () => {
    const { refresh, gates } = start();
    const t = browser.frames(0, 20, 16.7);
    browser.frames(t + 8.3, 64, 8.3, 1); // 120 Hz, confirmed over 48 frames
    expect(refresh.at(-1)).toBeCloseTo(8.3, 6);
    expect(gates.map(([reason]) => reason)).toEqual(['refresh-rate']);
  });

  it('follows a display that slows down (power saving) when the work is light', () => {
    const { refresh, gates } = start();
    const t = browser.frames(0, 20, 16.7);
    // Confirmed by two estimates in a row, once the new rate fills the 32 recent intervals.
    browser.frames(t + 33.4, 64, 33.4, 5);
    expect(refresh.at(-1)).toBeCloseTo(33.4, 6);
    expect(gates.map(([reason]) => reason)).toEqual(['refresh-rate']);
  });

  it('classifies frozen frames and keeps a single stall as a long frame', () => {
    const { values, gates } = start();
    let t = browser.frames(0, 20, 16.7);
    t += 800;
    browser.frame(t, 2); // one 800 ms gap, then normal frames
    browser.frames(t + 16.7, 3, 16.7);
    expect(values('frame.frozen')).toEqual([800]);
    expect(values('frame.long')).toEqual([800]);
    expect(gates).toEqual([]);
  });

  it('treats repeated long idle gaps as throttling: interrupts and drops them', () => {
    const { values, gates } = start();
    let t = browser.frames(0, 20, 16.7);
    const framesBefore = values('frame').length;
    for (let i = 0; i < 5; i++) browser.frame((t += 300), 1);
    expect(gates).toEqual([['throttled', origin + t - 900]]);
    expect(values('frame').length).toBe(framesBefore);
    expect(values('frame.long')).toEqual([]);
    // Back to normal frames: sampling resumes.
    browser.frames(t + 16.7, 3, 16.7);
    expect(values('frame').length).toBe(framesBefore + 3);
  });

  it('does not restart the detector for uneven frame pacing or slow idle frames', () => {
    const { gates, refresh } = start();
    // A GPU-bound page on a busy machine (as seen on the scatter example under load): 2 to 4
    // vsyncs per frame at random, now and then two 150 ms gaps in a row, the main thread idle
    // (1 ms of work per frame). The median of recent intervals flips between 50 and 67 ms.
    const random = seededRandom(7);
    let t = 0;
    for (let i = 0; i < 1200; i++) {
      const u = random();
      const interval = u < 0.15 ? 33.4 : u < 0.55 ? 50.1 : u < 0.99 ? 66.8 : 150;
      browser.frame((t += interval), 1);
      if (interval === 150) browser.frame((t += interval), 1);
    }
    expect(gates).toEqual([]);
    expect(refresh).toHaveLength(1);
  });

  it('never takes a busy long frame for throttling', () => {
    const { values, gates } = start();
    let t = browser.frames(0, 20, 16.7);
    for (let i = 0; i < 3; i++) browser.frame((t += 300), 290);
    expect(gates).toEqual([]);
    expect(values('frame.long')).toEqual(
      [300, 300, 300].map((ms): unknown => expect.closeTo(ms, 6)),
    );
  });

  it('withholds samples while settling, but measures the refresh interval', () => {
    browser.now = 0;
    const { samples, refresh } = start({ settle: 500 });
    const t = browser.frames(0, 30, 16.7);
    expect(samples).toEqual([]);
    expect(refresh).toHaveLength(1);
    expect(t).toBeLessThan(500);
    browser.frames(t + 16.7, 3, 16.7);
    expect(samples.length).toBeGreaterThan(0);
  });

  it('measures cpu on every n-th frame when asked to', () => {
    const { values } = start({ cpuEvery: 2 });
    browser.frames(0, 10, 16.7);
    expect(values('frame')).toHaveLength(9);
    expect(values('cpu')).toHaveLength(5);
  });

  it('stops: no frame request and no task left', () => {
    const { stop, values } = start();
    browser.frame(0, 1, 0.5);
    expect(browser.frameRequests.size).toBe(1);
    stop();
    expect(browser.frameRequests.size).toBe(0);
    browser.frame(16.7);
    expect(values('frame')).toEqual([]);
  });

  it('is not available without requestAnimationFrame', () => {
    // @ts-expect-error -- removing the API the source needs
    globalThis.requestAnimationFrame = undefined;
    const { stop, samples } = start();
    stop();
    expect(samples).toEqual([]);
  });

  it('measures in runs: stops at the end of a run, and a new run has no interval before it', () => {
    const { values, source } = start();
    // A run until t = 100 ms (perfwarden clock), then a pause, then a new run.
    source?.measureUntil(origin + 100);
    const t = browser.frames(0, 10, 16.7);
    // Frames 0 … 83.5 ms: five intervals; the frame at 100.2 ms ends the run.
    expect(values('frame')).toHaveLength(5);
    expect(browser.frameRequests.size).toBe(0);
    source?.measureUntil(Infinity);
    browser.frames(t + 5000, 3, 16.7);
    // The 5 s pause is not an interval (nor a frozen frame, nor throttling).
    expect(values('frame')).toHaveLength(7);
    expect(values('frame.frozen')).toEqual([]);
  });

  it('leaves a frame whose work has not ended for the next drain', () => {
    const recorded = recordingSink();
    const source = createFrameSource({ guard: testGuard(), sampling: { cpuEvery: 1 } });
    source?.analyseWith(
      new FrameAnalysis(recorded.sink, { interrupt: () => undefined, settleUntil: -Infinity }),
    );
    source?.measureUntil(Infinity);
    browser.frame(0, 2);
    // The rAF callback of the next frame ran, its task not yet.
    const [callback] = browser.frameRequests.values();
    browser.now = 17;
    callback?.(16.7);
    expect(source?.drain()).toBe(origin + 16.7);
    expect(recorded.values('cpu')).toHaveLength(1);
    vi.advanceTimersByTime(0);
    expect(source?.drain()).toBe(Infinity);
    expect(recorded.values('cpu')).toHaveLength(2);
  });
});
