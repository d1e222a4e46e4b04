// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createMonitor,
  RESIZE_SETTLE_MS,
  RESUME_SETTLE_MS,
} from '../../../src/monitor/create-monitor.js';
import type { Monitor } from '../../../src/monitor/monitor.js';
import type { MonitorOptions } from '../../../src/monitor/options.js';
import { OVERHEAD_WINDOW_MS } from '../../../src/monitor/overhead.js';
import type { WindowSummary } from '../../../src/types.js';
import { FakePerformanceObserver, TIME_ORIGIN, useFakeBrowser } from '../sources/fake-browser.js';

const browser = useFakeBrowser(['event', 'measure', 'long-animation-frame']);

function setHidden(hidden: boolean): void {
  Object.defineProperty(document, 'visibilityState', {
    value: hidden ? 'hidden' : 'visible',
    configurable: true,
  });
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
}

/** Monitors of the current test, stopped after it even when it fails. */
const monitors: Monitor[] = [];
function track(monitor: Monitor): Monitor {
  monitors.push(monitor);
  return monitor;
}

afterEach(() => {
  for (const monitor of monitors.splice(0)) monitor.stop();
  Reflect.deleteProperty(document, 'visibilityState');
  Reflect.deleteProperty(document, 'prerendering');
});

const rethrow = (error: unknown): never => {
  throw error;
};
// Every frame measured: these tests are about the lifecycle, not about the bursts.
const quiet: MonitorOptions = {
  sources: { frames: { sampling: 'full' }, vitals: false, memory: false },
  onError: rethrow,
};

function started(options: MonitorOptions = quiet) {
  const monitor = track(createMonitor(options));
  const windows: WindowSummary[] = [];
  monitor.on('window', (window) => windows.push(window));
  monitor.start();
  const metrics = () => windows.map((window) => window.metric);
  return { monitor, windows, metrics };
}

describe('createMonitor', () => {
  it('does nothing until started', () => {
    createMonitor(quiet);
    expect(browser.frameRequests.size).toBe(0);
    expect(FakePerformanceObserver.live.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('feeds frames, cpu and the overhead to windows with the context, and re-emits them', () => {
    const { monitor, windows } = started({ ...quiet, context: { scene: 'a' } });
    const last = browser.frames(0, 90, 16.7);
    browser.now = last + 1;
    browser.advance(1000);
    browser.advance(1000);
    const frame = windows.find((window) => window.metric === 'frame');
    expect(frame).toMatchObject({ context: { scene: 'a' } });
    expect(frame?.p50).toBeCloseTo(16.7, 0);
    expect(windows.find((window) => window.metric === 'cpu')?.p50).toBeCloseTo(2.5, 0);
    expect(windows.some((window) => window.metric === 'perfwarden.overhead')).toBe(true);
    expect(monitor.refreshInterval).toBeCloseTo(16.7, 6);
    monitor.stop();
  });

  it('closes the windows when the context changes, and labels what follows', () => {
    const { monitor, windows } = started();
    const gates: string[] = [];
    monitor.on('gate', ({ reason }) => gates.push(reason));
    let t = browser.frames(0, 10, 16.7);
    monitor.setContext({ scene: 'graph-10k' });
    expect(gates).toEqual(['context']);
    expect(windows.find((window) => window.metric === 'frame')?.context).toEqual({});
    t = browser.frames(t + 16.7, 10, 16.7);
    monitor.setContext({ scene: 'graph-10k' }); // the same labels: no break
    monitor.stop();
    expect(gates).toEqual(['context', 'stop']);
    const last = windows.filter((window) => window.metric === 'frame').at(-1);
    expect(last?.context).toEqual({ scene: 'graph-10k' });
    expect(last?.count).toBe(10);
    expect(monitor.context).toEqual({ scene: 'graph-10k' });
    expect(t).toBeGreaterThan(0);
  });

  it('pauses frame sampling while hidden and resumes after settling', () => {
    const { monitor, windows, metrics } = started();
    let t = browser.frames(0, 10, 16.7);
    setHidden(true);
    expect(browser.frameRequests.size).toBe(0);
    expect(metrics()).toContain('frame');
    const closed = windows.length;
    browser.now = t + 5000;
    setHidden(false);
    expect(browser.frameRequests.size).toBe(1);
    t = browser.frames(t + 5000, Math.ceil(RESUME_SETTLE_MS / 16.7) - 5, 16.7);
    monitor.stop();
    expect(windows.length).toBe(closed); // settling: nothing sampled yet
    monitor.start();
    browser.frames(t + 16.7, 5, 16.7);
    monitor.stop();
    expect(windows.length).toBeGreaterThan(closed);
  });

  it('does not sample frames when started hidden', () => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    const { monitor } = started();
    expect(browser.frameRequests.size).toBe(0);
    monitor.stop();
  });

  it('restarts measurement on a back/forward-cache restore', () => {
    const { monitor, metrics } = started();
    browser.frames(0, 10, 16.7);
    const event = new Event('pageshow');
    Object.defineProperty(event, 'persisted', { value: true });
    dispatchEvent(event);
    expect(metrics().sort()).toEqual(['cpu', 'frame']);
    expect(browser.frameRequests.size).toBe(1);
    monitor.stop();
  });

  it('pauses frame sampling during a resize, until it has been quiet for a while', () => {
    const { monitor, metrics } = started();
    const t = browser.frames(0, 10, 16.7);
    dispatchEvent(new Event('resize'));
    expect(metrics().sort()).toEqual(['cpu', 'frame']);
    expect(browser.frameRequests.size).toBe(0);
    browser.advance(RESIZE_SETTLE_MS / 2);
    dispatchEvent(new Event('resize'));
    browser.advance(RESIZE_SETTLE_MS - 1);
    expect(browser.frameRequests.size).toBe(0);
    browser.advance(1);
    expect(browser.frameRequests.size).toBe(1);
    monitor.stop();
    expect(t).toBeGreaterThan(0);
  });

  it('waits for activation on a prerendered page', () => {
    Object.defineProperty(document, 'prerendering', { value: true, configurable: true });
    const { monitor } = started();
    expect(browser.frameRequests.size).toBe(0);
    Object.defineProperty(document, 'prerendering', { value: false, configurable: true });
    dispatchEvent(new Event('prerenderingchange'));
    expect(browser.frameRequests.size).toBe(1);
    monitor.stop();
  });

  it('records spans, measures and custom metrics', async () => {
    const { monitor, windows, metrics } = started();
    expect(monitor.span('layout', () => 7)).toBe(7);
    await monitor.span('load', () => Promise.resolve());
    monitor.record('custom.nodes', 10_000);
    FakePerformanceObserver.deliver('measure', [{ name: 'parse', duration: 3, startTime: 0 }]);
    monitor.stop();
    expect(metrics()).toEqual(
      expect.arrayContaining(['span.layout', 'span.load', 'custom.nodes', 'span.parse']),
    );
    expect(windows.find((window) => window.metric === 'custom.nodes')?.max).toBe(10_000);
  });

  it('stops: no frame request, observer, timer or listener left, and can restart', () => {
    const added = vi.spyOn(globalThis, 'addEventListener');
    const removed = vi.spyOn(globalThis, 'removeEventListener');
    const monitor = track(createMonitor({ sources: { vitals: false } }));
    for (let round = 0; round < 2; round++) {
      monitor.start();
      browser.frame(round * 1000);
      dispatchEvent(new Event('resize')); // leaves a pending timer to clear
      expect(FakePerformanceObserver.live.size).toBeGreaterThan(0);
      expect(monitor.running).toBe(true);
      monitor.stop();
      expect(browser.frameRequests.size).toBe(0);
      expect(FakePerformanceObserver.live.size).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
      expect(removed.mock.calls.length).toBe(added.mock.calls.length);
    }
    expect(added.mock.calls.length).toBeGreaterThan(0);
  });

  it('does nothing in a session that is not sampled, but still runs spans', () => {
    const monitor = createMonitor({ ...quiet, sampleRate: 0 });
    monitor.start();
    expect(monitor.sampled).toBe(false);
    expect(monitor.running).toBe(false);
    expect(browser.frameRequests.size).toBe(0);
    expect(monitor.span('x', () => 'ran')).toBe('ran');
  });

  it('decides sampling from the session id', () => {
    const decisions = ['a', 'b', 'c', 'd', 'e', 'f'].map(
      (sessionId) => createMonitor({ sampleRate: 0.5, sessionId }).sampled,
    );
    const again = ['a', 'b', 'c', 'd', 'e', 'f'].map(
      (sessionId) => createMonitor({ sampleRate: 0.5, sessionId }).sampled,
    );
    expect(again).toEqual(decisions);
    expect(createMonitor({ sessionId: 'a' }).sessionId).toBe('a');
  });

  it('keeps throwing listeners and broken APIs away from the page', () => {
    const errors: string[] = [];
    const monitor = track(
      createMonitor({ sources: { vitals: false }, onError: (_error, kind) => errors.push(kind) }),
    );
    const received: string[] = [];
    monitor.on('window', () => {
      throw new Error('listener bug');
    });
    monitor.on('window', (window) => received.push(window.metric));
    vi.stubGlobal('PerformanceObserver', undefined);
    vi.stubGlobal('matchMedia', () => {
      throw new Error('broken');
    });
    expect(() => {
      monitor.start();
      browser.frames(0, 3, 16.7);
      monitor.setContext({ scene: 3 } as unknown as Record<string, string>);
      monitor.stop();
    }).not.toThrow();
    expect(received.sort()).toEqual(['cpu', 'frame']);
    expect(errors).toEqual(
      expect.arrayContaining(['listener.window', 'page.resize', 'monitor.setContext']),
    );
  });

  it('records its overhead once per overhead window, so that an idle second closes no window', () => {
    const { monitor, windows, metrics } = started({
      ...quiet,
      sources: {
        frames: false,
        longFrames: false,
        interactions: false,
        vitals: false,
        memory: false,
      },
    });
    const span = 3 * OVERHEAD_WINDOW_MS;
    for (let elapsed = 0; elapsed < span; elapsed += 1000) browser.advance(1000);
    // Stopping closes the window of the last reading, which the next tick would have closed.
    monitor.stop();
    expect(new Set(metrics())).toEqual(new Set(['perfwarden.overhead']));
    // The first tick records one, then one per overhead window.
    expect(windows.length).toBeGreaterThanOrEqual(span / OVERHEAD_WINDOW_MS);
    expect(windows.length).toBeLessThanOrEqual(span / OVERHEAD_WINDOW_MS + 1);
  });

  it('without a detector, ticks between bursts only when something is due', () => {
    const ticks = (options: MonitorOptions): number => {
      const monitor = track(createMonitor({ ...options, onError: rethrow }));
      monitor.start();
      // Past the first burst and the deferred code's loading.
      let t = browser.now;
      const run = (seconds: number): void => {
        for (const end = t + seconds * 1000; t < end; t += 1000 / 60) {
          if (browser.frameRequests.size > 0) browser.frame(t, 1);
          browser.advance(Math.max(0, t + 1000 / 60 - browser.now));
        }
      };
      run(5);
      let idle = 0;
      vi.stubGlobal('requestIdleCallback', (callback: () => void) => {
        idle++;
        callback();
        return 0;
      });
      run((3 * OVERHEAD_WINDOW_MS) / 1000);
      monitor.stop();
      return idle;
    };
    const sources = { vitals: false, memory: false } as const;
    const idleCallbacks = ticks({ sources });
    // Each overhead window: the burst's first tick, the one that reads it, and the overhead
    // reading when it falls elsewhere; not one a second.
    expect(idleCallbacks).toBeLessThanOrEqual(3 * 3);
    expect(idleCallbacks).toBeGreaterThanOrEqual(3 * 2);
    // Frames measured all the time (sampling 'full'): a tick at every window.
    expect(ticks({ sources: { ...sources, frames: { sampling: 'full' } } })).toBeGreaterThanOrEqual(
      (3 * OVERHEAD_WINDOW_MS) / 1000 - 1,
    );
  });

  it('wakes its clock when frames start being measured outside a burst', () => {
    const monitor = track(
      createMonitor({ sources: { vitals: false, memory: false }, onError: rethrow }),
    );
    const late: number[] = [];
    let shownAt = Infinity;
    monitor.on('window', (window) => {
      if (window.metric === 'frame' && window.start - TIME_ORIGIN >= shownAt) {
        late.push(TIME_ORIGIN + browser.now - window.end);
      }
    });
    monitor.start();
    let t = 0;
    const run = (seconds: number): void => {
      for (const end = t + seconds * 1000; t < end; t += 1000 / 60) {
        if (browser.frameRequests.size > 0) browser.frame(t, 1);
        browser.advance(Math.max(0, t + 1000 / 60 - browser.now));
      }
    };
    // Between the first bursts, the page is hidden and shown again: frames are measured for
    // two windows after it settles, and read at each window's end, not at the next burst.
    run(4);
    setHidden(true);
    run(1);
    setHidden(false);
    shownAt = t;
    run(RESUME_SETTLE_MS / 1000 + 3);
    expect(late.length).toBeGreaterThan(0);
    // Each closed at the tick after its end (in idle time, at most half a window later).
    for (const ms of late) expect(ms).toBeLessThanOrEqual(1000);
    monitor.stop();
  });

  it('sheds work when over budget and says so', () => {
    const { monitor } = started({ ...quiet, overheadBudget: 0.001 });
    const shed: number[] = [];
    monitor.on('shed', (event) => shed.push(event.level));
    // Make every perfwarden callback look expensive: a 5 ms listener on every window.
    monitor.on('window', () => {
      browser.now += 5;
    });
    let t = 0;
    for (let second = 0; second < 35; second++) {
      t = browser.frames(t + 16.7, 60, 16.7);
      browser.now = t;
      browser.advance(0);
      vi.advanceTimersByTime(1000);
    }
    expect(monitor.overhead()).toBeGreaterThan(0.001);
    expect(shed).toEqual([1, 2, 3]);
    expect(FakePerformanceObserver.observing('event')).toEqual([]);
    monitor.stop();
  });
});
