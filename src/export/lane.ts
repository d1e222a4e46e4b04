/**
 * One exporter's lane in the pipeline: its own bounded queue (drop-oldest), batching, in-flight
 * limit, timeout, and retry with backoff. Lanes share nothing but the keepalive budget, so a
 * failing or slow exporter never delays another.
 */
import { describeError } from '../errors.js';
import type { ReportError } from '../errors.js';
import { MAX_TIMER_MS } from '../validate.js';
import { retryDelay } from './backoff.js';
import type { BackoffOptions } from './backoff.js';
import { backgroundTimeout } from './background-timer.js';
import type { Timer } from './background-timer.js';
import type { Counter, ExportContext, ExportItem, ExportResult, Exporter } from './exporter.js';
import { toExportResult } from './export-result.js';
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

/**
 * An item whose export timed out this many times is dropped and counted as `failed`: the
 * endpoint may have received it every time (a server as slow as the timeout answers too late,
 * not never), so retrying it for ever would deliver it for ever.
 */
const MAX_TIMEOUTS_PER_ITEM = 3;

/**
 * After a timeout the lane's next exports may take twice as long, up to this many times
 * `exportTimeoutMs`; an export that settles within `exportTimeoutMs` brings the limit back.
 * A server that is merely slow then gets its answers through instead of receiving every batch
 * again and again.
 */
const MAX_TIMEOUT_GROWTH = 4;

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

/** An export in flight: whether it is final (sent with keepalive at page exit), its abort and timeout. */
interface InFlight {
  readonly final: boolean;
  readonly controller: AbortController;
  timer: Timer | undefined;
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
  /** Exports in flight. */
  private readonly _sending = new Map<Batch, InFlight>();
  /** Consecutive retry results; 0 after a delivery or a permanent failure. */
  private _failures = 0;
  private _retryTimer: Timer | undefined;
  private _batchTimer: Timer | undefined;
  /** Send partial batches until the queue is empty (batch delay elapsed, or flush()). */
  private _draining = false;
  private _closed = false;
  private readonly _idleWaiters: (() => void)[] = [];
  /** How long the next export may take (ms): `exportTimeoutMs`, more after timeouts. */
  private _timeoutMs: number;
  /** How many times each item's export timed out (items that never did are absent). */
  private readonly _timeouts = new WeakMap<QueuedItem, number>();

  constructor(exporter: Exporter, options: LaneOptions) {
    this._exporter = exporter;
    this._options = options;
    this._timeoutMs = options.exportTimeoutMs;
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
    const sending = [...this._sending].flatMap(([batch, { final }]) =>
      final ? [] : batch.entries,
    );
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
    if (this._closed) return Promise.resolve();
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

  /** Stops every timer and aborts exports in flight; the lane ignores everything afterwards. */
  _close(): void {
    this._closed = true;
    this._clearBatchTimer();
    if (this._retryTimer !== undefined) clearTimeout(this._retryTimer);
    this._retryTimer = undefined;
    for (const flight of this._sending.values()) {
      clearTimeout(flight.timer);
      flight.controller.abort();
    }
    this._sending.clear();
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
      this._batchTimer = backgroundTimeout(() => {
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
    const pending = this._callExporter(batch, {
      signal: controller.signal,
      keepalive: budget,
      final,
    });
    if (final && budget.refusals > refusalsBefore) return false;
    const limit = this._timeoutMs;
    const startedAt = this._options.now();
    const flight: InFlight = { final, controller, timer: undefined };
    this._sending.set(batch, flight);
    let settled = false;
    const settle = (result: ExportResult, timedOut: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(flight.timer);
      this._sending.delete(batch);
      if (this._closed) return;
      try {
        this._adaptTimeout(timedOut, this._options.now() - startedAt);
        this._settle(batch, result, timedOut);
      } catch (error) {
        // Runs in a promise callback: a throw here would be an unhandled rejection in the page.
        this._options.report('export.pipeline', error);
      }
    };
    flight.timer = backgroundTimeout(() => {
      settle({ code: 'retry', reason: `timed out after ${limit} ms` }, true);
      controller.abort();
    }, limit);
    void pending.then((result) => {
      settle(result, false);
    });
    return true;
  }

  /**
   * Calls the exporter and resolves a well-formed result whatever it does: throw, return
   * nothing or something that is not a promise, reject with anything, resolve garbage.
   */
  private _callExporter(batch: Batch, context: ExportContext): Promise<ExportResult> {
    const threw = (error: unknown): ExportResult => ({
      code: 'failed',
      reason: `exporter threw: ${describeError(error)}`,
    });
    let returned: unknown;
    try {
      returned = this._exporter.export(batch.items, context);
    } catch (error) {
      return Promise.resolve(threw(error));
    }
    return Promise.resolve(returned).then(toExportResult, threw);
  }

  /** A timeout raises the limit of the next exports; an export within the configured one resets it. */
  private _adaptTimeout(timedOut: boolean, elapsed: number): void {
    const { exportTimeoutMs } = this._options;
    if (timedOut) {
      const ceiling = Math.min(exportTimeoutMs * MAX_TIMEOUT_GROWTH, MAX_TIMER_MS);
      this._timeoutMs = Math.min(this._timeoutMs * 2, ceiling);
    } else if (elapsed < exportTimeoutMs) {
      this._timeoutMs = exportTimeoutMs;
    }
  }

  /**
   * Counts a timeout against each entry and returns those that may be tried again; the ones
   * that timed out {@link MAX_TIMEOUTS_PER_ITEM} times are dropped and counted.
   */
  private _afterTimeout(entries: readonly QueuedItem[]): QueuedItem[] {
    const kept: QueuedItem[] = [];
    for (const entry of entries) {
      const timeouts = (this._timeouts.get(entry) ?? 0) + 1;
      if (timeouts < MAX_TIMEOUTS_PER_ITEM) {
        this._timeouts.set(entry, timeouts);
        kept.push(entry);
      }
    }
    const dropped = entries.length - kept.length;
    if (dropped > 0) {
      this._dropped.failed += dropped;
      this._options.report(
        `export.${this._exporter.name}`,
        new Error(`timed out ${MAX_TIMEOUTS_PER_ITEM} times: ${dropped} items dropped`),
      );
    }
    return kept;
  }

  private _settle(batch: Batch, result: ExportResult, timedOut: boolean): void {
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
      const asked = retried
        ? batch.entries.filter((entry) => retried.includes(entry.item))
        : batch.entries;
      // Counters that are not asked for again were delivered.
      if (
        retried &&
        !batch.items.some((item) => item.kind === 'counter' && retried.includes(item))
      ) {
        this._acknowledge(batch.counted);
      }
      const again = timedOut ? this._afterTimeout(asked) : asked;
      this._requeue(again);
      this._failures++;
      const delay = retryDelay(this._failures, this._options, Math.random, result.retryAfterMs);
      this._retryTimer ??= backgroundTimeout(() => {
        this._retryTimer = undefined;
        this._draining = true;
        this._pump();
      }, delay);
      if (again.length > 0) report(kind, new Error(`${result.reason} (will retry)`));
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
