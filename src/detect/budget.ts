/**
 * The session's false-alarm budget, split so that the sum over every test the session can run
 * stays within it, however many contexts, segments and re-references there are:
 *
 * - each watched metric gets an equal share of 90 %; other metrics (spans, GPU passes, custom)
 *   share the remaining 10 %, the i-th one to appear getting `6 / (π² i²)` of it;
 * - within a metric, each channel (block median, tail) has a fixed part of the metric's share,
 *   and the j-th test started on it (new context, new segment after a gate, new reference
 *   after a change) gets `6 / (π² j²)` of that part (these sum to 1).
 *
 * The boundary grows with `ln(1/α)` only, so a later test pays little for its smaller share.
 */
import { defaultWatchedMetrics } from '../metrics.js';
import type { MetricName } from '../types.js';

const WATCHED_SHARE = 0.9;
const SERIES_WEIGHT = 6 / Math.PI ** 2;

/** Default watched metrics: those the collector produces that say "slower" on their own. */
export const DEFAULT_WATCHED: readonly MetricName[] = /* @__PURE__ */ defaultWatchedMetrics();

export class FalseAlarmBudget {
  private readonly _total: number;
  private readonly _watched: ReadonlySet<MetricName>;
  /** Share of the total per metric, fixed when first asked. */
  private readonly _shares = new Map<MetricName, number>();
  /** Tests started per metric and channel. */
  private readonly _started = new Map<string, number>();
  private _unwatched = 0;

  constructor(total: number, watched: readonly MetricName[]) {
    this._total = total;
    this._watched = new Set(watched);
  }

  /**
   * The budget of the next test of `metric` on `channel`, which holds `part` of the metric's
   * share (and counts it as started).
   */
  next(metric: MetricName, channel: string, part: number): number {
    let share = this._shares.get(metric);
    if (share === undefined) {
      share = this._watched.has(metric)
        ? WATCHED_SHARE / this._watched.size
        : ((1 - WATCHED_SHARE) * SERIES_WEIGHT) / (++this._unwatched) ** 2;
      this._shares.set(metric, share);
    }
    const key = `${metric}\u0000${channel}`;
    const started = (this._started.get(key) ?? 0) + 1;
    this._started.set(key, started);
    return (this._total * share * part * SERIES_WEIGHT) / started ** 2;
  }
}
