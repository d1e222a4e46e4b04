/**
 * The monitor's clock: calls just after boundaries of the window grid (a window, at most a
 * second), in idle time, where the monitor does everything that does not have to run per
 * frame (the frame analysis, closing windows, the detector, exports). A tick says when the
 * next one is needed, so that a monitor with nothing due for seconds (between bursts of
 * measured frames, without a detector) does not pay a timer and an idle callback every second;
 * `wake` brings the next tick back to the next boundary when something starts that needs it.
 */
import { backgroundTimeout } from '../export/background-timer.js';
import type { Timer } from '../export/background-timer.js';
import { whenIdle } from '../page/idle.js';
import { now } from '../page/clock.js';
import type { Stop } from '../types.js';

/** A running window clock. */
export interface WindowClock {
  stop: Stop;
  /** The next tick runs after the next boundary, however long the last tick said to wait. */
  wake: () => void;
}

/**
 * Calls `tick` after boundaries of the grid of `period` ms (perfwarden clock), when idle. `tick`
 * returns the time before which no tick is needed (the clock then skips the boundaries before
 * it), or anything else for the next boundary.
 */
export function startWindowClock(period: number, tick: () => number | undefined): WindowClock {
  let timer: Timer | undefined;
  let cancelIdle: Stop | undefined;
  /** The boundary the pending timer waits for. */
  let boundary = Infinity;
  // An object, not a `let`: `tick()` may stop the clock.
  const clock = { stopped: false };
  const nextBoundary = (time: number): number => (Math.floor(time / period) + 1) * period;
  const schedule = (notBefore: number): void => {
    if (clock.stopped) return;
    const time = now();
    boundary = Math.max(nextBoundary(time), Math.ceil(notBefore / period) * period);
    timer = backgroundTimeout(() => {
      timer = undefined;
      boundary = Infinity;
      // Idle time, but no later than half a period past the boundary.
      cancelIdle = whenIdle(run, period / 2);
    }, boundary - time);
  };
  const run = (): void => {
    cancelIdle = undefined;
    if (clock.stopped) return;
    let notBefore: number | undefined;
    try {
      notBefore = tick();
    } finally {
      schedule(typeof notBefore === 'number' ? notBefore : -Infinity);
    }
  };
  schedule(-Infinity);
  return {
    stop: () => {
      clock.stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      cancelIdle?.();
    },
    wake: () => {
      // A timer for a later boundary is moved forward; a tick waiting for idle time runs anyway.
      if (timer === undefined || clock.stopped || boundary <= nextBoundary(now())) return;
      clearTimeout(timer);
      timer = undefined;
      schedule(-Infinity);
    },
  };
}
