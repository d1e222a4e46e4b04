/**
 * The monitor's clock: one call per period (a window, at most a second), just after each
 * boundary of the window grid and in idle time, where the monitor does everything that does
 * not have to run per frame (the frame analysis, closing windows, the detector, exports).
 */
import { backgroundTimeout } from '../export/background-timer.js';
import type { Timer } from '../export/background-timer.js';
import { whenIdle } from '../page/idle.js';
import { now } from '../page/clock.js';
import type { Stop } from '../types.js';

/** Calls `tick` after every multiple of `period` ms (perfwarden clock), when idle. */
export function startWindowClock(period: number, tick: () => void): Stop {
  let timer: Timer | undefined;
  let cancelIdle: Stop | undefined;
  // An object, not a `let`: `tick()` may stop the clock.
  const clock = { stopped: false };
  const schedule = (): void => {
    if (clock.stopped) return;
    const time = now();
    const next = (Math.floor(time / period) + 1) * period;
    timer = backgroundTimeout(() => {
      timer = undefined;
      // Idle time, but no later than half a period past the boundary.
      cancelIdle = whenIdle(run, period / 2);
    }, next - time);
  };
  const run = (): void => {
    cancelIdle = undefined;
    if (clock.stopped) return;
    try {
      tick();
    } finally {
      schedule();
    }
  };
  schedule();
  return () => {
    clock.stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    cancelIdle?.();
  };
}
