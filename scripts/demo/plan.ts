/**
 * What the demo does, and for how long: a steady period (until the detector has learned the
 * CPU and GPU references, and then some), a GPU regression, then a CPU regression. The quick
 * plan (CI) keeps shorter steady and trailing periods; both inject the same regressions.
 *
 * The steady period follows the detector rather than a clock: on a busy machine frames stall
 * and GPU queries are shed to keep the overhead budget (GPU blocks then pool two windows), so
 * the warm-up can take twice as long as its block count says.
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
  detectionTimeout: 50,
  after: 4,
  gpuWork: 20,
  cpuMs: 3,
};

// The same references and limits as the full plan: with 15 warm-up blocks and 25 s the CPU
// change was once found at 25.9 s in a clean-clone `npm test` (a noisier short reference).
export const QUICK_PLAN: DemoPlan = {
  ...FULL_PLAN,
  steady: 3,
  after: 2,
};
