/**
 * One exporter's lane in the pipeline: its own bounded queue (drop-oldest), batching, in-flight
 * limit, timeout, and retry with backoff. Lanes share nothing but the keepalive budget, so a
 * failing or slow exporter never delays another.
 */
import type { ReportError } from '../errors.js';
import { retryDelay } from './backoff.js';
import type { BackoffOptions } from './backoff.js';
import type { Counter, ExportItem, ExportResult, Exporter } from './exporter.js';
import type { TrackedKeepaliveBudget } from './keepalive-budget.js';

/** An item with its estimated size (JSON characters), computed once at push. */
export interface QueuedItem {
  readonly item: ExportItem;
  readonly bytes: number;
}

/** Why items were dropped; each reason is its own cumulative counter. */
export type DropReason = 'overflow' | 'failed';

/** Name of the counter the pipeline exports for its drops. */
export const DROPPED_COUNTER = 'perfwarden.export.dropped';

export interface LaneOptions extends BackoffOptions {
  maxBatchItems: number;
  maxBatchBytes: number;
  batchDelayMs: number;
  maxQueueItems: number;
  exportTimeoutMs: number;
  maxConcurrentExports: number;
  keepalive: TrackedKeepaliveBudget;
  report: ReportError;
  /** Clock for counters (ms, like window times). */
  now: () => number;
  /** When counting began (the pipeline's creation). */
  start: number;
  /** Called after every export settled (the pipeline refreshes its persisted snapshot). */
  onSettled: () => void;
}

/** A batch on its way: the queued entries and the counter values it carries. */
interface Batch {
  readonly entries: QueuedItem[];
  readonly items: ExportItem[];
  readonly counted: Partial<Record<DropReason, number>>;
}

const REASONS: readonly DropReason[] = ['overflow', 'failed'];

export class ExportLane {
  readonly _exporter: Exporter;
  /** Items dropped so far, by reason (cumulative). */
  readonly _dropped: Record<DropReason, number> = { overflow: 0, failed: 0 };
  private readonly _options: LaneOptions;
  /** Counter values that reached the exporter. */
  private readonly _acknowledged: Record<DropReason, number> = { overflow: 0, failed: 0 };
  private _queue: QueuedItem[] = [];
  private _queuedBytes = 0;
  /** Exports in flight, and whether each is a final one (sent with keepalive at page exit). */
  private readonly _sending = new Map<Batch, boolean>();
  /** Consecutive retry results; 0 after a delivery or a permanent failure. */
  private _failures = 0;
  private _retryTimer: ReturnType<typeof setTimeout> | undefined;
  private _batchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Send partial batches until the queue is empty (batch delay elapsed, or flush()). */
  private _draining = false;
  private _closed = false;
  private readonly _idleWaiters: (() => void)[] = [];
  private readonly _controllers = new Set<AbortController>();

  constructor(exporter: Exporter, options: LaneOptions) {
    this._exporter = exporter;
    this._options = options;
  }

  /** Items waiting (oldest first). */
  get _queued(): readonly QueuedItem[] {
    return this._queue;
  }

  /** Whether the endpoint is failing: the last attempt asked for a retry. */
  get _failing(): boolean {
    return this._failures > 0 || this._retryTimer !== undefined;
  }

  /**
   * What a snapshot must keep (oldest first): the queue and, while the endpoint is failing, the
   * exports in flight too (a failing endpoint will likely fail them; final ones excepted, they
   * went out with keepalive).
   */
  get _held(): readonly QueuedItem[] {
    if (!this._failing) return this._queue;
    const sending = [...this._sending].flatMap(([batch, final]) => (final ? [] : batch.entries));
    return [...sending, ...this._queue];
  }

  /**
   * Counter items for drops not yet acknowledged by the exporter. `extraOverflow` counts items
   * that will be lost if the page does not come back (cut from a persisted snapshot).
   */
  _pendingCounters(extraOverflow = 0): {
    items: ExportItem[];
    counted: Partial<Record<DropReason, number>>;
  } {
    const items: ExportItem[] = [];
    const counted: Partial<Record<DropReason, number>> = {};
    for (const reason of REASONS) {
      const value = this._dropped[reason] + (reason === 'overflow' ? extraOverflow : 0);
      if (value <= this._acknowledged[reason]) continue;
      counted[reason] = value;
      const counter: Counter = {
        name: DROPPED_COUNTER,
        value,
        start: this._options.start,
        time: this._options.now(),
        attributes: { exporter: this._exporter.name, reason },
      };
      items.push({ kind: 'counter', counter });
    }
    return { items, counted };
  }

  /** Queues a new item (dropping the oldest beyond the bound) and sends when a batch is full. */
  _enqueue(entry: QueuedItem): void {
    if (this._closed) return;
    this._queue.push(entry);
    this._queuedBytes += entry.bytes;
    this._trim();
    this._pump();
  }

  /** Puts older items (persisted by an earlier page) in front of the queue and sends them. */
  _restore(entries: readonly QueuedItem[]): void {
    if (this._closed || entries.length === 0) return;
    this._requeue(entries);
    this._draining = true;
    this._pump();
  }

  /**
   * Sends everything queued without waiting for the batch delay; resolves when nothing is in
   * flight and the queue is empty, or when the lane backs off after a failure.
   */
  _flush(): Promise<void> {
    return new Promise((resolve) => {
      this._idleWaiters.push(resolve);
      this._draining = true;
      this._pump();
      this._notifyIfIdle();
    });
  }

  /**
   * The page is going away: sends what is queued right now, in batches whose bodies fit
   * `budget` (halving a batch whose body was refused). What does not fit stays queued.
   */
  _flushFinal(budget: TrackedKeepaliveBudget): void {
    if (this._closed) return;
    this._clearBatchTimer();
    let limit = this._options.maxBatchItems;
    while (this._queue.length > 0) {
      const batch = this._take(limit);
      if (this._dispatch(batch, budget, true)) continue;
      this._requeue(batch.entries);
      if (batch.entries.length <= 1) break;
      limit = Math.floor(batch.entries.length / 2);
    }
  }

  /** Stops timers and aborts exports in flight; the lane ignores everything afterwards. */
  _close(): void {
    this._closed = true;
    this._clearBatchTimer();
    if (this._retryTimer !== undefined) clearTimeout(this._retryTimer);
    this._retryTimer = undefined;
    for (const controller of this._controllers) controller.abort();
    this._controllers.clear();
    for (const resolve of this._idleWaiters.splice(0)) resolve();
  }

  private _pump(): void {
    if (this._closed) return;
    const { maxBatchItems, maxBatchBytes, maxConcurrentExports, keepalive } = this._options;
    while (
      this._retryTimer === undefined &&
      this._sending.size < maxConcurrentExports &&
      this._queue.length > 0
    ) {
      const full = this._queue.length >= maxBatchItems || this._queuedBytes >= maxBatchBytes;
      if (!full && !this._draining) break;
      this._dispatch(this._take(maxBatchItems), keepalive, false);
    }
    if (this._queue.length === 0) {
      this._draining = false;
      this._clearBatchTimer();
    } else if (!this._draining && this._batchTimer === undefined) {
      this._batchTimer = setTimeout(() => {
        this._batchTimer = undefined;
        this._draining = true;
        this._pump();
      }, this._options.batchDelayMs);
    }
    this._notifyIfIdle();
  }

  /** Takes up to `limit` items (at least one) within the byte limit, plus due counters. */
  private _take(limit: number): Batch {
    const { maxBatchBytes } = this._options;
    let count = 0;
    let bytes = 0;
    for (const entry of this._queue) {
      if (count > 0 && (count >= limit || bytes + entry.bytes > maxBatchBytes)) break;
      count++;
      bytes += entry.bytes;
    }
    const entries = this._queue.splice(0, count);
    this._queuedBytes -= bytes;
    const counters = this._pendingCounters();
    return {
      entries,
      items: [...entries.map((entry) => entry.item), ...counters.items],
      counted: counters.counted,
    };
  }

  /**
   * Calls the exporter. Returns false, with nothing sent, when a final export's claim on the
   * keepalive budget was refused.
   */
  private _dispatch(batch: Batch, budget: TrackedKeepaliveBudget, final: boolean): boolean {
    const controller = new AbortController();
    const refusalsBefore = budget.refusals;
    let pending: Promise<ExportResult>;
    try {
      pending = this._exporter.export(batch.items, {
        signal: controller.signal,
        keepalive: budget,
        final,
      });
    } catch (error) {
      pending = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (final && budget.refusals > refusalsBefore) {
      pending.catch(() => undefined);
      return false;
    }
    this._sending.set(batch, final);
    this._controllers.add(controller);
    let settled = false;
    const settle = (result: ExportResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this._controllers.delete(controller);
      this._sending.delete(batch);
      if (!this._closed) this._settle(batch, result);
    };
    const timer = setTimeout(() => {
      settle({ code: 'retry', reason: `timed out after ${this._options.exportTimeoutMs} ms` });
      controller.abort();
    }, this._options.exportTimeoutMs);
    pending.then(settle, (error: unknown) => {
      settle({ code: 'failed', reason: `exporter threw: ${describe(error)}` });
    });
    return true;
  }

  private _settle(batch: Batch, result: ExportResult): void {
    const { report } = this._options;
    const kind = `export.${this._exporter.name}`;
    if (result.code === 'ok') {
      this._failures = 0;
      this._acknowledge(batch.counted);
    } else if (result.code === 'failed') {
      this._failures = 0;
      this._dropped.failed += batch.entries.length;
      report(kind, new Error(`${result.reason}: ${batch.entries.length} items dropped`));
    } else {
      const retried = result.items;
      const again = retried
        ? batch.entries.filter((entry) => retried.includes(entry.item))
        : batch.entries;
      // Counters that are not asked for again were delivered.
      if (retried && !retried.some((item) => item.kind === 'counter')) {
        this._acknowledge(batch.counted);
      }
      this._requeue(again);
      this._failures++;
      const delay = retryDelay(this._failures, this._options, Math.random, result.retryAfterMs);
      this._retryTimer ??= setTimeout(() => {
        this._retryTimer = undefined;
        this._draining = true;
        this._pump();
      }, delay);
      report(kind, new Error(`${result.reason} (will retry)`));
    }
    try {
      this._options.onSettled();
    } catch (error) {
      report('export.pipeline', error);
    }
    this._pump();
  }

  private _acknowledge(counted: Partial<Record<DropReason, number>>): void {
    for (const reason of REASONS) {
      const value = counted[reason];
      if (value !== undefined && value > this._acknowledged[reason]) {
        this._acknowledged[reason] = value;
      }
    }
  }

  /** Puts entries back in front of the queue (they are the oldest) and applies the bound. */
  private _requeue(entries: readonly QueuedItem[]): void {
    if (entries.length === 0) return;
    this._queue = [...entries, ...this._queue];
    for (const entry of entries) this._queuedBytes += entry.bytes;
    this._trim();
  }

  /** Drops the oldest items beyond `maxQueueItems`, counting them. */
  private _trim(): void {
    const excess = this._queue.length - this._options.maxQueueItems;
    if (excess <= 0) return;
    for (const entry of this._queue.splice(0, excess)) this._queuedBytes -= entry.bytes;
    this._dropped.overflow += excess;
  }

  private _clearBatchTimer(): void {
    if (this._batchTimer !== undefined) clearTimeout(this._batchTimer);
    this._batchTimer = undefined;
  }

  private _notifyIfIdle(): void {
    if (this._idleWaiters.length === 0 || this._sending.size > 0) return;
    if (this._queue.length > 0 && this._retryTimer === undefined) return;
    for (const resolve of this._idleWaiters.splice(0)) resolve();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
