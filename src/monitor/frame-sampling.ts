/**
 * When the monitor measures frames: in the windows the duty cycle picks, never while the page
 * is hidden or being resized, and after a return to the page only once it has settled. It
 * owns the frame source, the page-lifecycle listeners that gate it, and the GPU timers'
 * sampling window, which follows the frames'.
 */
import { onRestore } from '../page/bfcache.js';
import { onResize } from '../page/resize.js';
import { isHidden, onVisibilityChange } from '../page/visibility.js';
import { now } from '../page/clock.js';
import { createFrameSource } from '../sources/frames/index.js';
import type { FrameAnalysis, FrameSource } from '../sources/frames/index.js';
import type { ReportError } from '../errors.js';
import type { GateReason, GpuSource, Sink, Stop } from '../types.js';
import { DutyCycle } from './duty-cycle.js';
import type { DutyState, FrameSamplingMode } from './duty-cycle.js';
import type { Guard } from '../guard.js';

/** After the page becomes visible again or is restored, frame samples wait this long (ms). */
export const RESUME_SETTLE_MS = 2000;
/** Frame sampling resumes this long (ms) after the last resize or pixel-ratio change. */
export const RESIZE_SETTLE_MS = 500;

export interface FrameSamplingOptions {
  sink: Sink;
  report: ReportError;
  /** A break in the data: the monitor closes windows and the detector starts a new segment. */
  interrupt: (reason: GateReason, time: number) => void;
  guard: Guard;
  mode: FrameSamplingMode;
  /** The window span (ms): bursts cover whole windows of this grid. */
  window: number;
  /** The overhead budget the duty cycle keeps to. */
  budget: number;
  /** Measure `cpu` on every n-th frame (the shedding level sets it). */
  sampling: { readonly cpuEvery: number };
  /** GPU timers attached to the monitor: they time frames while frames are measured. */
  gpuSources: ReadonlySet<GpuSource>;
  onRefreshInterval: (interval: number) => void;
  /** Frames start being measured: the monitor's clock has to read them at every window. */
  onMeasuring: () => void;
}

export class FrameSampling {
  readonly duty: DutyCycle;
  private readonly _options: FrameSamplingOptions;
  private readonly _source: FrameSource | undefined;
  private readonly _stops: Stop[] = [];
  private _resizeTimer: ReturnType<typeof setTimeout> | undefined;
  private _hidden = false;
  /** Frames are measured until this time (perfwarden clock); 0 when not planned. */
  private _until = 0;

  constructor(options: FrameSamplingOptions) {
    this._options = options;
    this.duty = new DutyCycle(options.mode, options.budget, now());
    this._source = createFrameSource({ guard: options.guard, sampling: options.sampling });
  }

  /**
   * Until when (performance.now ms, the rAF and document-timeline clock) GPU timers time
   * frames: 0 while frames are not measured.
   */
  get gpuUntil(): number {
    return this._gated() ? 0 : this._until - performance.timeOrigin;
  }

  /** Listens to the page and measures the current window (and the next) if the duty cycle asks. */
  start(state: DutyState): void {
    const { guard } = this._options;
    this._hidden = isHidden();
    this._listen('page.visibility', () =>
      onVisibilityChange(
        guard('page.visibility', (hidden: boolean) => {
          this._onVisibility(hidden);
        }),
      ),
    );
    this._listen('page.restore', () =>
      onRestore(
        guard('page.restore', () => {
          this._onRestore();
        }),
      ),
    );
    this._listen('page.resize', () =>
      onResize(
        guard('page.resize', () => {
          this._onResize();
        }),
      ),
    );
    this._until = 0;
    this._plan(now(), state);
  }

  /**
   * Reads the frames measured so far into samples and plans the frames of this window and the
   * next. Returns the time (perfwarden clock) up to which every frame is in.
   */
  tick(time: number, state: DutyState): number {
    const ready = this.drain();
    this._plan(time, state);
    return ready;
  }

  /** Whether frames are being measured now. */
  get measuring(): boolean {
    return !this._gated() && this._until > now();
  }

  /**
   * The earliest time (perfwarden clock) at which the monitor's tick has something to do for
   * the frames, if the detector's state stays calm: now while frames are measured (they are
   * read at every window), else the start of the next window the duty cycle measures.
   */
  nextDue(time: number): number {
    if (this._until > time) return time;
    const { window } = this._options;
    return this.duty.nextMeasured(this._windowOf(time) + 1) * window;
  }

  /**
   * The frame analysis has loaded (with the deferred code): frames measured from now on, and
   * those waiting in the ring, become samples at each tick.
   */
  analyseWith(Analysis: typeof FrameAnalysis): void {
    const { sink, interrupt, onRefreshInterval } = this._options;
    this._source?.analyseWith(
      new Analysis(sink, { interrupt, settleUntil: -Infinity, onRefreshInterval }),
    );
  }

  /** Reads the frames measured so far; returns the time up to which every frame is in. */
  drain(): number {
    return this._source?.drain() ?? Infinity;
  }

  /** Stops measuring and removes the page listeners; what was measured can still be drained. */
  stop(): void {
    this._source?.pause();
    this._clearResizeTimer();
    for (const stop of this._stops.splice(0)) stop();
    this._until = 0;
    this._applyGpu();
  }

  /** Attaches a page listener in its own `try`: a broken API costs that listener only. */
  private _listen(kind: string, attach: () => Stop): void {
    try {
      this._stops.push(attach());
    } catch (error) {
      this._options.report(kind, error);
    }
  }

  private _windowOf(time: number): number {
    return Math.floor(time / this._options.window);
  }

  /**
   * Measures the rest of the window that holds `time` when the duty cycle wants it, and, when
   * it is measured, the next window too if the duty cycle wants that one: a run of measured
   * windows is one run of frames, without a gap at each boundary.
   */
  private _plan(time: number, state: DutyState): void {
    const { window } = this._options;
    const current = this._windowOf(time);
    const end = (current + 1) * window;
    if (this.duty.measures(current, state) && this._until < end) this._until = end;
    if (this._until >= end && this.duty.measures(current + 1, state)) {
      this._until = Math.max(this._until, end + window);
    }
    if (this._until > time) this._resume(0);
  }

  private _gated(): boolean {
    return this._hidden || this._resizeTimer !== undefined;
  }

  /** Runs the frame loop until the planned time, unless the page is gated. */
  private _resume(settle: number): void {
    if (this._gated() || !this._source) return;
    if (this._until === Infinity || this._until > now()) {
      this._source.measureUntil(this._until, settle);
      this._options.onMeasuring();
    }
    this._applyGpu();
  }

  private _pause(): void {
    this._source?.pause();
    this._applyGpu();
  }

  private _applyGpu(): void {
    const until = this.gpuUntil;
    for (const source of this._options.gpuSources) source.until = until;
  }

  private _onVisibility(hidden: boolean): void {
    this._hidden = hidden;
    if (hidden) {
      this._pause();
      this._clearResizeTimer();
      this._gate('hidden');
    } else {
      this._restartAfterGate(RESUME_SETTLE_MS);
    }
  }

  private _onRestore(): void {
    this._pause();
    this._gate('restore');
    this._restartAfterGate(RESUME_SETTLE_MS);
  }

  private _onResize(): void {
    if (this._resizeTimer === undefined) {
      this._pause();
      this._gate('resize');
    } else {
      clearTimeout(this._resizeTimer);
    }
    this._resizeTimer = setTimeout(
      this._options.guard('page.resize', () => {
        this._resizeTimer = undefined;
        this._restartAfterGate(0);
      }),
      RESIZE_SETTLE_MS,
    );
  }

  /** A break in the data, after the frames measured before it went into their windows. */
  private _gate(reason: GateReason): void {
    this.drain();
    this._options.interrupt(reason, now());
  }

  /**
   * After a gate the detector learns its reference again: measure from now on, until the end
   * of the window after the one in which the page has settled (frames before that are not
   * samples).
   */
  private _restartAfterGate(settle: number): void {
    const window = this._windowOf(now() + settle);
    this._until = Math.max(this._until, (window + 2) * this._options.window);
    this._resume(settle);
  }

  private _clearResizeTimer(): void {
    if (this._resizeTimer !== undefined) clearTimeout(this._resizeTimer);
    this._resizeTimer = undefined;
  }
}
