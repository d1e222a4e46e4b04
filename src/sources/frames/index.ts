/**
 * The frame source: the per-frame loop (loop.ts) writes into a ring (ring.ts), and the frame
 * analysis (analysis.ts) turns the ring into samples when the monitor drains it, once per
 * window and off the frame path. The analysis is given later: it is part of the code a
 * monitor loads after start().
 */
import type { Guard } from '../../guard.js';
import type { FrameAnalysis } from './analysis.js';
import { FrameLoop } from './loop.js';
import { FrameRing } from './ring.js';

export { FrameAnalysis } from './analysis.js';
export type { FrameAnalysisOptions } from './analysis.js';
export {
  DROPPED_FRAME_FACTOR,
  FROZEN_FRAME_MS,
  LONG_FRAME_MS,
  REFRESH_CHANGE,
  THROTTLED_INTERVAL_MS,
} from './analysis.js';

export interface FrameSourceOptions {
  /** Wraps the loop's callbacks (timing, error reporting). */
  guard: Guard;
  /** Measure `cpu` on every n-th frame (read on every frame, so it can change while running). */
  sampling: { readonly cpuEvery: number };
}

/** A frame source; every method is cheap and never throws. */
export interface FrameSource {
  /**
   * Measures frames until `until` (perfwarden clock, Infinity for ever), after `settle` ms in
   * which samples are withheld (the first frames after the page becomes visible are atypical).
   */
  measureUntil(until: number, settle?: number): void;
  /** Whether frames are being measured now. */
  readonly running: boolean;
  /**
   * Gives the frame analysis that turns the measured frames into samples (it comes with the
   * code that loads after start(); until then frames wait in the ring).
   */
  analyseWith(analysis: FrameAnalysis): void;
  /**
   * Turns the frames measured so far into samples. Returns the time (perfwarden clock) up to
   * which every frame is in: the oldest frame not read yet (its work end may still be to come,
   * or the analysis has not arrived).
   */
  drain(): number;
  /** Stops measuring (the frames already measured can still be drained). */
  pause(): void;
}

/**
 * Creates the frame source, idle until `measureUntil`; undefined where
 * `requestAnimationFrame` does not exist.
 */
export function createFrameSource(options: FrameSourceOptions): FrameSource | undefined {
  if (typeof requestAnimationFrame !== 'function') return undefined;
  const ring = new FrameRing();
  const loop = new FrameLoop(ring, options.guard, options.sampling);
  const origin = performance.timeOrigin;
  let analysis: FrameAnalysis | undefined;
  let settleUntil = -Infinity;
  return {
    measureUntil(until, settle = 0) {
      if (!loop.running && settle > 0) {
        settleUntil = origin + performance.now() + settle;
        analysis?.settleUntil(settleUntil);
      }
      loop.measureUntil(until);
    },
    get running() {
      return loop.running;
    },
    analyseWith(frameAnalysis) {
      analysis = frameAnalysis;
      analysis.settleUntil(settleUntil);
    },
    drain() {
      analysis?.read(ring, ring.written - (loop.pending ? 1 : 0));
      return ring.read < ring.written
        ? origin + (ring.timestamp[ring.slot(ring.read)] ?? 0)
        : Infinity;
    },
    pause() {
      loop.stop();
    },
  };
}
