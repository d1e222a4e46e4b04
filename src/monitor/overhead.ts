/**
 * Overhead accounting: every perfwarden callback runs through `guard`, which times it and
 * keeps its exceptions from the page. The meter turns those times into the fraction of
 * main-thread time spent in perfwarden over a sliding window of about ten seconds, with
 * fixed memory and no allocation per callback.
 */
import type { ReportError } from '../errors.js';
import type { Guard } from '../guard.js';

/** Length of one bucket of the sliding window, ms. */
const BUCKET_MS = 1000;
/** Buckets in the sliding window: the window spans 9 to 10 s. */
const BUCKETS = 10;
/** How far back `fraction()` looks, ms. */
export const OVERHEAD_WINDOW_MS = BUCKET_MS * BUCKETS;

export class OverheadMeter {
  /** Busy ms per bucket, and the second (`floor(time / 1000)`) each bucket currently holds. */
  private readonly _busy = new Float64Array(BUCKETS);
  private readonly _second = new Float64Array(BUCKETS).fill(-1);
  /** When metering started (performance.now ms); NaN while stopped. */
  private _since = NaN;
  private readonly _report: ReportError;

  constructor(report: ReportError) {
    this._report = report;
  }

  /** Starts counting afresh at `time` (performance.now ms). */
  start(time: number): void {
    this._busy.fill(0);
    this._second.fill(-1);
    this._since = time;
  }

  /** Stops counting: `fraction()` returns 0 until the next start. */
  stop(): void {
    this._since = NaN;
  }

  /** Counts `end - start` ms of perfwarden work (performance.now ms). */
  add(start: number, end: number): void {
    const second = Math.floor(end / BUCKET_MS);
    const index = second % BUCKETS;
    if (this._second[index] !== second) {
      this._second[index] = second;
      this._busy[index] = 0;
    }
    this._busy[index] = (this._busy[index] ?? 0) + (end - start);
  }

  /**
   * Fraction of the main-thread time in perfwarden over the window ending at `time`
   * (performance.now ms): busy ms in the last ~10 s divided by the time covered (since
   * start, at most the window). 0 while stopped.
   */
  fraction(time: number): number {
    if (!(time > this._since)) return 0;
    const current = Math.floor(time / BUCKET_MS);
    const oldest = current - BUCKETS + 1;
    let busy = 0;
    for (let i = 0; i < BUCKETS; i++) {
      const second = this._second[i] ?? -1;
      if (second >= oldest && second <= current) busy += this._busy[i] ?? 0;
    }
    const covered = Math.min(time - oldest * BUCKET_MS, time - this._since);
    return covered > 0 ? busy / covered : 0;
  }

  /**
   * Wraps `callback` (a browser callback of perfwarden's: rAF, observer, timer, listener) so
   * that its time is counted and anything it throws goes to the error reporter under `kind`.
   * Create guards once, outside hot paths: the wrapper itself allocates nothing per call.
   */
  readonly guard: Guard = (kind, callback) => (arg) => {
    const start = performance.now();
    try {
      callback(arg);
    } catch (error) {
      this._report(kind, error);
    }
    this.add(start, performance.now());
  };
}
