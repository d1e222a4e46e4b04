/**
 * Shedding: when perfwarden's own measured overhead exceeds its budget, optional work is
 * switched off one step at a time, and switched back on (last off, first on) once the
 * overhead is well under budget. Each change waits one full overhead window, so that the
 * next decision sees the effect of the last.
 */
import { OVERHEAD_WINDOW_MS } from './overhead.js';

/**
 * The optional work, in the order it is shed (the most expensive first: the environment
 * probe holds the main thread 4 ms at a time, GPU timer queries cost Chromium tens of
 * microseconds each, see docs/webgl.md). Level n means the first n of a monitor's steps are
 * shed (a monitor without a detector runs no probe, and skips that step). Frame intervals,
 * long frames, Web Vitals and spans are never shed.
 */
export const SHED_STEPS = [
  'env.probe: every 4th',
  'gpu: every 4th frame',
  'cpu: every 2nd frame',
  'interactions, measures and memory off',
  'cpu: every 4th frame',
] as const;

/** One of {@link SHED_STEPS}. */
export type ShedStep = (typeof SHED_STEPS)[number];

/** The `shed` event: the shedding level changed. */
export interface ShedEvent {
  /** How many steps of {@link SHED_STEPS} are shed now (0: nothing is). */
  level: number;
  /** The steps shed now. */
  shed: readonly ShedStep[];
  /** The overhead that triggered the change (fraction of main-thread time). */
  overhead: number;
  /** The budget it was compared with. */
  budget: number;
  /** When (perfwarden clock, ms). */
  time: number;
}

/** The hysteresis: work comes back only when the overhead is under this share of the budget. */
const RESTORE_BELOW = 0.5;

export class Shedder {
  /** Current level: how many steps are shed. */
  level = 0;
  private readonly _budget: number;
  private readonly _steps: readonly ShedStep[];
  private _changedAt: number;

  /**
   * `time`: when monitoring started (ms); the first decision waits one overhead window.
   * `probing`: whether the monitor runs the environment probe (without it, that step is not
   * one of its steps).
   */
  constructor(budget: number, time: number, probing = true) {
    this._budget = budget;
    this._changedAt = time;
    this._steps = probing
      ? SHED_STEPS
      : SHED_STEPS.filter((step) => step !== 'env.probe: every 4th');
  }

  /** Feeds one overhead reading; returns true when the level changed. */
  update(overhead: number, time: number): boolean {
    if (time - this._changedAt < OVERHEAD_WINDOW_MS) return false;
    if (overhead > this._budget && this.level < this._steps.length) this.level++;
    else if (overhead < this._budget * RESTORE_BELOW && this.level > 0) this.level--;
    else return false;
    this._changedAt = time;
    return true;
  }

  /** Every how many of its turns the environment probe probes at the current level. */
  get probeEvery(): number {
    return this._isShed('env.probe: every 4th') ? 4 : 1;
  }

  /** Every how many frames an attached GPU timer times at the current level. */
  get gpuEvery(): number {
    return this._isShed('gpu: every 4th frame') ? 4 : 1;
  }

  /** Every how many frames `cpu` is measured at the current level. */
  get cpuEvery(): number {
    if (this._isShed('cpu: every 4th frame')) return 4;
    return this._isShed('cpu: every 2nd frame') ? 2 : 1;
  }

  /** Whether the optional observers (interactions, measures, memory) run at this level. */
  get optionalSources(): boolean {
    return !this._isShed('interactions, measures and memory off');
  }

  /** The event describing the current level. */
  event(overhead: number, time: number): ShedEvent {
    return {
      level: this.level,
      shed: this._steps.slice(0, this.level),
      overhead,
      budget: this._budget,
      time,
    };
  }

  private _isShed(step: ShedStep): boolean {
    const index = this._steps.indexOf(step);
    return index >= 0 && index < this.level;
  }
}
