/**
 * The per-frame path: one `requestAnimationFrame` callback that writes the frame's timestamp
 * into the frame ring, and a task posted from it that writes when the frame's work ended (a
 * task posted from a rAF callback runs after the frame's rendering steps). Nothing else runs
 * per frame: no sample, no window, no allocation. The loop runs only while asked to measure
 * (`measureUntil`), so a monitor can sample frames in bursts and pay nothing in between.
 */
import type { Guard } from '../../guard.js';
import type { FrameRing } from './ring.js';

export class FrameLoop {
  private readonly _ring: FrameRing;
  private readonly _onFrame: (timestamp: number) => void;
  private readonly _onFrameEnd: () => void;
  /** Measure work on every n-th frame (read each frame, so it can change while running). */
  private readonly _sampling: { readonly cpuEvery: number };
  private _handle = 0;
  private _running = false;
  /** Frames from this time on (perfwarden clock) end the run. */
  private _until = 0;
  /** `performance.timeOrigin`, read once (reading it can allocate). */
  private readonly _origin = performance.timeOrigin;
  private _firstOfRun = true;
  private _frames = 0;
  /** Slot whose work end the pending task writes, and the task. */
  private _slot = 0;
  private _endTask: ReturnType<typeof setTimeout> | undefined;

  constructor(ring: FrameRing, guard: Guard, sampling: { readonly cpuEvery: number }) {
    this._ring = ring;
    this._sampling = sampling;
    this._onFrame = guard('source.frames', (timestamp: number) => {
      this._frame(timestamp);
    });
    this._onFrameEnd = guard('source.frames', () => {
      this._frameEnd();
    });
  }

  /** Whether frames are being measured. */
  get running(): boolean {
    return this._running;
  }

  /** Whether the last frame's work end is still to come (the ring's last frame is unsettled). */
  get pending(): boolean {
    return this._endTask !== undefined;
  }

  /**
   * Measures every frame until `until` (perfwarden clock, the time frames are reported at;
   * Infinity for ever), starting the loop if it is not running. A later call moves the end.
   */
  measureUntil(until: number): void {
    this._until = until;
    if (this._running) return;
    this._running = true;
    this._firstOfRun = true;
    this._handle = requestAnimationFrame(this._onFrame);
  }

  /** Stops at once: cancels the pending frame and task. The ring keeps what was written. */
  stop(): void {
    this._running = false;
    cancelAnimationFrame(this._handle);
    if (this._endTask !== undefined) clearTimeout(this._endTask);
    this._endTask = undefined;
  }

  private _frame(timestamp: number): void {
    if (!this._running) return;
    if (this._endTask !== undefined) {
      // The previous frame's task has not run yet (a starved task queue): its work cannot be
      // told apart from this frame's, so it stays unmeasured.
      clearTimeout(this._endTask);
      this._endTask = undefined;
    }
    if (this._origin + timestamp >= this._until) {
      this._running = false;
      return;
    }
    // Ask for the next frame first, so that an error below cannot end the loop.
    this._handle = requestAnimationFrame(this._onFrame);
    const slot = this._ring.push(timestamp, this._firstOfRun);
    this._firstOfRun = false;
    if (++this._frames % this._sampling.cpuEvery === 0) {
      this._slot = slot;
      this._endTask = setTimeout(this._onFrameEnd, 0);
    }
  }

  private _frameEnd(): void {
    this._endTask = undefined;
    this._ring.workEnd[this._slot] = performance.now();
  }
}
