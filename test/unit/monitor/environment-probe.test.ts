// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDetector } from '../../../src/detect/create-detector.js';
import { createMonitor } from '../../../src/monitor/create-monitor.js';
import type { Monitor } from '../../../src/monitor/monitor.js';
import {
  heldTimeLost,
  PROBE_GAP_MS,
  PROBE_HOLD_MS,
  PROBE_INTERVAL_MS,
  PROBE_MAX_READS,
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
 * Makes `performance.now()` move by 1 µs at each read on top of the fake browser's clock, as a
 * real clock does while the probe holds the thread, and by `lost()` ms more every `every`
 * reads: the thread pre-empted while it held.
 */
function spinningClock(lost: () => number = () => 0, every = 3000): void {
  let offset = 0;
  let reads = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => {
    reads++;
    offset += 0.001;
    if (reads % every === 0) offset += lost();
    return browser.now + offset;
  });
}

describe('the environment probe', () => {
  it('holds the thread once a second in idle time and records the time it lost', () => {
    idlePeriods(12);
    let preempted = 0;
    spinningClock(() => preempted);
    const { sink, values } = recordingSink();
    const kinds: string[] = [];
    const guard = testGuard();
    const { stop } = startEnvironmentProbe(sink, {
      guard: (kind, callback) => {
        kinds.push(kind);
        return guard(kind, callback);
      },
    });
    run(5000, 1);
    const quiet = values('env.probe');
    expect(quiet.length).toBeGreaterThanOrEqual(5000 / PROBE_INTERVAL_MS - 1);
    expect(quiet.length).toBeLessThanOrEqual(5000 / PROBE_INTERVAL_MS + 1);
    expect(quiet.every((value) => value === 0)).toBe(true);
    // Its callbacks go through the overhead meter's guard.
    expect(new Set(kinds)).toEqual(new Set(['source.environment']));
    preempted = 3;
    run(5000, 1);
    const busy = values('env.probe').slice(quiet.length);
    expect(busy.length).toBeGreaterThanOrEqual(4);
    // A hold of 8 ms at 1 µs a read is pre-empted once or twice (every 3,000 reads), 3 ms each;
    // the read steps themselves are not lost time.
    for (const value of busy) expect([3, 6]).toContain(Math.round(value * 100) / 100);
    stop();
    const count = values('env.probe').length;
    run(5000, 1);
    expect(values('env.probe')).toHaveLength(count);
  });

  it('measures time lost, not work done: a slower CPU reads the same', () => {
    spinningClock();
    expect(heldTimeLost(PROBE_HOLD_MS, PROBE_GAP_MS, PROBE_MAX_READS)).toBe(0);
    let time = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (time += 0.2)); // 40 × fewer reads
    expect(heldTimeLost(PROBE_HOLD_MS, PROBE_GAP_MS, PROBE_MAX_READS)).toBe(0);
  });

  it('turns itself off on a clock too coarse to tell a lost turn from its steps', () => {
    idlePeriods(12);
    const { sink, values } = recordingSink();
    let time = 0;
    // A clock that moves 1 ms at a time (some browsers' privacy settings) …
    vi.spyOn(performance, 'now').mockImplementation(() => (time += 1));
    expect(heldTimeLost(PROBE_HOLD_MS, PROBE_GAP_MS, PROBE_MAX_READS)).toBeNaN();
    // … or not at all within the reads a hold may take.
    vi.spyOn(performance, 'now').mockImplementation(() => 5);
    expect(heldTimeLost(PROBE_HOLD_MS, PROBE_GAP_MS, 1000)).toBeNaN();
    vi.spyOn(performance, 'now').mockImplementation(() => (time += 1));
    startEnvironmentProbe(sink, { guard: testGuard() });
    run(5000, 1);
    expect(values('env.probe')).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('probes only while frames are measured, holding no timer in between', () => {
    idlePeriods(12);
    spinningClock();
    const { sink, values } = recordingSink();
    let measuring = true;
    const probe = startEnvironmentProbe(sink, { guard: testGuard(), measuring: () => measuring });
    run(5000, 1);
    const during = values('env.probe').length;
    expect(during).toBeGreaterThanOrEqual(5000 / PROBE_INTERVAL_MS - 1);
    measuring = false;
    run(PROBE_INTERVAL_MS, 1); // the probe under way finishes
    const paused = values('env.probe').length;
    expect(vi.getTimerCount()).toBe(0);
    run(5000, 1);
    expect(values('env.probe')).toHaveLength(paused);
    measuring = true;
    probe.wake();
    run(5000, 1);
    expect(values('env.probe').length - paused).toBeGreaterThanOrEqual(
      5000 / PROBE_INTERVAL_MS - 1,
    );
    probe.stop();
  });

  it('does not probe without an idle period long enough for its hold, nor while hidden', () => {
    spinningClock();
    const { sink, values } = recordingSink();
    idlePeriods(3);
    let { stop } = startEnvironmentProbe(sink, { guard: testGuard() });
    run(3000, 1);
    stop();
    // The fake browser's idle callbacks have no deadline (as on a page that is never idle).
    vi.stubGlobal('requestIdleCallback', (callback: () => void) => {
      callback();
      return 0;
    });
    ({ stop } = startEnvironmentProbe(sink, { guard: testGuard() }));
    run(3000, 1);
    stop();
    idlePeriods(50);
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    ({ stop } = startEnvironmentProbe(sink, { guard: testGuard() }));
    run(3000, 1);
    stop();
    Reflect.deleteProperty(document, 'visibilityState');
    expect(values('env.probe')).toEqual([]);
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

  /** Whether other processes take the CPU: the probe's holds are then pre-empted. */
  let busy = false;

  function started() {
    idlePeriods(12);
    busy = false;
    spinningClock(() => (busy ? 3 : 0));
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
    busy = true; // the span slows down, and the probe's holds are pre-empted
    layouts(monitor, 40, 8, 2);
    busy = false;
    layouts(monitor, 30, 5, 2);
    expect(regressions).toEqual([]);
    expect(changes.map((change) => change.state)).toEqual(['busier', 'normal']);
    expect(changes[0]?.change).toBeGreaterThan(0);
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
