/**
 * Export windows: what leaves the page is coarser than what the detector analyses. The
 * pipeline merges the analysis windows (1 s by default) of each metric and context into export
 * windows of `windowMs` (default 60 s, OpenTelemetry's default metric export interval), on a
 * grid like the analyzer's (`floor(start / windowMs) · windowMs`), so that a page sends one
 * window per metric, context and minute rather than one per second. Regressions, recoveries
 * and counters are not held: they pass straight through.
 *
 * An export window leaves when it is complete (a merged window reached its end), when a later
 * window of the same metric and context belongs to a later export window, when it is
 * `LATE_WINDOW_MS` past its end (a timer, for metrics whose last window never completes it),
 * and on every flush: `flush()`, `shutdown()` and the final flush of a hidden or unloaded
 * page send the export windows still open, merged so far.
 */
import { histogramFromJSON } from '../stats/histogram.js';
import type { LogHistogram } from '../stats/histogram.js';
import { MAX_TIMER_MS } from '../validate.js';
import {
  contextKeyOf,
  MAX_ATTRIBUTION_KEYS,
  OTHER_ATTRIBUTION,
  summarize,
} from '../analysis/windows.js';
import type { ClosedWindow } from '../analysis/windows.js';
import { backgroundTimeout } from './background-timer.js';
import type { Timer } from './background-timer.js';
import type { ExportItem } from './exporter.js';

/**
 * How long past its end an incomplete export window waits for the analysis window that would
 * complete it (ms). The monitor closes the windows of sparse metrics on its 1 s tick, so the
 * last one of an export window arrives within about a second of its end.
 */
export const LATE_WINDOW_MS = 2000;

type WindowItem = Extract<ExportItem, { kind: 'window' }>;

/** The analysis windows merged so far into one export window of one metric and context. */
interface OpenExportWindow {
  /** The first window's item: sent as it is when no other window joined it. */
  readonly first: WindowItem;
  /** Start of the export window on the grid. */
  readonly slot: number;
  /** Earliest start and latest end of the merged windows. */
  start: number;
  end: number;
  /** Windows merged. */
  merged: number;
  /** Their merged distribution, from the second window on. */
  histogram: LogHistogram | undefined;
  /** Their attribution tallies added up, from the second window on, if any had one. */
  attribution: Map<string, number> | undefined;
  /** Pipeline clock time (ms) by which it leaves, complete or not. */
  readonly dueAt: number;
}

export interface ExportWindowsOptions {
  /** Span of an export window (ms). */
  windowMs: number;
  /** Most export windows open at once: beyond it the oldest leaves early. */
  maxOpen: number;
  /** The pipeline's clock (ms). */
  now: () => number;
  /** Receives every item that leaves, in order. Must not throw. */
  emit: (item: ExportItem) => void;
  /** Receives what the timer's work throws (nothing may throw in a timer). */
  report: (kind: string, error: unknown) => void;
}

/** Merges window items into export windows; passes every other item on at once. */
export class ExportWindows {
  private readonly _options: ExportWindowsOptions;
  /** Open export windows by metric and context key, oldest first. */
  private readonly _open = new Map<string, OpenExportWindow>();
  private _timer: Timer | undefined;
  /** When the pending timer fires (pipeline clock). */
  private _timerAt = Infinity;

  constructor(options: ExportWindowsOptions) {
    this._options = options;
  }

  /** Takes one item: a window is merged into its export window, anything else passes on. */
  add(item: ExportItem): void {
    if (item.kind !== 'window') {
      this._options.emit(item);
      return;
    }
    const { window } = item;
    const key = mergeKey(window);
    if (key === undefined) {
      // Not a window this pipeline can merge (pushed by hand, malformed): sent as it is.
      this._options.emit(item);
      return;
    }
    const span = this._options.windowMs;
    const slot = Math.floor(window.start / span) * span;
    let open = this._open.get(key);
    if (open && (open.slot !== slot || !merge(open, window))) {
      this._release(key, open);
      open = undefined;
    }
    if (open === undefined) {
      // A window that fills its export window alone (windowMs no longer than the analysis
      // window) leaves at once, unchanged.
      if (window.end >= slot + span) {
        this._options.emit(item);
        return;
      }
      this._openWindow(key, item, slot);
      return;
    }
    if (open.end >= slot + span) this._release(key, open);
  }

  /** Sends every open export window now, merged so far; no timer is left pending. */
  flush(): void {
    for (const [key, open] of this._open) this._release(key, open);
    this._clearTimer();
  }

  private _openWindow(key: string, item: WindowItem, slot: number): void {
    const { window } = item;
    const { now, windowMs, maxOpen } = this._options;
    if (this._open.size >= maxOpen) {
      const [oldestKey, oldest] = this._open.entries().next().value ?? [];
      if (oldestKey !== undefined && oldest) this._release(oldestKey, oldest);
    }
    // Windows arrive as they close, at about their end: the time left is counted from now on
    // the pipeline's clock, whatever clock the windows' times come from.
    const left = Math.max(0, slot + windowMs - window.end);
    const dueAt = now() + left + LATE_WINDOW_MS;
    this._open.set(key, {
      first: item,
      slot,
      start: window.start,
      end: window.end,
      merged: 1,
      histogram: undefined,
      attribution: undefined,
      dueAt,
    });
    if (dueAt < this._timerAt) this._schedule(dueAt);
  }

  private _release(key: string, open: OpenExportWindow): void {
    this._open.delete(key);
    this._options.emit(open.merged === 1 ? open.first : { kind: 'window', window: merged(open) });
  }

  private _schedule(at: number): void {
    this._clearTimer();
    this._timerAt = at;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, at - this._options.now()));
    this._timer = backgroundTimeout(this._onTimer, delay);
  }

  private _clearTimer(): void {
    clearTimeout(this._timer);
    this._timer = undefined;
    this._timerAt = Infinity;
  }

  private readonly _onTimer = (): void => {
    this._timer = undefined;
    this._timerAt = Infinity;
    try {
      const time = this._options.now();
      let next = Infinity;
      for (const [key, open] of this._open) {
        if (open.dueAt <= time) this._release(key, open);
        else next = Math.min(next, open.dueAt);
      }
      if (next < Infinity) this._schedule(next);
    } catch (error) {
      this._options.report('export.windows', error);
    }
  };
}

/**
 * The key of a window's metric and context, or undefined for a window that cannot be merged
 * (times that are not numbers, labels that are not strings, no histogram).
 */
function mergeKey(window: ClosedWindow): string | undefined {
  // Items can be pushed by hand: nothing about them is taken for granted.
  const { metric, start, end, histogram } = window as Partial<Record<keyof ClosedWindow, unknown>>;
  if (typeof metric !== 'string' || typeof histogram !== 'object' || histogram === null) {
    return undefined;
  }
  if (!(Number.isFinite(start) && Number.isFinite(end))) return undefined;
  const context = contextKeyOf(window.context);
  return context === undefined ? undefined : JSON.stringify(metric) + context;
}

/** Adds `window` to `open`; false (and `open` unchanged) when its histogram does not fit. */
function merge(open: OpenExportWindow, window: ClosedWindow): boolean {
  try {
    open.histogram ??= histogramFromJSON(open.first.window.histogram);
    // Validates before it changes anything: a throw leaves the merged histogram as it was.
    open.histogram.merge(window.histogram);
  } catch {
    return false;
  }
  open.merged++;
  open.start = Math.min(open.start, window.start);
  open.end = Math.max(open.end, window.end);
  const first = open.first.window.attribution;
  if (first !== undefined || window.attribution !== undefined || open.attribution !== undefined) {
    open.attribution ??= new Map(Object.entries(first ?? {}));
    for (const [detail, amount] of Object.entries(window.attribution ?? {})) {
      open.attribution.set(detail, (open.attribution.get(detail) ?? 0) + amount);
    }
  }
  return true;
}

/** The export window of two or more merged windows, summarized from their merged histogram. */
function merged(open: OpenExportWindow): ClosedWindow {
  const { metric, context } = open.first.window;
  const histogram = open.histogram;
  if (histogram === undefined) return open.first.window;
  const window = summarize(metric, context, open.start, open.end, histogram) as ClosedWindow;
  window.histogram = histogram.toJSON();
  if (open.attribution && open.attribution.size > 0) {
    window.attribution = capAttribution(open.attribution);
  }
  return window;
}

/**
 * At most `MAX_ATTRIBUTION_KEYS` details, like an analysis window: the largest stay, the rest
 * are added to `(other)`, so that the tallies still add up.
 */
function capAttribution(tally: Map<string, number>): Record<string, number> {
  const details = [...tally].filter(([detail]) => detail !== OTHER_ATTRIBUTION);
  if (details.length <= MAX_ATTRIBUTION_KEYS) return Object.fromEntries(tally);
  details.sort((a, b) => b[1] - a[1]);
  let other = tally.get(OTHER_ATTRIBUTION) ?? 0;
  for (const [, amount] of details.slice(MAX_ATTRIBUTION_KEYS)) other += amount;
  return Object.fromEntries([
    ...details.slice(0, MAX_ATTRIBUTION_KEYS),
    [OTHER_ATTRIBUTION, other],
  ]);
}
