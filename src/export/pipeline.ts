/**
 * The delivery pipeline: the one place that merges windows into export windows, batches,
 * bounds, retries and flushes, shared by every exporter (see `exporter.ts` for what exporters
 * do). Windows first go through `coarsen.ts`; then each exporter gets its own lane
 * (`lane.ts`), so a failing one never delays another; the lanes share the keepalive budget for
 * the final flush when the page is hidden or unloaded.
 */
import { createErrorReporter } from '../errors.js';
import type { Stop } from '../types.js';
import { backgroundTimeout } from './background-timer.js';
import { ExportWindows } from './coarsen.js';
import type { ExportItem, Exporter } from './exporter.js';
import { createKeepaliveBudget } from './keepalive-budget.js';
import { ExportLane } from './lane.js';
import type { DropReason, QueuedItem } from './lane.js';
import { watchPageLifecycle } from '../page/lifecycle.js';
import { now } from '../page/clock.js';
import { PageSnapshot } from './page-snapshot.js';
import { resolvePipelineOptions } from './pipeline-options.js';
import type { PipelineOptions } from './pipeline-options.js';
import { scrubUrls } from './scrub.js';

export type { PipelineOptions } from './pipeline-options.js';

/**
 * The pipeline. Nothing happens at creation; `start()` attaches the page-lifecycle hooks. No
 * method throws or rejects, whatever the exporters, the store or `beforeSend` do: their
 * errors go to `onError`.
 */
export interface Pipeline {
  /**
   * Queues one item for every exporter. A window is first merged into its export window
   * (`windowMs`), which is queued when it ends; events and counters are queued at once.
   * Cheap; never throws.
   */
  push(item: ExportItem): void;
  /**
   * Attaches the page-lifecycle hooks (final flush on hidden / pagehide) and delivers what an
   * earlier page persisted. Returns the function that detaches the hooks.
   */
  start(): Stop;
  /**
   * Sends everything queued now, the export windows still open included (merged so far);
   * resolves when the exports settled (or back off).
   */
  flush(): Promise<void>;
  /**
   * Detaches, flushes what it can (waiting at most `exportTimeoutMs`), stops every timer,
   * aborts what is still in flight and shuts the exporters down (waiting for them at most
   * `exportTimeoutMs` too). Later pushes are ignored; calling it again returns the same
   * promise.
   */
  shutdown(): Promise<void>;
  /** Items dropped so far per exporter name and reason (these are also exported as counters). */
  dropped(): Record<string, Record<DropReason, number>>;
}

const ITEM_KINDS: ReadonlySet<string> = new Set(['window', 'regression', 'recovery', 'counter']);

/** Creates the delivery pipeline. Throws a `TypeError` naming the option when one is wrong. */
/* @__NO_SIDE_EFFECTS__ */
export function createPipeline(options: PipelineOptions): Pipeline {
  const settings = resolvePipelineOptions(options);
  const { persist, beforeSend, scrubUrls: scrub } = settings;
  const report = createErrorReporter(settings.onError);
  const budget = createKeepaliveBudget(settings.keepaliveBytes);
  let hidden = false;
  let closed = false;
  /** Within the task of a hidden / pagehide event: pushes then are sent at once. */
  let exiting = false;
  let exitFlushQueued = false;
  let detach: Stop | undefined;
  let shutdownDone: Promise<void> | undefined;

  const lanes = settings.exporters.map(
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
  // Undelivered items are written ahead to the store, if there is one (page-snapshot.ts).
  const snapshot = persist && new PageSnapshot(persist, lanes, report);
  const save = (): void => {
    snapshot?.save(hidden);
  };

  /** Scrubs an item, runs `beforeSend` and queues the result in every lane. Never throws. */
  const enqueue = (item: ExportItem): void => {
    try {
      let next: ExportItem | null = item;
      if (scrub) next = scrubUrls(next);
      if (beforeSend) next = beforeSend(next);
      if (next === null) return;
      if (!isExportItem(next)) {
        throw new TypeError(`beforeSend returned something that is not an item or null`);
      }
      const entry: QueuedItem = { item: next, bytes: JSON.stringify(next).length };
      for (const lane of lanes) lane._enqueue(entry);
    } catch (error) {
      report('export.push', error);
    }
  };
  const exportWindows = new ExportWindows({
    windowMs: settings.windowMs,
    maxOpen: settings.maxQueueItems,
    now,
    emit: enqueue,
    report,
  });

  /** `run` in a `try`: what it throws is reported under `kind`, never thrown to the caller. */
  const guarded = (kind: string, run: () => void) => (): void => {
    try {
      run();
    } catch (error) {
      report(kind, error);
    }
  };

  /** Sends what every lane holds within the keepalive budget, a fair share each first. */
  const finalFlush = (): void => {
    // With a store, a lane whose endpoint is failing keeps its items for the next load instead.
    const sending = lanes.filter((lane) => lane._queued.length > 0 && !(persist && lane._failing));
    if (sending.length === 0) return;
    const share = Math.floor((settings.keepaliveBytes - budget.inFlight) / sending.length);
    for (const lane of sending) lane._flushFinal(createKeepaliveBudget(share, budget));
    for (const lane of sending) lane._flushFinal(budget);
  };

  const sendAtExit = guarded('export.lifecycle', () => {
    exportWindows.flush();
    finalFlush();
    save();
  });

  const onHidden = guarded('export.lifecycle', () => {
    hidden = true;
    exiting = true;
    // Never runs if the page is gone; in a background tab, later pushes batch as usual again.
    backgroundTimeout(() => {
      exiting = false;
    }, 0);
    sendAtExit();
  });

  const onVisible = guarded('export.lifecycle', () => {
    hidden = false;
    save();
  });

  const releaseExportWindows = guarded('export.windows', () => {
    exportWindows.flush();
  });

  const flush = (): Promise<void> => {
    releaseExportWindows();
    return Promise.all(lanes.map((lane) => lane._flush())).then(
      () => undefined,
      (error: unknown) => {
        report('export.flush', error);
      },
    );
  };

  /** Resolves when `promise` settles or after `ms`, whichever comes first; never rejects. */
  const within = (promise: Promise<unknown>, ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const timer = backgroundTimeout(resolve, ms);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      promise.then(done, done);
    });

  const shutDownExporter = async (exporter: Exporter): Promise<void> => {
    try {
      await exporter.shutdown?.();
    } catch (error) {
      report(`export.${exporter.name}`, error);
    }
  };

  const stopWatching = guarded('export.lifecycle', () => {
    const stop = detach;
    detach = undefined;
    stop?.();
  });

  const shutDown = async (): Promise<void> => {
    stopWatching();
    await within(flush(), settings.exportTimeoutMs);
    closed = true;
    // Leaves no timer behind. Windows pushed while the lanes flushed come too late, like any
    // item queued then: the lanes close next.
    exportWindows.flush();
    for (const lane of lanes) lane._close();
    await within(
      Promise.all(lanes.map((lane) => shutDownExporter(lane._exporter))),
      settings.exportTimeoutMs,
    );
  };

  return {
    push(item) {
      if (closed) return;
      try {
        if (!isExportItem(item)) throw new TypeError(`not an export item (${typeof item})`);
        exportWindows.add(item);
      } catch (error) {
        report('export.push', error);
        return;
      }
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
        try {
          // Kept before anything else runs, so that the returned function can always detach.
          detach = watchPageLifecycle({ hidden: onHidden, visible: onVisible });
          snapshot?.restore();
        } catch (error) {
          report('export.start', error);
        }
      }
      return stopWatching;
    },
    flush,
    shutdown() {
      shutdownDone ??= shutDown().catch((error: unknown) => {
        report('export.shutdown', error);
      });
      return shutdownDone;
    },
    dropped() {
      return Object.fromEntries(lanes.map((lane) => [lane._exporter.name, { ...lane._dropped }]));
    },
  };
}

function isExportItem(value: unknown): value is ExportItem {
  return ITEM_KINDS.has((value as Partial<ExportItem> | null)?.kind ?? '');
}
