/**
 * The frame analysis: reads the frame ring in batches, off the frame path, and turns the
 * frames into samples: the interval between frames (`frame`), the main-thread work of each
 * measured frame (`cpu`), dropped, long and frozen frames, the display's refresh interval,
 * and the gates `throttled` and `refresh-rate`. What exactly `cpu` measures, and its error,
 * is in docs/metrics.md.
 */
import type { GateReason, Sink } from '../../types.js';
import type { FrameRing } from './ring.js';

/** Frames at least this far apart (ms) are long (`frame.long`). */
export const LONG_FRAME_MS = 50;
/** Frames at least this far apart (ms) are frozen (`frame.frozen`). */
export const FROZEN_FRAME_MS = 700;
/** A frame is dropped (`frame.dropped`) when its interval exceeds this many refresh intervals. */
export const DROPPED_FRAME_FACTOR = 1.5;
/**
 * Intervals from this (ms) on, with an idle main thread, mean rAF is being throttled. Browsers
 * throttle rAF to 1 Hz or stop it; a GPU-bound page on a busy machine (the main thread idle
 * while the GPU works) shows 100–350 ms gaps, which are slow frames, not throttling.
 */
export const THROTTLED_INTERVAL_MS = 250;
/** A refresh-interval estimate this far (relative) from the current one is a new refresh rate. */
export const REFRESH_CHANGE = 0.1;

/** Recent intervals kept to estimate the refresh interval. */
const REFRESH_RING = 32;
/** The estimate is (re)computed every this many intervals, once that many are kept. */
const REFRESH_EVERY = 16;
/** A new refresh interval must come out of this many estimates in a row (48 frames). */
const REFRESH_CONFIRMATIONS = 3;

export interface FrameAnalysisOptions {
  /** Called on gates this source detects: `'throttled'` and `'refresh-rate'`. */
  interrupt: (reason: GateReason, time: number) => void;
  /**
   * Samples of frames before this time (perfwarden clock) are withheld while the refresh
   * interval is measured: after the page becomes visible or is restored, the first frames
   * are atypical.
   */
  settleUntil: number;
  /** Receives each new refresh-interval estimate (ms). */
  onRefreshInterval?: ((interval: number) => void) | undefined;
}

export class FrameAnalysis {
  private readonly _sink: Sink;
  private readonly _interrupt: FrameAnalysisOptions['interrupt'];
  private readonly _onRefreshInterval: FrameAnalysisOptions['onRefreshInterval'];
  /** `performance.timeOrigin`, read once: reading it can allocate, and it never changes. */
  private readonly _origin: number;
  /** Samples of frames before this time (perfwarden clock) are withheld. */
  private _settleUntil: number;
  /** The previous frame's timestamp and work end (performance.now ms); NaN when unknown. */
  private _lastTimestamp = NaN;
  private _lastWorkEnd = NaN;
  /** When the last measured frame's work ended (performance.now ms). */
  private _workEnd = -Infinity;
  /** Current refresh-interval estimate (ms), NaN until measured. */
  private _refresh = NaN;
  /** A different estimate waiting to be confirmed, NaN when none, and how often it came out. */
  private _candidate = NaN;
  private _candidateSeen = 0;
  /** Recent intervals, and among them those that show the display's own rate (see below). */
  private readonly _recent = new Ring();
  private readonly _evidence = new Ring();
  private _sinceEstimate = 0;
  /** A long idle gap waiting for the next frame to say whether rAF is throttled. */
  private _pendingInterval = NaN;
  private _pendingTime = 0;
  private _throttled = false;

  constructor(sink: Sink, options: FrameAnalysisOptions) {
    this._sink = sink;
    this._interrupt = options.interrupt;
    this._onRefreshInterval = options.onRefreshInterval;
    this._origin = performance.timeOrigin;
    this._settleUntil = options.settleUntil;
  }

  /** Withholds the samples of frames before `time` (perfwarden clock). */
  settleUntil(time: number): void {
    this._settleUntil = time;
  }

  /** Reads the ring's frames up to frame number `upTo` (exclusive) into samples and gates. */
  read(ring: FrameRing, upTo: number): void {
    const lostBefore = ring.lost;
    for (let frame = ring.oldestUnread(); frame < upTo; frame++) {
      const slot = ring.slot(frame);
      // After frames lost to a late reader, the next one starts a new run.
      const first = ring.first[slot] === 1 || (frame === ring.read && ring.lost > lostBefore);
      this._frame(ring.timestamp[slot] ?? NaN, ring.workEnd[slot] ?? NaN, first);
      ring.read = frame + 1;
    }
  }

  private _frame(timestamp: number, workEnd: number, first: boolean): void {
    // perfwarden's clock (see clock.ts), from the cached origin.
    const time = this._origin + timestamp;
    const previous = first ? NaN : this._lastTimestamp;
    const previousEnd = first ? NaN : this._lastWorkEnd;
    const previousEnded = previousEnd === previousEnd;
    if (first) this._emitPending();
    if (previous === previous) {
      const interval = timestamp - previous;
      this._interval(interval, timestamp, time, previousEnded);
      if (interval < THROTTLED_INTERVAL_MS && !this._throttled) {
        // Work under half the interval proves that no vsync was missed, so that the
        // interval is the display's (it could otherwise be a multiple of it).
        this._refreshSample(interval, previousEnded && previousEnd - previous < interval / 2, time);
      }
    }
    if (workEnd === workEnd) {
      // Work starts at the frame's timestamp, or later if the previous frame's work ran past
      // it (then the timestamp is a stale vsync time and the thread was busy).
      const workStart = previousEnded ? Math.max(timestamp, previousEnd) : timestamp;
      this._workEnd = workEnd;
      if (!this._throttled && time >= this._settleUntil) {
        this._sink('cpu', workEnd - workStart, time);
      }
    }
    this._lastTimestamp = timestamp;
    this._lastWorkEnd = workEnd;
  }

  /**
   * A long gap still waiting for its next frame is a single slow frame when the run ended
   * (the next run's first frame has no interval to tell). Throttling, once seen, holds until
   * a frame shows otherwise.
   */
  private _emitPending(): void {
    if (this._pendingInterval === this._pendingInterval) {
      this._emitFrame(this._pendingInterval, this._pendingTime);
      this._pendingInterval = NaN;
    }
  }

  /**
   * One interval between rAF callbacks. Intervals of 100 ms or more during which the main
   * thread was mostly idle are throttling (a background or power-saving schedule), not slow
   * frames; one such gap may also be a single stall, so it waits for the next frame: two in a
   * row are throttling.
   */
  private _interval(
    interval: number,
    timestamp: number,
    time: number,
    previousEnded: boolean,
  ): void {
    if (interval >= THROTTLED_INTERVAL_MS) {
      const mostlyIdle = !previousEnded || timestamp - this._workEnd >= interval / 2;
      if (mostlyIdle) {
        if (this._throttled) return;
        if (this._pendingInterval === this._pendingInterval) {
          this._pendingInterval = NaN;
          this._throttled = true;
          this._interrupt('throttled', time);
          return;
        }
        this._pendingInterval = interval;
        this._pendingTime = time;
        return;
      }
    }
    if (this._pendingInterval === this._pendingInterval) {
      this._emitFrame(this._pendingInterval, this._pendingTime);
      this._pendingInterval = NaN;
    }
    this._throttled = false;
    this._emitFrame(interval, time);
  }

  private _emitFrame(interval: number, time: number): void {
    if (time < this._settleUntil) return;
    const sink = this._sink;
    sink('frame', interval, time);
    if (interval > DROPPED_FRAME_FACTOR * this._refresh) sink('frame.dropped', interval, time);
    if (interval >= LONG_FRAME_MS) sink('frame.long', interval, time);
    if (interval >= FROZEN_FRAME_MS) sink('frame.frozen', interval, time);
  }

  /**
   * Adds an interval to the refresh estimate and re-estimates every 16 intervals. Frames
   * arrive on vsyncs, so every interval is a multiple of the refresh interval: the lower
   * quartile of recent intervals bounds it from above as long as a quarter of the frames make
   * their vsync, and the median of the intervals that are proven to be one vsync (`evidence`)
   * is the refresh interval itself. The estimate is the smaller of the two: a slow app whose
   * frames miss vsyncs shows up as dropped frames, not as a slower display. A change must hold
   * for three estimates in a row (48 frames): uneven frame pacing moves an estimate now and
   * then, a new display rate moves them all, and each change is a gate that restarts the
   * detector, so an estimate that followed uneven pacing would keep restarting it
   * (test/unit/sources/frames.test.ts has such a page).
   */
  private _refreshSample(interval: number, evidence: boolean, time: number): void {
    this._recent.add(interval);
    if (evidence) this._evidence.add(interval);
    if (++this._sinceEstimate < REFRESH_EVERY || this._recent.count < REFRESH_EVERY) return;
    this._sinceEstimate = 0;
    this._recent.sort();
    this._evidence.sort();
    const estimate = Math.min(
      this._recent.lowerQuartile,
      this._evidence.count >= REFRESH_EVERY / 2 ? this._evidence.median : Infinity,
    );
    const current = this._refresh;
    if (current === current) {
      if (Math.abs(estimate - current) <= REFRESH_CHANGE * current) {
        this._candidate = NaN;
        return;
      }
      const candidate = this._candidate;
      if (Math.abs(estimate - candidate) <= REFRESH_CHANGE * candidate) this._candidateSeen++;
      else this._candidateSeen = 1;
      this._candidate = estimate;
      if (this._candidateSeen < REFRESH_CONFIRMATIONS) return;
      this._candidate = NaN;
    }
    this._refresh = estimate;
    if (current === current) this._interrupt('refresh-rate', time);
    this._onRefreshInterval?.(estimate);
  }
}

/** The last 32 values, with an allocation-free median and lower quartile. */
class Ring {
  count = 0;
  private _next = 0;
  private readonly _values = new Float64Array(REFRESH_RING);
  private readonly _scratch = new Float64Array(REFRESH_RING);

  /** Median and lower quartile of the kept values as of the last `sort()`. */
  median = NaN;
  lowerQuartile = NaN;

  add(value: number): void {
    this._values[this._next] = value;
    this._next = (this._next + 1) % REFRESH_RING;
    if (this.count < REFRESH_RING) this.count++;
  }

  /**
   * Updates `median` and `lowerQuartile`: an insertion sort of a preallocated copy
   * (`TypedArray.sort` allocates in V8, and so would returning a double; 32 values sort in a
   * few hundred comparisons).
   */
  sort(): void {
    const scratch = this._scratch;
    const count = this.count;
    for (let i = 0; i < count; i++) {
      const value = this._values[i] ?? 0;
      let j = i - 1;
      for (; j >= 0 && (scratch[j] ?? 0) > value; j--) scratch[j + 1] = scratch[j] ?? 0;
      scratch[j + 1] = value;
    }
    this.median = scratch[(count - 1) >> 1] ?? NaN;
    this.lowerQuartile = scratch[(count - 1) >> 2] ?? NaN;
  }
}
