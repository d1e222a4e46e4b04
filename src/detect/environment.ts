/**
 * Tells the machine from the code. The monitor's environment probe (`env.probe`) times a fixed
 * piece of work after a short sleep in idle time, so its level grows when other processes take
 * the CPU from the page and not when the app's own code grows. This tracker keeps the probe's
 * reference (the median block of the segment's first blocks) and its current level (the median
 * of the latest blocks), decides whether the machine is `normal`, `busier` or `quieter`, and
 * says which blocks the timed metrics must not be tested on.
 *
 * Gate, not normalize: while the machine is changed, the timed metrics' blocks are left out of
 * their tests, and testing resumes against the same references when it is back. Dividing the
 * metrics by the probe's change would need the app's work to slow down in the same proportion
 * as the probe, which it does not: a GPU is not slowed by CPU load, and how much a frame of
 * work loses to other processes depends on its length. A wrong factor would itself read as a
 * change of the code, while leaving blocks out only costs test time.
 */
import { metricInfo } from '../metrics.js';
import { median } from '../stats/robust.js';
import type { EnvironmentChange, EnvironmentState, MetricName } from '../types.js';

/** The probe's metric. */
export const PROBE_METRIC: MetricName = 'env.probe';

/** Blocks with a probe level the reference is learned from. */
export const PROBE_REFERENCE_BLOCKS = 10;
/** Latest blocks whose median is the probe's current level. */
export const PROBE_RECENT_BLOCKS = 5;
/**
 * Probe levels below this (ms) count as this: on an idle machine the probe's wake-up takes a
 * fraction of a millisecond, which browsers' coarse clocks (0.1 ms) read in large relative
 * steps that are not a change of the machine.
 */
export const PROBE_FLOOR_MS = 0.5;
/** The machine is changed when the probe's level is this many times its reference (or 1/x). */
export const CHANGED_RATIO = 1.5;
/** A changed machine is back to normal when the probe's level is within this ratio again. */
export const NORMAL_RATIO = 1.25;
/**
 * Blocks a changed machine may stay changed before the change becomes the reference: the timed
 * metrics then learn references at the new level, rather than going untested for as long as
 * the machine stays busy.
 */
export const ADOPT_BLOCKS = 180;

/** Whether `metric` is timed, so that a busier machine makes it worse (unit ms). */
export function movesWithMachine(metric: MetricName): boolean {
  return metric !== PROBE_METRIC && metricInfo(metric).unit === 'ms';
}

/** What one block says. */
export interface EnvironmentStep {
  /** The timed metrics must not be tested on this block. */
  skip: boolean;
  /** The timed metrics start a new segment (the changed machine became the reference). */
  relearn: boolean;
  /** The state changed with this block (context and time are the caller's to fill in). */
  change: Omit<EnvironmentChange, 'context' | 'time'> | undefined;
}

export class EnvironmentTracker {
  /** Current state. */
  state: EnvironmentState = 'normal';
  /** Blocks with a probe level, in the order they came: the reference's, then the latest. */
  private readonly _learning: number[] = [];
  private readonly _recent = new Float64Array(PROBE_RECENT_BLOCKS);
  private _recentCount = 0;
  private _reference = NaN;
  /** Consecutive blocks with the machine changed. */
  private _changedBlocks = 0;
  private readonly _step: EnvironmentStep = { skip: false, relearn: false, change: undefined };

  /** The probe's reference level (ms), NaN while it is learned. */
  get reference(): number {
    return this._reference;
  }

  /**
   * Takes one block's probe level (its median, ms), or undefined when the block has none
   * (the probe found no idle time, or there is no probe: nothing is ever gated then).
   * Returns what the block means for the timed metrics (the same object each time).
   */
  observe(level: number | undefined): EnvironmentStep {
    const step = this._step;
    step.skip = this.state !== 'normal';
    step.relearn = false;
    step.change = undefined;
    if (level === undefined || !(level >= 0)) return step;
    const floored = Math.max(PROBE_FLOOR_MS, level);
    if (!(this._reference > 0)) {
      this._learning.push(floored);
      if (this._learning.length >= PROBE_REFERENCE_BLOCKS) {
        this._reference = median(Float64Array.from(this._learning));
        this._learning.length = 0;
      }
      return step;
    }
    this._recent[this._recentCount % PROBE_RECENT_BLOCKS] = floored;
    this._recentCount++;
    const held = Math.min(this._recentCount, PROBE_RECENT_BLOCKS);
    const current = median(this._recent.subarray(0, held));
    const ratio = current / this._reference;
    const blockRatio = floored / this._reference;
    // The state changes on the median of full recent blocks only, never on a single block.
    const next = held < PROBE_RECENT_BLOCKS ? this.state : this._next(ratio);
    this._changedBlocks = next === 'normal' ? 0 : this._changedBlocks + 1;
    let adopted = false;
    if (this._changedBlocks > ADOPT_BLOCKS) {
      this._reference = current;
      this._changedBlocks = 0;
      adopted = true;
    }
    const state = adopted ? 'normal' : next;
    if (state !== this.state || adopted) {
      step.change = {
        state,
        change: current / this._reference - 1,
        reference: this._reference,
        current,
        adopted,
      };
      this.state = state;
    }
    // A single block far out is left out too: the median of the latest blocks lags behind a
    // step of the load by a few blocks, during which a test could otherwise cross.
    step.skip =
      !adopted &&
      (state !== 'normal' || blockRatio >= CHANGED_RATIO || blockRatio <= 1 / CHANGED_RATIO);
    step.relearn = adopted;
    return step;
  }

  /** The state the current level (as a ratio to the reference) calls for, with hysteresis. */
  private _next(ratio: number): EnvironmentState {
    if (ratio >= CHANGED_RATIO) return 'busier';
    if (ratio <= 1 / CHANGED_RATIO) return 'quieter';
    if (this.state === 'busier' && ratio > NORMAL_RATIO) return 'busier';
    if (this.state === 'quieter' && ratio < 1 / NORMAL_RATIO) return 'quieter';
    return 'normal';
  }
}
