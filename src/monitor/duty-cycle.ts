/**
 * When frames are measured. Every measured frame costs the page a rAF callback and a task
 * (measured in docs/overhead.md), so by default frames are measured in bursts: a few windows
 * out of every period, and every window while it matters — while the detector learns a
 * reference (a warm-up needs consecutive blocks), after a block that lies far on the worse
 * side of its reference, and while a test's evidence of a change is rising (so that a change
 * is confirmed at full speed once the sparse blocks hint at it).
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
  /**
   * The largest deviation of a frame metric's latest block from its reference, in reference
   * scales (positive: worse). Absent without a detector.
   */
  deviation?: number;
}

/** Windows measured in a row in each period. */
export const BURST_WINDOWS = 1;
/** The period (in windows) of the bursts while nothing is happening. */
export const BASE_PERIOD = 10;
/** The longest period the overhead meter may stretch it to (three doublings). */
export const MAX_PERIOD = 8 * BASE_PERIOD;
/** Evidence from which every window is measured until the test decides. */
export const EVIDENCE_RISING = 0.8;
/**
 * A block this many reference scales worse than the reference is a hint of a change: the next
 * {@link CONFIRM_WINDOWS} windows are measured, so that a change shows in consecutive blocks
 * (under no change, about one block in 40 is that far out).
 */
export const SURPRISE = 2;
/** Windows measured after a surprising block. */
export const CONFIRM_WINDOWS = 12;
/** The period comes back only when the overhead is under this share of the budget. */
const RESTORE_BELOW = 0.5;

/** The shape of the bursts (the defaults are the constants above). */
export interface DutySettings {
  burst: number;
  period: number;
  evidence: number;
  surprise: number;
  confirm: number;
}

const DEFAULT_DUTY: DutySettings = {
  burst: BURST_WINDOWS,
  period: BASE_PERIOD,
  evidence: EVIDENCE_RISING,
  surprise: SURPRISE,
  confirm: CONFIRM_WINDOWS,
};

export class DutyCycle {
  /** The current period, in windows. */
  period: number;
  private readonly _mode: FrameSamplingMode;
  private readonly _budget: number;
  private readonly _settings: DutySettings;
  private _changedAt: number;
  /** Windows before this one are measured (after a surprising block). */
  private _confirmUntil = -Infinity;
  /**
   * The first window asked about: bursts count from it, so that a monitor measures frames in
   * its first window rather than up to a period later.
   */
  private _firstWindow: number | undefined;

  /** `time`: when monitoring started (ms); the first overhead decision waits one window. */
  constructor(
    mode: FrameSamplingMode,
    budget: number,
    time: number,
    settings: DutySettings = DEFAULT_DUTY,
  ) {
    this._mode = mode;
    this._budget = budget;
    this._changedAt = time;
    this._settings = settings;
    this.period = settings.period;
  }

  /** Whether the frames of the window numbered `window` (its start / span) are measured. */
  measures(window: number, state: DutyState): boolean {
    const settings = this._settings;
    if ((state.deviation ?? 0) >= settings.surprise) {
      this._confirmUntil = Math.max(this._confirmUntil, window + settings.confirm);
    }
    if (this._mode === 'full' || state.warming || state.evidence >= settings.evidence) return true;
    const first = (this._firstWindow ??= window);
    // The first window is the rest of the one that holds `start()`, often a sliver of it: the
    // first burst takes one more window, so that a monitor's first numbers come from a full one.
    const firstBurst = window - first <= settings.burst;
    return (
      window < this._confirmUntil || firstBurst || (window - first) % this.period < settings.burst
    );
  }

  /**
   * The first window from `window` on that {@link measures} would measure if the detector's
   * state stayed as it is and calm (not warming, no rising evidence, no surprising block).
   */
  nextMeasured(window: number): number {
    const settings = this._settings;
    const first = this._firstWindow;
    if (this._mode === 'full' || first === undefined || window < this._confirmUntil) {
      return window;
    }
    const offset = (window - first) % this.period;
    if (window - first <= settings.burst || offset < settings.burst) return window;
    return window + this.period - offset;
  }

  /**
   * Feeds one overhead reading (fraction of main-thread time): the period doubles when over
   * budget and halves when well under it, at most once per overhead window. Returns whether
   * it changed.
   */
  adjust(overhead: number, time: number): boolean {
    if (this._mode === 'full' || time - this._changedAt < OVERHEAD_WINDOW_MS) return false;
    const base = this._settings.period;
    if (overhead > this._budget && this.period < 8 * base) this.period *= 2;
    else if (overhead < this._budget * RESTORE_BELOW && this.period > base) this.period /= 2;
    else return false;
    this._changedAt = time;
    return true;
  }
}
