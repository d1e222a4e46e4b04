/**
 * The delivery pipeline: the one place that batches, bounds, retries and flushes, shared by
 * every exporter (see `exporter.ts` for what exporters do). Each exporter gets its own lane
 * (`lane.ts`), so a failing one never delays another; the lanes share the keepalive budget for
 * the final flush when the page is hidden or unloaded.
 */
import { createErrorReporter } from '../errors.js';
import type { ErrorHandler } from '../errors.js';
import type { Stop } from '../types.js';
import type { ExportItem, Exporter } from './exporter.js';
import { createKeepaliveBudget, DEFAULT_KEEPALIVE_BYTES } from './keepalive-budget.js';
import { ExportLane } from './lane.js';
import type { DropReason, QueuedItem } from './lane.js';
import { watchPageLifecycle } from './page-lifecycle.js';
import type { PersistedSnapshot, PersistStore } from './persistence.js';
import { scrubUrls } from './scrub.js';

export interface PipelineOptions {
  /** Where items go; each needs a distinct `name`. */
  exporters: readonly Exporter[];
  /** Most items per export call (drop counters ride along). Default 50. */
  maxBatchItems?: number;
  /** Most estimated bytes (JSON characters) per export call. Default 16 000. */
  maxBatchBytes?: number;
  /** Longest an item waits for its batch to fill (ms). Default 5000. */
  batchDelayMs?: number;
  /** Most items waiting per exporter; beyond it the oldest are dropped and counted. Default 1000. */
  maxQueueItems?: number;
  /** An export that has not settled by then is aborted and retried (ms). Default 10 000. */
  exportTimeoutMs?: number;
  /** Most export calls in flight per exporter. Default 2. */
  maxConcurrentExports?: number;
  /** Backoff ceiling after the first failure; doubles per failure, with jitter (ms). Default 1000. */
  retryDelayMs?: number;
  /** Largest backoff, also caps a server's `Retry-After` (ms). Default 60 000. */
  maxRetryDelayMs?: number;
  /** Bytes of keepalive bodies in flight, shared by all exporters. Default 60 000. */
  keepaliveBytes?: number;
  /** Keeps what could not be sent when the page went away, for the next load (`indexedDBStore()`). */
  persist?: PersistStore;
  /**
   * Sees every item (after URL scrubbing) before it is queued: return it, a changed copy, or
   * `null` to drop it. A throwing hook drops the item and reports the error.
   */
  beforeSend?: (item: ExportItem) => ExportItem | null;
  /** Strip query strings and fragments from URLs in items (default true). */
  scrubUrls?: boolean;
  /** Receives internal errors (failed exports, retries, storage errors), deduplicated. */
  onError?: ErrorHandler;
}

/** The pipeline. Nothing happens at creation; `start()` attaches the page-lifecycle hooks. */
export interface Pipeline {
  /** Queues one item for every exporter. Cheap; never throws. */
  push(item: ExportItem): void;
  /**
   * Attaches the page-lifecycle hooks (final flush on hidden / pagehide) and delivers what an
   * earlier page persisted. Returns the function that detaches the hooks.
   */
  start(): Stop;
  /** Sends everything queued now; resolves when the exports settled (or back off). */
  flush(): Promise<void>;
  /** Flushes, detaches, and shuts the exporters down. Later pushes are ignored. */
  shutdown(): Promise<void>;
  /** Items dropped so far per exporter name and reason (these are also exported as counters). */
  dropped(): Record<string, Record<DropReason, number>>;
}

const DEFAULTS = {
  maxBatchItems: 50,
  maxBatchBytes: 16_000,
  batchDelayMs: 5000,
  maxQueueItems: 1000,
  exportTimeoutMs: 10_000,
  maxConcurrentExports: 2,
  retryDelayMs: 1000,
  maxRetryDelayMs: 60_000,
  keepaliveBytes: DEFAULT_KEEPALIVE_BYTES,
} as const;

type NumericOption = keyof typeof DEFAULTS;
const ITEM_KINDS: ReadonlySet<string> = new Set(['window', 'regression', 'recovery', 'counter']);

/** Creates the delivery pipeline. Throws a `TypeError` naming the option when one is wrong. */
/* @__NO_SIDE_EFFECTS__ */
export function createPipeline(options: PipelineOptions): Pipeline {
  const settings = validate(options);
  const report = createErrorReporter(options.onError);
  const { persist, beforeSend } = options;
  const scrub = options.scrubUrls ?? true;
  const now = (): number =>
    typeof performance === 'undefined' ? Date.now() : performance.timeOrigin + performance.now();
  const budget = createKeepaliveBudget(settings.keepaliveBytes);
  const pageId = Date.now().toString(36) + Math.random().toString(36).slice(2);
  let hidden = false;
  let saved = false;
  let closed = false;
  let restored = false;
  /** Within the task of a hidden / pagehide event: pushes then are sent at once. */
  let exiting = false;
  let exitFlushQueued = false;
  let detach: Stop | undefined;

  const lanes = options.exporters.map(
    (exporter) =>
      new ExportLane(exporter, {
        ...settings,
        keepalive: budget,
        report,
        now,
        start: now(),
        onSettled: () => {
          save();
        },
      }),
  );
  const laneByName = new Map(lanes.map((lane) => [lane._exporter.name, lane]));

  /** Sends what every lane holds within the keepalive budget, a fair share each first. */
  const finalFlush = (): void => {
    // With a store, a lane whose endpoint is failing keeps its items for the next load instead.
    const sending = lanes.filter((lane) => lane._queued.length > 0 && !(persist && lane._failing));
    if (sending.length === 0) return;
    const share = Math.floor((settings.keepaliveBytes - budget.inFlight) / sending.length);
    for (const lane of sending) lane._flushFinal(createKeepaliveBudget(share, budget));
    for (const lane of sending) lane._flushFinal(budget);
  };

  /**
   * Saves what is undelivered (newest first within the store's cap), or clears it. Written
   * ahead, after every failed export, not only at page exit: a write started while the page
   * unloads may not commit.
   */
  const save = (): void => {
    if (!persist) return;
    const share = Math.floor(persist.maxBytes / Math.max(1, lanes.length));
    const snapshot: PersistedSnapshot = { id: pageId, savedAt: Date.now(), lanes: {} };
    let empty = true;
    for (const lane of lanes) {
      // While the page is visible only failing endpoints need a copy; at exit, all that is left.
      if (!hidden && !lane._failing) continue;
      const held = lane._held;
      const kept = newestWithin(held, share);
      // Items cut from the snapshot are lost if this page never comes back: count them there.
      const counters = lane._pendingCounters(held.length - kept.length).items;
      const items = [...kept.map((entry) => entry.item), ...counters];
      if (items.length === 0) continue;
      snapshot.lanes[lane._exporter.name] = items;
      empty = false;
    }
    if (empty) {
      unsave();
      return;
    }
    saved = true;
    persist.save(snapshot).catch(reportPersistError);
  };

  /** Deletes this page's snapshot: nothing in it needs keeping any more. */
  const unsave = (): void => {
    if (!persist || !saved) return;
    saved = false;
    persist.remove(pageId).catch(reportPersistError);
  };

  const reportPersistError = (error: unknown): void => {
    report('export.persist', error);
  };

  const sendAtExit = (): void => {
    finalFlush();
    save();
  };

  const onHidden = (): void => {
    hidden = true;
    exiting = true;
    // Never runs if the page is gone; in a background tab, later pushes batch as usual again.
    setTimeout(() => {
      exiting = false;
    }, 0);
    sendAtExit();
  };

  const restore = (): void => {
    if (!persist || restored) return;
    restored = true;
    persist.takeAll(pageId).then((snapshots) => {
      snapshots.sort((a, b) => b.savedAt - a.savedAt);
      // Newest first, each put in front: the oldest snapshot ends up first in the queue.
      for (const snapshot of snapshots) {
        for (const [name, items] of Object.entries(snapshot.lanes)) {
          laneByName.get(name)?._restore(items.flatMap(toQueuedItem));
        }
      }
    }, reportPersistError);
  };

  const flush = async (): Promise<void> => {
    await Promise.all(lanes.map((lane) => lane._flush()));
  };

  return {
    push(item) {
      if (closed) return;
      let next: ExportItem | null = item;
      let bytes: number;
      try {
        if (!ITEM_KINDS.has((item as Partial<ExportItem> | null)?.kind ?? '')) {
          throw new TypeError(`not an export item (${typeof item})`);
        }
        if (scrub) next = scrubUrls(next);
        if (beforeSend) next = beforeSend(next);
        if (!next) return;
        bytes = JSON.stringify(next).length;
      } catch (error) {
        report('export.push', error);
        return;
      }
      const entry: QueuedItem = { item: next, bytes };
      for (const lane of lanes) lane._enqueue(entry);
      // Pushed by another listener of the event that hid the page (the windows it closed):
      // send them in this task still, right after that listener.
      if (exiting && !exitFlushQueued) {
        exitFlushQueued = true;
        queueMicrotask(() => {
          exitFlushQueued = false;
          if (!closed) sendAtExit();
        });
      }
    },
    start() {
      if (!closed && !detach) {
        detach = watchPageLifecycle({
          hidden: onHidden,
          visible: () => {
            hidden = false;
            save();
          },
        });
        restore();
      }
      return () => {
        detach?.();
        detach = undefined;
      };
    },
    flush,
    async shutdown() {
      if (closed) return;
      detach?.();
      detach = undefined;
      await flush();
      closed = true;
      for (const lane of lanes) lane._close();
      await Promise.all(
        lanes.map(async ({ _exporter: exporter }) => {
          try {
            await exporter.shutdown?.();
          } catch (error) {
            report(`export.${exporter.name}`, error);
          }
        }),
      );
    },
    dropped() {
      return Object.fromEntries(lanes.map((lane) => [lane._exporter.name, { ...lane._dropped }]));
    },
  };
}

/** The newest entries whose sizes add up to at most `bytes`, oldest first. */
function newestWithin(entries: readonly QueuedItem[], bytes: number): readonly QueuedItem[] {
  let total = 0;
  let first = entries.length;
  while (first > 0) {
    const size = entries[first - 1]?.bytes ?? 0;
    if (total + size > bytes) break;
    total += size;
    first--;
  }
  return entries.slice(first);
}

function toQueuedItem(item: ExportItem): QueuedItem[] {
  try {
    return [{ item, bytes: JSON.stringify(item).length }];
  } catch {
    return [];
  }
}

function validate(options: PipelineOptions): Record<NumericOption, number> {
  if (typeof options !== 'object' || !Array.isArray(options.exporters)) {
    throw new TypeError('createPipeline: option "exporters" must be an array of exporters');
  }
  const names = new Set<string>();
  for (const exporter of options.exporters as unknown[]) {
    const candidate = exporter as Partial<Exporter> | null;
    if (typeof candidate?.export !== 'function' || typeof candidate.name !== 'string') {
      throw new TypeError(
        'createPipeline: option "exporters" must hold exporters (objects with a name and an export function)',
      );
    }
    if (names.has(candidate.name)) {
      throw new TypeError(
        `createPipeline: option "exporters" has two exporters named "${candidate.name}": give each a distinct name`,
      );
    }
    names.add(candidate.name);
  }
  if (options.beforeSend !== undefined && typeof options.beforeSend !== 'function') {
    throw new TypeError('createPipeline: option "beforeSend" must be a function');
  }
  const settings = { ...DEFAULTS } as Record<NumericOption, number>;
  for (const key of Object.keys(DEFAULTS) as NumericOption[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (!(Number.isInteger(value) && value > 0)) {
      throw new TypeError(
        `createPipeline: option "${key}" must be a positive integer, got ${String(value)}`,
      );
    }
    settings[key] = value;
  }
  return settings;
}
