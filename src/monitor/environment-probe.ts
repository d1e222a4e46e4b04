/**
 * The environment probe: a few times per second, in idle time (never inside the app's frames),
 * it sleeps a few milliseconds on a timer and then runs a fixed piece of work, and records as
 * `env.probe` how long the wake-up and the work took beyond the sleep. On an idle machine that
 * is a fraction of a millisecond; when other processes keep the CPUs busy, the page's thread
 * waits for a CPU on waking, and the probe grows with it. The app's own code does not make it
 * grow: the probe only runs in idle periods long enough for its sleep, and its work is fixed.
 *
 * The fixed work alone would not do: measured in Chromium, a piece of work of tens of µs is
 * almost never pre-empted, so its duration stays the same under load while the app's frames,
 * woken by vsync, wait (see docs/detection.md). The work keeps the probe sensitive to a slower
 * CPU (frequency, a busy sibling core) too.
 *
 * Its callbacks run through the overhead meter's guard, so that their cost is counted in
 * `perfwarden.overhead`; the sleep is not perfwarden's work and is not counted.
 *
 * It probes only while frames are measured (`measuring`): the detector tells the machine from
 * the code by comparing the frame metrics' blocks with the probe's, and between bursts there
 * are no frame blocks to compare. A probe costs the page two timers and an idle callback, eight
 * times a second, which on a light page was more than the monitor's frames in bursts. Paused,
 * it holds no timer; `wake` resumes it.
 */
import type { Guard } from '../guard.js';
import { whenIdle } from '../page/idle.js';
import { isHidden } from '../page/visibility.js';
import { now } from '../page/clock.js';
import type { Sink, Stop } from '../types.js';

/** Time between two probes (ms). */
export const PROBE_INTERVAL_MS = 125;
/** The sleep before the work (ms): long enough for the thread to go to sleep and wake up. */
export const PROBE_SLEEP_MS = 4;
/** Idle time a probe needs (ms): its sleep must end before the app's next frame. */
const PROBE_IDLE_MS = 8;
/** The longest a probe waits for idle time (ms); a page that is never idle is not probed. */
const PROBE_IDLE_TIMEOUT_MS = 1000;
/** Steps of the fixed work (xorshift32): about 10–30 µs on desktop CPUs. */
export const PROBE_WORK_STEPS = 8192;

/**
 * The fixed work: `steps` rounds of xorshift32 from `seed`. Its result is kept by the caller,
 * so that a compiler cannot drop the loop; it allocates nothing.
 */
export function fixedWork(seed: number, steps: number): number {
  let x = seed | 1;
  for (let i = 0; i < steps; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  return x;
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
}

/** Starts probing. */
export function startEnvironmentProbe(
  sink: Sink,
  options: EnvironmentProbeOptions,
): EnvironmentProbe {
  const { guard, measuring = () => true } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let cancelIdle: Stop | undefined;
  let paused = false;
  let asleepSince = 0;
  /** The work's result, kept so that the work is not optimized away. */
  let checksum = 0x9e3779b9;

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
    if (!deadline || isHidden() || deadline.timeRemaining() < PROBE_IDLE_MS) {
      schedule(PROBE_INTERVAL_MS);
      return;
    }
    asleepSince = performance.now();
    timer = setTimeout(onWake, PROBE_SLEEP_MS);
  });
  const onWake = guard('source.environment', () => {
    timer = undefined;
    checksum = fixedWork(checksum, PROBE_WORK_STEPS);
    const taken = performance.now() - asleepSince - PROBE_SLEEP_MS;
    sink('env.probe', Math.max(0, taken), now());
    schedule(PROBE_INTERVAL_MS - PROBE_SLEEP_MS);
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
