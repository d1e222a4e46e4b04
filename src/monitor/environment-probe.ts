/**
 * The environment probe: twice a second, in idle time (never inside the app's frames), it holds
 * the main thread for a few milliseconds reading the clock, and records as `env.probe` how much
 * of that time the thread did not run: every gap between two clock reads long enough to be
 * another process's turn on the CPU. On a machine left alone that is almost always nothing;
 * when other processes keep the CPUs busy, the thread is pre-empted while it holds, and the
 * probe grows. The app's own code does not make it grow: the probe only runs in idle periods
 * long enough for it, and it measures time lost, not work done, so neither the app nor the
 * CPU's speed moves it.
 *
 * Why it holds the thread for milliseconds: an operating system lets a thread that wakes run a
 * full time slice (a few milliseconds on Linux) before other runnable processes. A short piece
 * of work is almost never pre-empted and reads the same under load, while the app's longer
 * frames are cut (see docs/detection.md). Held for about a slice, the probe is cut like them,
 * often enough to count.
 *
 * Its callbacks run through the overhead meter's guard, so that their cost (the holds: 0.8 % of
 * the main thread while it probes) is counted in `perfwarden.overhead`.
 *
 * It probes only while frames are measured (`measuring`): the detector tells the machine from
 * the code by comparing the frame metrics' blocks with the probe's, and between bursts there
 * are no frame blocks to compare. Paused, it holds no timer; `wake` resumes it. A clock too
 * coarse to tell a lost turn from its own steps (some browsers' privacy settings) turns the
 * probe off for good.
 */
import type { Guard } from '../guard.js';
import { whenIdle } from '../page/idle.js';
import { isHidden } from '../page/visibility.js';
import { now } from '../page/clock.js';
import type { Sink, Stop } from '../types.js';

/** Time between two probes (ms): two per block of the detector. */
export const PROBE_INTERVAL_MS = 500;
/**
 * How long the probe holds the thread (ms). Measured on Linux with busy loops beside it, a
 * hold of 4 ms was pre-empted in about a third to a half of the probes, 8 ms in about 70 %;
 * on a machine left alone, about 1 in 60 at either length. Two holds of 4 ms are then cut
 * about as often as one of 8 ms, and fit in the idle time of a page whose frames take 10 ms.
 */
export const PROBE_HOLD_MS = 4;
/**
 * A gap between two clock reads at least this long (ms) is time the thread did not run. Clock
 * reads are tens of nanoseconds apart; browsers' clocks step by up to 0.1 ms.
 */
export const PROBE_GAP_MS = 0.5;
/** Idle time a probe needs (ms): its hold must end before the app's next frame. */
const PROBE_IDLE_MS = 6;
/** The longest a probe waits for idle time (ms); a page that is never idle is not probed. */
const PROBE_IDLE_TIMEOUT_MS = 1000;
/**
 * Clock reads a hold may take at most: a clock that does not move (or moves in steps longer
 * than the hold) must not keep the thread. At tens of nanoseconds a read, far more than a hold.
 */
export const PROBE_MAX_READS = 1_000_000;

/**
 * Holds the thread for `holdMs` of the clock, and returns the time (ms) it did not run: the
 * sum of gaps of `gapMs` or more between two reads. NaN when the clock is too coarse to tell
 * (its smallest step is over half a gap, or it did not move within `maxReads` reads).
 */
export function heldTimeLost(holdMs: number, gapMs: number, maxReads: number): number {
  const start = performance.now();
  let previous = start;
  let lost = 0;
  let smallestStep = Infinity;
  for (let reads = 0; reads < maxReads; reads++) {
    const time = performance.now();
    const step = time - previous;
    if (step > 0) {
      if (step >= gapMs) lost += step;
      else if (step < smallestStep) smallestStep = step;
      if (time - start >= holdMs) return smallestStep <= gapMs / 2 ? lost : NaN;
    }
    previous = time;
  }
  return NaN;
}

/** A running probe. */
export interface EnvironmentProbe {
  stop: Stop;
  /** Frames are measured again: a paused probe resumes. */
  wake: () => void;
}

/** What the probe needs from the monitor. */
export interface EnvironmentProbeOptions {
  guard: Guard;
  /** Whether frames are being measured now (default: always). */
  measuring?: () => boolean;
  /** Every how many of its turns it probes: more than 1 while the monitor sheds work. */
  every?: () => number;
}

/** Starts probing. */
export function startEnvironmentProbe(
  sink: Sink,
  options: EnvironmentProbeOptions,
): EnvironmentProbe {
  const { guard, measuring = () => true, every = () => 1 } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let cancelIdle: Stop | undefined;
  let paused = false;

  const schedule = (delay: number): void => {
    timer = setTimeout(waitForIdle, delay);
  };
  const waitForIdle = (): void => {
    timer = undefined;
    if (measuring()) cancelIdle = whenIdle(onIdle, PROBE_IDLE_TIMEOUT_MS);
    else paused = true;
  };
  const onIdle = guard('source.environment', (deadline?: IdleDeadline) => {
    cancelIdle = undefined;
    // No deadline: the page was not idle for a second (or the browser has no idle callbacks),
    // and a hidden page's timers are throttled: either way the probe would measure the page.
    if (deadline && !isHidden() && deadline.timeRemaining() >= PROBE_IDLE_MS) {
      const lost = heldTimeLost(PROBE_HOLD_MS, PROBE_GAP_MS, PROBE_MAX_READS);
      if (Number.isNaN(lost)) return; // the clock cannot tell: no probe, for good
      sink('env.probe', lost, now());
    }
    schedule(PROBE_INTERVAL_MS * every());
  });

  schedule(0);
  return {
    stop: () => {
      if (timer !== undefined) clearTimeout(timer);
      cancelIdle?.();
      timer = undefined;
      cancelIdle = undefined;
      paused = false;
    },
    wake: () => {
      if (!paused) return;
      paused = false;
      schedule(0);
    },
  };
}
