/**
 * The frame source: the per-frame loop (loop.ts) writes into a ring (ring.ts), and the frame
 * analysis (analysis.ts) turns the ring into samples when the monitor drains it, once per
 * window and off the frame path.
 */
import type { Guard } from '../../monitor/overhead.js';
import type { GateReason, Sink } from '../../types.js';
import { FrameAnalysis } from './analysis.js';
import { FrameLoop } from './loop.js';
import { FrameRing } from './ring.js';

export {
  DROPPED_FRAME_FACTOR,
  FROZEN_FRAME_MS,
  LONG_FRAME_MS,
  REFRESH_CHANGE,
  THROTTLED_INTERVAL_MS,
} from './analysis.js';

export interface FrameSourceOptions {
  /** Called on gates this source detects: `'throttled'` and `'refresh-rate'`. */
  interrupt: (reason: GateReason, time: number) => void;
  /** Wraps the loop's callbacks (timing, error reporting). */
  guard: Guard;
  /** Measure `cpu` on every n-th frame (read on every frame, so it can change while running). */
  sampling: { readonly cpuEvery: number };
  /** Receives each new refresh-interval estimate (ms). */
  onRefreshInterval?: (interval: number) => void;
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
   * Turns the frames measured so far into samples. Returns the time (perfwarden clock) up to
   * which every frame is in: a frame whose work end is still to come is read next time.
   */
  drain(): number;
  /** Stops measuring (the frames already measured can still be drained). */
  pause(): void;
}

/**
 * Creates the frame source, idle until `measureUntil`; undefined where
 * `requestAnimationFrame` does not exist.
 */
export function createFrameSource(
  sink: Sink,
  options: FrameSourceOptions,
): FrameSource | undefined {
  if (typeof requestAnimationFrame !== 'function') return undefined;
  const ring = new FrameRing();
  const loop = new FrameLoop(ring, options.guard, options.sampling);
  const analysis = new FrameAnalysis(sink, {
    interrupt: options.interrupt,
    settleUntil: -Infinity,
    onRefreshInterval: options.onRefreshInterval,
  });
  return {
    measureUntil(until, settle = 0) {
      if (!loop.running && settle > 0) {
        analysis.settleUntil(performance.timeOrigin + performance.now() + settle);
      }
      loop.measureUntil(until);
    },
    get running() {
      return loop.running;
    },
    drain() {
      analysis.read(ring, ring.written - (loop.pending ? 1 : 0));
      return analysis.unreadTime(ring);
    },
    pause() {
      loop.stop();
    },
  };
}
