// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDetector } from '../../../src/detect/create-detector.js';
import { createMonitor } from '../../../src/monitor/create-monitor.js';
import type { Monitor } from '../../../src/monitor/monitor.js';
import {
  fixedWork,
  PROBE_INTERVAL_MS,
  startEnvironmentProbe,
} from '../../../src/monitor/environment-probe.js';
import type { EnvironmentChange, Regression } from '../../../src/types.js';
import { normalFrom, seededRandom } from '../../support/random.js';
import { recordingSink, testGuard, useFakeBrowser } from '../sources/fake-browser.js';

const browser = useFakeBrowser([]);
const monitors: Monitor[] = [];
afterEach(() => {
  for (const monitor of monitors.splice(0)) monitor.stop();
});

/** Idle periods of `remaining` ms (the fake browser's own has no deadline). */
function idlePeriods(remaining: number): void {
  vi.stubGlobal('requestIdleCallback', (callback: (deadline: IdleDeadline) => void) => {
    callback({ didTimeout: false, timeRemaining: () => remaining });
    return 0;
  });
}

/**
 * Moves both clocks by `ms` in steps of `step` ms: timers fire at the end of the step they fall
 * in, so coarse steps are a thread that wakes late (a busy machine).
 */
function run(ms: number, step: number, each?: (time: number) => void): void {
  for (let t = 0; t < ms; t += step) {
    browser.advance(step);
    each?.(browser.now);
  }
}

/**
 * Moves the timers by `ms` and `performance.now()` by `stretch` times as much: every timer
 * then fires late by (stretch − 1) times its delay, as on a machine whose CPUs are taken.
 */
function runStretched(ms: number, stretch: number): void {
  for (let t = 0; t < ms; t++) {
    browser.now += stretch;
    vi.advanceTimersByTime(1);
  }
}

describe('the environment probe', () => {
  it('times its wake-up and fixed work a few times a second, in idle time', () => {
    idlePeriods(12);
    const { sink, values } = recordingSink();
    const kinds: string[] = [];
    const guard = testGuard();
    const { stop } = startEnvironmentProbe(sink, {
      guard: (kind, callback) => {
        kinds.push(kind);
        return guard(kind, callback);
      },
    });
    run(1000, 1);
    const quiet = values('env.probe');
    expect(quiet.length).toBeGreaterThanOrEqual(1000 / PROBE_INTERVAL_MS - 1);
    expect(quiet.length).toBeLessThanOrEqual(1000 / PROBE_INTERVAL_MS + 1);
    expect(Math.max(...quiet)).toBeLessThanOrEqual(1);
    // Its callbacks go through the overhead meter's guard.
    expect(new Set(kinds)).toEqual(new Set(['source.environment']));
    runStretched(1000, 3);
    const busy = values('env.probe').slice(quiet.length);
    expect(busy.length).toBeGreaterThan(4);
    // Each wakes 2 × 4 ms late.
    expect(busy.every((value) => value === 8)).toBe(true);
    stop();
    const count = values('env.probe').length;
    run(1000, 1);
    expect(values('env.probe')).toHaveLength(count);
  });

  it('probes only while frames are measured, holding no timer in between', () => {
    idlePeriods(12);
    const { sink, values } = recordingSink();
    let measuring = true;
    const probe = startEnvironmentProbe(sink, { guard: testGuard(), measuring: () => measuring });
    run(1000, 1);
    const during = values('env.probe').length;
    expect(during).toBeGreaterThanOrEqual(1000 / PROBE_INTERVAL_MS - 1);
    measuring = false;
    run(PROBE_INTERVAL_MS, 1); // the probe under way finishes
    const paused = values('env.probe').length;
    expect(vi.getTimerCount()).toBe(0);
    run(2000, 1);
    expect(values('env.probe')).toHaveLength(paused);
    measuring = true;
    probe.wake();
    run(1000, 1);
    expect(values('env.probe').length - paused).toBeGreaterThanOrEqual(
      1000 / PROBE_INTERVAL_MS - 1,
    );
    probe.stop();
  });

  it('does not probe without an idle period long enough for its sleep, nor while hidden', () => {
    const { sink, values } = recordingSink();
    idlePeriods(3);
    let { stop } = startEnvironmentProbe(sink, { guard: testGuard() });
    run(1000, 1);
    stop();
    // The fake browser's idle callbacks have no deadline (as on a page that is never idle).
    vi.stubGlobal('requestIdleCallback', (callback: () => void) => {
      callback();
      return 0;
    });
    ({ stop } = startEnvironmentProbe(sink, { guard: testGuard() }));
    run(1000, 1);
    stop();
    idlePeriods(50);
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    ({ stop } = startEnvironmentProbe(sink, { guard: testGuard() }));
    run(1000, 1);
    stop();
    Reflect.deleteProperty(document, 'visibilityState');
    expect(values('env.probe')).toEqual([]);
  });

  it('does fixed, deterministic work', () => {
    expect(fixedWork(7, 8192)).toBe(fixedWork(7, 8192));
    expect(fixedWork(7, 8192)).not.toBe(fixedWork(7, 8191));
  });
});

describe('a monitor with a detector', () => {
  /** Records `span.layout` ten times a second around `ms` for `seconds`, in clock steps of `step`. */
  function layouts(monitor: Monitor, seconds: number, ms: number, step: number): void {
    const normal = normalFrom(seededRandom(seconds + ms));
    let next = browser.now;
    run(seconds * 1000, step, (time) => {
      while (next <= time) {
        monitor.record('span.layout', ms * Math.exp(0.05 * normal()));
        next += 100;
      }
    });
  }

  function started() {
    idlePeriods(12);
    const monitor = createMonitor({
      sources: { frames: false, longFrames: false, vitals: false, memory: false },
      detector: createDetector({ watch: ['span.layout'] }),
    });
    monitors.push(monitor);
    const regressions: Regression[] = [];
    const changes: EnvironmentChange[] = [];
    monitor.on('regression', (regression) => regressions.push(regression));
    monitor.on('environment', (change) => changes.push(change));
    monitor.start();
    return { monitor, regressions, changes };
  }

  it('emits an environment event and no regression when a span slows with the machine', () => {
    const { monitor, regressions, changes } = started();
    layouts(monitor, 50, 5, 2);
    expect(monitor.verdict('span.layout')?.state).toBe('stable');
    layouts(monitor, 40, 8, 25); // the machine is busy: the span and the probe slow down
    layouts(monitor, 20, 5, 2);
    expect(regressions).toEqual([]);
    expect(changes.map((change) => change.state)).toEqual(['busier', 'normal']);
    expect(changes[0]?.change).toBeGreaterThan(1);
    expect(monitor.verdict('span.layout')?.state).toBe('stable');
  });

  it('raises the regression when the span slows and the probe does not', () => {
    const { monitor, regressions, changes } = started();
    layouts(monitor, 50, 5, 2);
    layouts(monitor, 40, 8, 2);
    expect(changes).toEqual([]);
    expect(regressions.map((regression) => regression.metric)).toEqual(['span.layout']);
  });
});
