/**
 * The frames of the frame loop, as numbers in preallocated typed arrays: what the per-frame
 * path writes (a timestamp, and when the frame's work ended) and the frame analysis reads in
 * batches, once per window, off the frame path. Fixed memory; nothing is allocated per frame.
 */

/** Frames held: two seconds at 240 Hz, so a batch that runs a window late loses nothing. */
export const FRAME_RING_CAPACITY = 512;

export class FrameRing {
  readonly capacity: number;
  /** The frame's rAF timestamp (performance.now ms). */
  readonly timestamp: Float64Array;
  /** When the frame's work ended (performance.now ms), NaN when it was not measured. */
  readonly workEnd: Float64Array;
  /** 1 for the first frame of a run (after a start or a pause): no interval before it. */
  readonly first: Uint8Array;
  /** Frames written so far. */
  written = 0;
  /** Frames read so far. */
  read = 0;
  /** Frames overwritten before they were read (the reader fell a whole ring behind). */
  lost = 0;

  constructor(capacity = FRAME_RING_CAPACITY) {
    this.capacity = capacity;
    this.timestamp = new Float64Array(capacity);
    this.workEnd = new Float64Array(capacity);
    this.first = new Uint8Array(capacity);
  }

  /** Writes a frame (its work not measured yet); returns its slot. */
  push(timestamp: number, first: boolean): number {
    const slot = this.written % this.capacity;
    this.timestamp[slot] = timestamp;
    this.workEnd[slot] = NaN;
    this.first[slot] = first ? 1 : 0;
    this.written++;
    return slot;
  }

  /**
   * Moves the read position past frames that were overwritten before they were read, counting
   * them; returns the first frame number still held.
   */
  oldestUnread(): number {
    const oldest = this.written - this.capacity;
    if (this.read < oldest) {
      this.lost += oldest - this.read;
      this.read = oldest;
    }
    return this.read;
  }

  /** Slot of frame number `frame`. */
  slot(frame: number): number {
    return frame % this.capacity;
  }
}
