/**
 * What the demo does, and for how long: a steady period (until the detector has learned the
 * CPU and GPU references, and then some), a GPU regression, then a CPU regression. The quick
 * plan (CI) learns from fewer blocks and waits less; both inject the same regressions.
 *
 * The steady period follows the detector rather than a clock: on a busy machine frames stall
 * (each stall of 100 ms or more starts a new segment) and GPU queries are shed to keep the
 * overhead budget, so the warm-up can take twice as long as its block count says.
 */

export interface DemoPlan {
  /** Points in the scatter plot. */
  points: number;
  /** Blocks (1 s windows) the detector learns its reference from. */
  warmup: number;
  /** Seconds without any change after both references are learned, before injecting. */
  steady: number;
  /** Longest wait for the references (s); the demo injects anyway after it. */
  warmupTimeout: number;
  /** Longest wait for each detection (s); a regression not detected by then is missed. */
  detectionTimeout: number;
  /** Seconds to keep running after a detection, so that the charts show the new level. */
  after: number;
  /** Extra fragment-shader iterations per pixel (the GPU regression). */
  gpuWork: number;
  /** Extra main-thread ms per frame (the CPU regression). */
  cpuMs: number;
}

export const FULL_PLAN: DemoPlan = {
  points: 1_000,
  warmup: 20,
  steady: 5,
  warmupTimeout: 60,
  detectionTimeout: 40,
  after: 4,
  gpuWork: 20,
  cpuMs: 3,
};

export const QUICK_PLAN: DemoPlan = {
  ...FULL_PLAN,
  warmup: 15,
  steady: 3,
  warmupTimeout: 30,
  detectionTimeout: 25,
  after: 2,
};
