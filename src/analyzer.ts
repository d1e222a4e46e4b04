/**
 * The analysis half of perfwarden, pure and usable anywhere (page, worker, Node, CLI,
 * benchmarks): samples in, window summaries and regression events out.
 */
import { createEmitter } from './emitter.js';
import { createErrorReporter } from './errors.js';
import type { ErrorHandler } from './errors.js';
import type { AnalyzerEvents, Context, GateReason, MetricName } from './types.js';
import { Windows } from './windows.js';
import type { ClosedWindow } from './windows.js';

export interface AnalyzerOptions {
  /** Window span in ms. Default 1000. */
  window?: number;
  /** Most (metric, context) series tracked at once. Default 512. */
  maxSeries?: number;
  /** Receives internal errors (a throwing listener, for instance). */
  onError?: ErrorHandler;
}

/** Window summaries as the analyzer emits them: with their histogram buckets. */
export interface AnalyzerEventMap extends AnalyzerEvents {
  window: ClosedWindow;
}

export interface Analyzer {
  /**
   * Adds one measurement. Pass the same `context` object while it does not change: the
   * lookup is then allocation-free.
   */
  add(metric: MetricName, value: number, time: number, context?: Context): void;
  /**
   * Attributes `value` of `metric` to `detail` in the current window, e.g. the ms of a long
   * animation frame spent in one script (`attribute('loaf', scriptURL, ms, time)`). Closed
   * windows carry the tally in `attribution`; hints name what grew.
   */
  attribute(
    metric: MetricName,
    detail: string,
    value: number,
    time: number,
    context?: Context,
  ): void;
  /** Closes windows that ended by `time`; call it periodically when samples are sparse. */
  tick(time: number): void;
  /**
   * Marks a break in the data (page hidden, throttled frames, refresh-rate or context
   * change): open windows close at `time` and nothing before it is compared with what follows.
   */
  interrupt(reason: GateReason, time: number): void;
  /** Subscribes to `window`, `regression` or `recovery`; returns the unsubscribe. */
  on<E extends keyof AnalyzerEventMap>(
    event: E,
    listener: (payload: AnalyzerEventMap[E]) => void,
  ): () => void;
  /** Samples dropped (series limit reached, or not a finite non-negative number). */
  readonly dropped: number;
}

const DEFAULT_WINDOW_MS = 1000;
const DEFAULT_MAX_SERIES = 512;

/** Creates an analyzer. Nothing runs until samples arrive. */
/* @__NO_SIDE_EFFECTS__ */
export function createAnalyzer(options: AnalyzerOptions = {}): Analyzer {
  const { window = DEFAULT_WINDOW_MS, maxSeries = DEFAULT_MAX_SERIES, onError } = options;
  if (!(window > 0 && Number.isFinite(window))) {
    throw new TypeError(
      `createAnalyzer: option "window" must be a positive number of ms, got ${String(window)}`,
    );
  }
  if (!(Number.isInteger(maxSeries) && maxSeries > 0)) {
    throw new TypeError(
      `createAnalyzer: option "maxSeries" must be a positive integer, got ${String(maxSeries)}`,
    );
  }
  const report = createErrorReporter(onError);
  const events = createEmitter<AnalyzerEventMap>(report);
  const windows = new Windows({
    duration: window,
    maxSeries,
    onWindow: (summary) => {
      events.emit('window', summary);
    },
  });

  return {
    add: (metric, value, time, context) => {
      windows.add(metric, value, time, context);
    },
    attribute: (metric, detail, value, time, context) => {
      windows.attribute(metric, detail, value, time, context);
    },
    tick: (time) => {
      windows.closeDue(time);
    },
    interrupt: (_reason, time) => {
      windows.closeAll(time);
    },
    on: (event, listener) => events.on(event, listener),
    get dropped() {
      return windows.dropped;
    },
  };
}
