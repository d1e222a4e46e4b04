/**
 * The timer queries awaiting their results, oldest first: a fixed-capacity FIFO of parallel
 * slots (query, the frame-ring slot it belongs to, the metric it reports) that allocates
 * nothing per frame. Results of one context come back in submission order, so only the
 * oldest is ever read.
 */
import type { TimerQuery } from './query-api.js';

/** The queries in flight, oldest first, each with its frame slot and metric. */
export class PendingQueries {
  private readonly _capacity: number;
  private readonly _query: (TimerQuery | undefined)[];
  private readonly _frame: Int32Array;
  private readonly _metric: (string | undefined)[];
  private _head = 0;
  private _count = 0;

  /** @param capacity Most queries in flight at once (the timer's `maxQueries`). */
  constructor(capacity: number) {
    this._capacity = capacity;
    this._query = new Array<TimerQuery | undefined>(capacity).fill(undefined);
    this._metric = new Array<string | undefined>(capacity).fill(undefined);
    this._frame = new Int32Array(capacity);
  }

  /** Queries awaiting their result. */
  get count(): number {
    return this._count;
  }

  /**
   * Writes the query of a span that has begun behind the queue; it counts once its span has
   * ended (`commit()`). `metric` is undefined for the whole frame's span.
   */
  stage(query: TimerQuery, frame: number, metric: string | undefined): void {
    const at = (this._head + this._count) % this._capacity;
    this._query[at] = query;
    this._frame[at] = frame;
    this._metric[at] = metric;
  }

  /** Counts the staged query: its span has ended and its result is awaited. */
  commit(): void {
    this._count++;
  }

  /** The oldest query awaiting its result, or undefined when none is. */
  oldest(): TimerQuery | undefined {
    return this._count > 0 ? this._query[this._head] : undefined;
  }

  /** The frame-ring slot of the oldest query. */
  oldestFrame(): number {
    return this._frame[this._head] ?? 0;
  }

  /** The metric the oldest query reports, undefined for a whole frame's span. */
  oldestMetric(): string | undefined {
    return this._metric[this._head];
  }

  /** Removes the oldest query (its result was read, or it is deleted). */
  shift(): void {
    if (this._count === 0) return;
    this._query[this._head] = undefined;
    this._head = (this._head + 1) % this._capacity;
    this._count--;
  }

  /** Forgets every query without deleting it (they died with a lost context). */
  forget(): void {
    this._count = 0;
    this._head = 0;
    this._query.fill(undefined);
  }
}
