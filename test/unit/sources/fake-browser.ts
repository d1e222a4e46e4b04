/**
 * A scripted browser for unit tests of sources and the monitor: animation frames delivered
 * on demand with chosen timestamps, a controlled `performance.now()`, and a fake
 * `PerformanceObserver` whose entries the test hands in. Timers are vitest's fake timers.
 */
import { afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { loadDeferred } from '../../../src/deferred/load.js';

/**
 * `performance.timeOrigin` in the fake browser: a whole second, so that windows (aligned to a
 * grid of whole seconds) start where the tests' frames start.
 */
export const TIME_ORIGIN = 1_700_000_000_000;

interface ObserverInit {
  type: string;
  buffered?: boolean;
  durationThreshold?: number;
}

/** A stand-in for `PerformanceObserver`; `deliver` hands entries to the observers of a type. */
export class FakePerformanceObserver {
  static supportedEntryTypes: string[] = [];
  static readonly live = new Set<FakePerformanceObserver>();
  init: ObserverInit | undefined;
  private readonly _callback: (list: { getEntries(): PerformanceEntryList }) => void;

  constructor(callback: (list: { getEntries(): PerformanceEntryList }) => void) {
    this._callback = callback;
  }

  observe(init: ObserverInit): void {
    this.init = init;
    FakePerformanceObserver.live.add(this);
  }

  disconnect(): void {
    FakePerformanceObserver.live.delete(this);
  }

  /** Delivers `entries` to every live observer of `type`. */
  static deliver(type: string, entries: object[]): void {
    for (const observer of [...FakePerformanceObserver.live]) {
      if (observer.init?.type === type) {
        observer._callback({ getEntries: () => entries as PerformanceEntryList });
      }
    }
  }

  /** Live observers of `type`. */
  static observing(type: string): FakePerformanceObserver[] {
    return [...FakePerformanceObserver.live].filter((observer) => observer.init?.type === type);
  }
}

export interface FakeBrowser {
  /** The value `performance.now()` returns; tests move it. */
  now: number;
  /** Pending animation-frame callbacks. */
  readonly frameRequests: Map<number, FrameRequestCallback>;
  /**
   * Runs one frame: rAF callbacks at `timestamp` (entered `delay` ms later), then `work` ms
   * of main-thread work, then the tasks they posted.
   */
  frame(timestamp: number, work?: number, delay?: number): void;
  /** Runs `count` frames `interval` ms apart from `start`; returns the last one's timestamp. */
  frames(start: number, count: number, interval: number, work?: number): number;
  /** Moves both clocks (`performance.now()` and the fake timers) by `ms`. */
  advance(ms: number): void;
  /** Runs after each frame's tasks (tests of the frame source drain it here). */
  afterFrame: (() => void) | undefined;
}

/**
 * Installs the fake browser for each test of the calling file (fake timers, stubbed rAF,
 * `performance.now()` and `PerformanceObserver`) and removes it after each.
 */
export function useFakeBrowser(supportedEntryTypes: string[] = []): FakeBrowser {
  let handle = 0;
  const browser: FakeBrowser = {
    now: 0,
    frameRequests: new Map(),
    afterFrame: undefined,
    advance(ms) {
      browser.now += ms;
      vi.advanceTimersByTime(ms);
    },
    frame(timestamp, work = 2, delay = 0.5) {
      browser.now = Math.max(browser.now, timestamp + delay);
      const callbacks = [...browser.frameRequests.values()];
      browser.frameRequests.clear();
      for (const callback of callbacks) callback(timestamp);
      browser.now += work;
      vi.advanceTimersByTime(0);
      browser.afterFrame?.();
    },
    frames(start, count, interval, work) {
      let timestamp = start;
      for (let i = 0; i < count; i++) browser.frame((timestamp = start + i * interval), work);
      return timestamp;
    },
  };
  // The code a monitor loads after start() is loaded once here, as on a page that has it
  // cached: monitors then attach it at start, synchronously.
  beforeAll(async () => {
    await loadDeferred();
  });
  beforeEach(() => {
    browser.now = 0;
    browser.afterFrame = undefined;
    browser.frameRequests.clear();
    FakePerformanceObserver.live.clear();
    FakePerformanceObserver.supportedEntryTypes = supportedEntryTypes;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    vi.spyOn(performance, 'now').mockImplementation(() => browser.now);
    Object.defineProperty(performance, 'timeOrigin', { value: TIME_ORIGIN, configurable: true });
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
      browser.frameRequests.set(++handle, callback);
      return handle;
    });
    vi.stubGlobal('cancelAnimationFrame', (id: number) => {
      browser.frameRequests.delete(id);
    });
    vi.stubGlobal('PerformanceObserver', FakePerformanceObserver);
    // The main thread is always idle here: idle work runs at once.
    vi.stubGlobal('requestIdleCallback', (callback: () => void) => {
      callback();
      return 0;
    });
    vi.stubGlobal('cancelIdleCallback', () => undefined);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    Reflect.deleteProperty(performance, 'timeOrigin');
    vi.unstubAllGlobals();
  });
  return browser;
}

/** A sink that records samples as `[metric, value, time]`. */
export function recordingSink(): {
  samples: [string, number, number][];
  sink: (metric: string, value: number, time: number) => void;
  values: (metric: string) => number[];
} {
  const samples: [string, number, number][] = [];
  return {
    samples,
    sink: (metric, value, time) => samples.push([metric, value, time]),
    values: (metric) => samples.filter(([name]) => name === metric).map(([, value]) => value),
  };
}

/** A guard that only reports, for sources tested without a monitor. */
export function testGuard(errors: unknown[] = []) {
  return <A = void>(_kind: string, callback: (arg: A) => void) =>
    (arg: A): void => {
      try {
        callback(arg);
      } catch (error) {
        errors.push(error);
      }
    };
}
