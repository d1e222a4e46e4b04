/**
 * The analysis: samples in, window summaries out, and, with a detector, verdicts and
 * regression events. Pure and usable anywhere (page, worker, Node). The monitor runs one on
 * its sources; `createAnalyzer` (perfwarden/detect) gives one with a detector to code that
 * measures by other means (the CLI, benchmarks, tests).
 */
import type { Baseline } from '../baseline/baseline.js';
import { createEmitter } from '../emitter.js';
import { createErrorReporter } from '../errors.js';
import type { ErrorHandler } from '../errors.js';
import type {
  AnalyzerEvents,
  Context,
  GateReason,
  MetricName,
  Verdict,
  WindowSummary,
} from '../types.js';
import type { Detector, MetricVerdict } from './detector.js';
import { contextKeyOf, Windows } from './windows.js';
import type { ClosedWindow } from './windows.js';

/** Window summaries as the analyzer emits them: with their histogram buckets. */
export interface AnalyzerEventMap extends AnalyzerEvents {
  window: ClosedWindow;
}

/** What the analyzer knows now. */
export interface AnalyzerSnapshot {
  /** Latest time seen (ms). */
  time: number;
  /** Every tested metric per context. */
  verdicts: MetricVerdict[];
  /** The windows still open, summarized so far. */
  windows: WindowSummary[];
  dropped: number;
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
  /**
   * Closes windows that ended by `time` and analyses the blocks they complete; call it about
   * once per window (sparse metrics are counted per block only when it is called).
   */
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
  /** Verdict of one metric in one context (default: no labels), if it is tested. */
  verdict(metric: MetricName, context?: Context): Verdict | undefined;
  /** Verdicts and open windows, now. */
  snapshot(): AnalyzerSnapshot;
  /**
   * The current level of every metric past its warm-up as a one-run baseline (merge runs
   * with `mergeBaselines`; store it with the baseline helpers).
   */
  captureBaseline(): Baseline;
  /** Samples dropped (series limit reached, or not a finite non-negative number). */
  readonly dropped: number;
}

/** Every {@link GateReason}, to check what callers of `interrupt` pass. */
const GATE_REASONS: readonly unknown[] = [
  'hidden',
  'throttled',
  'refresh-rate',
  'context',
  'resize',
  'restore',
  'stop',
] satisfies readonly GateReason[];

/** What an analysis is made of (validated by its owner). */
export interface AnalysisConfig {
  /** Window span in ms; also the detector's block. */
  window: number;
  /** Most (metric, context) series tracked at once. */
  maxSeries: number;
  /** The regression detector, if any, bound to `window` by the analysis's owner. */
  detector?: Detector | undefined;
  /** Receives internal errors (a throwing listener, for instance). */
  onError?: ErrorHandler | undefined;
}

/** Creates an analysis. Nothing runs until samples arrive. */
/* @__NO_SIDE_EFFECTS__ */
export function createAnalysis(config: AnalysisConfig): Analyzer {
  const { window, maxSeries, detector } = config;
  const report = createErrorReporter(config.onError);
  const events = createEmitter<AnalyzerEventMap>(report);
  detector?.on('regression', (regression) => {
    events.emit('regression', regression);
  });
  detector?.on('recovery', (recovery) => {
    events.emit('recovery', recovery);
  });
  detector?.on('environment', (change) => {
    events.emit('environment', change);
  });
  const windows = new Windows({
    duration: window,
    maxSeries,
    onWindow: (summary) => {
      events.emit('window', summary);
      if (detector)
        guard(() => {
          detector.add(summary);
        });
    },
  });
  // Latest time seen (0 before any): snapshots summarize the open windows up to it.
  let latest = 0;

  function guard(run: () => void): void {
    try {
      run();
    } catch (error) {
      report('analyzer.detect', error);
    }
  }

  // What callers pass is checked where it costs nothing per sample (a type test; a context
  // once per object): a sample that is not one is dropped and counted, never thrown at them.
  return {
    add: (metric, value, time, context) => {
      if (typeof metric !== 'string' || typeof value !== 'number' || typeof time !== 'number') {
        windows.dropped++;
        return;
      }
      if (time > latest) latest = time;
      windows.add(metric, value, time, context);
    },
    attribute: (metric, detail, value, time, context) => {
      if (typeof metric !== 'string' || typeof detail !== 'string' || typeof value !== 'number') {
        return;
      }
      windows.attribute(metric, detail, value, time, context);
    },
    tick: (time) => {
      if (!Number.isFinite(time)) return;
      if (time > latest) latest = time;
      windows.closeDue(time);
      if (detector)
        guard(() => {
          detector.analyse(time);
        });
    },
    interrupt: (reason, time) => {
      if (!GATE_REASONS.includes(reason) || !Number.isFinite(time)) {
        report(
          'analyzer.interrupt',
          new TypeError(
            `interrupt(reason, time): reason must be one of ${GATE_REASONS.join(', ')} and time a finite number`,
          ),
        );
        return;
      }
      if (time > latest) latest = time;
      windows.closeAll(time);
      if (detector) {
        guard(() => {
          detector.interrupt(reason);
        });
      }
    },
    on: (event, listener) => events.on(event, listener),
    // Without a detector nothing is tested: no context key to build (the monitor asks at
    // every tick).
    verdict: (metric, context = {}) =>
      detector && typeof metric === 'string' && contextKeyOf(context) !== undefined
        ? detector.verdict(metric, context)
        : undefined,
    snapshot: () => ({
      time: latest,
      verdicts: detector?.verdicts() ?? [],
      windows: windows.open(latest),
      dropped: windows.dropped,
    }),
    captureBaseline: () =>
      detector?.captureBaseline() ?? {
        format: 'perfwarden-baseline',
        version: 1,
        created: new Date().toISOString(),
        window,
        entries: [],
      },
    get dropped() {
      return windows.dropped;
    },
  };
}
