/**
 * When frames are measured. Every measured frame costs the page a rAF callback and a task
 * (measured in docs/overhead.md), so by default frames are measured in bursts: a few windows
 * out of every period, and every window while it matters — while the detector learns a
 * reference (a warm-up needs consecutive blocks) and while a test's evidence of a change is
 * rising (so that a change is confirmed at full speed once the sparse blocks hint at it).
 * The overhead meter stretches the period when perfwarden goes over its budget.
 *
 * Decisions depend only on what was measured before, never on what comes next, so the
 * detector's tests stay valid on the blocks they are given.
 */
import { OVERHEAD_WINDOW_MS } from './overhead.js';

/** How frames are sampled: in bursts (`adaptive`, the default) or every frame (`full`). */
export type FrameSamplingMode = 'adaptive' | 'full';

/** The state of the detector that the duty cycle reads at each window. */
export interface DutyState {
  /** A frame metric's reference is being learned (every block counts). */
  warming: boolean;
  /** The highest evidence of a change (1 − always-valid p) among the frame metrics. */
  evidence: number;
}

/** Windows measured in a row in each period. */
export const BURST_WINDOWS = 2;
/** The period (in windows) of the bursts while nothing is happening. */
export const BASE_PERIOD = 8;
/** The longest period the overhead meter may stretch it to. */
export const MAX_PERIOD = 64;
/** Evidence from which every window is measured until the test decides. */
export const EVIDENCE_RISING = 0.8;
/** The period comes back only when the overhead is under this share of the budget. */
const RESTORE_BELOW = 0.5;

export class DutyCycle {
  /** The current period, in windows. */
  period = BASE_PERIOD;
  private readonly _mode: FrameSamplingMode;
  private readonly _budget: number;
  private _changedAt: number;

  /** `time`: when monitoring started (ms); the first overhead decision waits one window. */
  constructor(mode: FrameSamplingMode, budget: number, time: number) {
    this._mode = mode;
    this._budget = budget;
    this._changedAt = time;
  }

  /** Whether the frames of the window numbered `window` (its start / span) are measured. */
  measures(window: number, state: DutyState): boolean {
    if (this._mode === 'full' || state.warming || state.evidence >= EVIDENCE_RISING) return true;
    return window % this.period < BURST_WINDOWS;
  }

  /**
   * Feeds one overhead reading (fraction of main-thread time): the period doubles when over
   * budget and halves when well under it, at most once per overhead window. Returns whether
   * it changed.
   */
  adjust(overhead: number, time: number): boolean {
    if (this._mode === 'full' || time - this._changedAt < OVERHEAD_WINDOW_MS) return false;
    if (overhead > this._budget && this.period < MAX_PERIOD) this.period *= 2;
    else if (overhead < this._budget * RESTORE_BELOW && this.period > BASE_PERIOD) {
      this.period /= 2;
    } else return false;
    this._changedAt = time;
    return true;
  }
}
