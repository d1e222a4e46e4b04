/**
 * The frames whose GPU results are still awaited: a fixed ring of records (the frame's start
 * time, the sum of its spans' results so far, spans outstanding, whether one was lost) in
 * preallocated typed arrays, so that matching results to their frame allocates nothing.
 * Results arrive 1–4 frames after their frame; a frame's `gpu` is its spans' sum.
 */

/** A slot number meaning "this frame is not timed". */
export const NO_FRAME = -1;

const FREE = 0;
const TIMING = 1;
/** A span of the frame was not timed or its result was dropped: its sum is not the frame's. */
const INCOMPLETE = 2;

/** One record per frame awaiting results, addressed by ring slot. */
export class FrameRing {
  private readonly _size: number;
  private readonly _time: Float64Array;
  private readonly _sum: Float64Array;
  private readonly _outstanding: Int32Array;
  private readonly _state: Uint8Array;

  /** @param size Frames awaiting results at once. */
  constructor(size: number) {
    this._size = size;
    this._time = new Float64Array(size);
    this._sum = new Float64Array(size);
    this._outstanding = new Int32Array(size);
    this._state = new Uint8Array(size);
  }

  /**
   * The slot of frame number `serial`, starting at `time` (epoch ms), or `NO_FRAME` when that
   * slot still awaits an earlier frame's results (which are never overwritten).
   */
  claim(serial: number, time: number): number {
    const slot = serial % this._size;
    if (this._state[slot] !== FREE) return NO_FRAME;
    this._state[slot] = TIMING;
    this._time[slot] = time;
    this._sum[slot] = 0;
    this._outstanding[slot] = 0;
    return slot;
  }

  /** A span of the frame in `slot` is timed: its result is awaited. */
  addSpan(slot: number): void {
    this._outstanding[slot] = (this._outstanding[slot] ?? 0) + 1;
  }

  /** A span of the frame in `slot` could not be timed: the frame's `gpu` is not reported. */
  markIncomplete(slot: number): void {
    this._state[slot] = INCOMPLETE;
  }

  /** Adds a span's result (ms) to the frame in `slot`. */
  addResult(slot: number, ms: number): void {
    this._sum[slot] = (this._sum[slot] ?? 0) + ms;
    this._outstanding[slot] = (this._outstanding[slot] ?? 0) - 1;
  }

  /** The start time (epoch ms) of the frame in `slot`. */
  time(slot: number): number {
    return this._time[slot] ?? 0;
  }

  /** The sum of the results (ms) of the frame in `slot`. */
  sum(slot: number): number {
    return this._sum[slot] ?? 0;
  }

  /**
   * Frees `slot` if none of its results is outstanding (call it once the frame is closed);
   * returns whether it was freed with every span timed, i.e. whether its sum is the frame's
   * `gpu` time, readable until the slot is claimed again.
   */
  release(slot: number): boolean {
    if ((this._outstanding[slot] ?? 0) > 0) return false;
    const complete = this._state[slot] === TIMING;
    this._state[slot] = FREE;
    return complete;
  }

  /**
   * Every result in flight was dropped: frees every slot but `open` (the frame still open, or
   * `NO_FRAME`), which can no longer be complete.
   */
  dropResults(open: number): void {
    for (let slot = 0; slot < this._size; slot++) {
      this._outstanding[slot] = 0;
      this._state[slot] = slot === open ? INCOMPLETE : FREE;
    }
  }

  /** Frees every slot (the context was lost with every query in it). */
  clear(): void {
    this._state.fill(FREE);
  }
}
