/**
 * The analysis half of perfwarden, pure and usable anywhere (page, worker, Node, CLI,
 * benchmarks): samples in, window summaries, verdicts and regression events out.
 */
import { DEFAULT_WATCHED } from '../detect/budget.js';
import { parseBaseline } from '../detect/baseline.js';
import type { Baseline } from '../detect/baseline.js';
import { Detection } from '../detect/detection.js';
import type { MetricVerdict } from '../detect/detection.js';
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
import {
  functionOption,
  invalidOption,
  numberOption,
  optionsObject,
  rejectUnknown,
} from '../validate.js';

import { contextKeyOf, Windows } from './windows.js';
import type { ClosedWindow } from './windows.js';

/** Options of the regression detector (all optional; see docs/detection.md). */
export interface DetectorOptions {
  /**
   * Chance that a session without any change raises at least one alarm, split across the
   * watched metrics, contexts and segments. Default 0.001.
   */
  falseAlarmRate?: number;
  /** Blocks (windows) a reference is learned from. Default 30. */
  warmup?: number;
  /** Relative change ignored within a session (0.02 = 2 %). Default 0. */
  margin?: number;
  /** Relative change ignored against a stored baseline (sessions differ). Default 0.05. */
  baselineMargin?: number;
  /**
   * Metrics that share 90 % of the budget equally; any other tested metric (spans, GPU passes,
   * custom) draws on the remaining 10 %. Default: cpu, gpu, frame.dropped, frame.long,
   * longtask, event, memory.
   */
  watch?: readonly MetricName[];
  /** Block count at which the test is most sensitive. Default 30. */
  horizon?: number;
}

export interface AnalyzerOptions {
  /** Window span in ms; also the detector's block. Default 1000. */
  window?: number;
  /** Most (metric, context) series tracked at once. Default 512. */
  maxSeries?: number;
  /** Receives internal errors (a throwing listener, for instance). */
  onError?: ErrorHandler;
  /** Detector options, or `false` for windows only. */
  detector?: DetectorOptions | false;
  /**
   * A stored reference (object or JSON text, validated here): metrics it has are compared with
   * it, after a short check of their spread, with `baselineMargin`.
   */
  baseline?: Baseline | string;
}

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

const DEFAULT_WINDOW_MS = 1000;
const DEFAULT_MAX_SERIES = 512;
const RECENT_BLOCKS = 240;
/** Internal detection constants (docs/detection.md says why). */
const DETECTION_DEFAULTS = {
  settle: 2,
  capacity: RECENT_BLOCKS,
  checkpoints: [1, 2, 4, 8],
  spacing: 10,
  lifetime: RECENT_BLOCKS,
  epoch: 600,
} as const;

const DETECTOR_OPTION_NAMES = [
  'falseAlarmRate',
  'warmup',
  'margin',
  'baselineMargin',
  'watch',
  'horizon',
];

function resolveDetector(input: DetectorOptions, owner: string) {
  const options = optionsObject(owner, input, 'detector') as DetectorOptions;
  rejectUnknown(owner, options, DETECTOR_OPTION_NAMES, 'detector.');
  const where = (name: string): string => `detector.${name}`;
  const falseAlarmRate = numberOption(
    owner,
    where('falseAlarmRate'),
    options.falseAlarmRate,
    0.001,
    {
      above: 0,
      max: 0.5 - Number.EPSILON,
      expected: 'in (0, 0.5)',
    },
  );
  const warmup = numberOption(owner, where('warmup'), options.warmup, 30, {
    min: 8,
    max: RECENT_BLOCKS,
    integer: true,
    expected: `an integer in [8, ${RECENT_BLOCKS}]`,
  });
  const margin = numberOption(owner, where('margin'), options.margin, 0, {
    min: 0,
    max: 1 - Number.EPSILON,
    expected: 'in [0, 1)',
  });
  const baselineMargin = numberOption(
    owner,
    where('baselineMargin'),
    options.baselineMargin,
    0.05,
    {
      min: 0,
      max: 1 - Number.EPSILON,
      expected: 'in [0, 1)',
    },
  );
  const watch = options.watch ?? DEFAULT_WATCHED;
  if (!Array.isArray(watch) || !watch.every((m) => typeof m === 'string')) {
    invalidOption(owner, where('watch'), 'an array of metric names', watch);
  }
  const horizon = numberOption(owner, where('horizon'), options.horizon, 30, {
    min: 1,
    expected: 'a number of blocks ≥ 1',
  });
  return { falseAlarmRate, warmup, margin, baselineMargin, watch: [...watch], horizon };
}

/**
 * Validates the analyzer's options and parses the baseline. A `TypeError` names `owner` and the
 * option: `createMonitor` validates the options it passes on under its own name.
 */
export function resolveAnalyzerOptions(
  input: AnalyzerOptions | undefined,
  owner = 'createAnalyzer',
) {
  const options = optionsObject(owner, input) as AnalyzerOptions;
  rejectUnknown(owner, options, ['window', 'maxSeries', 'onError', 'detector', 'baseline']);
  const window = numberOption(owner, 'window', options.window, DEFAULT_WINDOW_MS, {
    above: 0,
    expected: 'a positive number of ms',
  });
  const maxSeries = numberOption(owner, 'maxSeries', options.maxSeries, DEFAULT_MAX_SERIES, {
    min: 1,
    integer: true,
    expected: 'a positive integer',
  });
  const detector =
    options.detector === false ? undefined : resolveDetector(options.detector ?? {}, owner);
  let baseline: Baseline | undefined;
  if (options.baseline !== undefined) {
    try {
      baseline = parseBaseline(options.baseline);
    } catch (error) {
      throw new TypeError(`${owner}: option "baseline": ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (baseline.window !== window) {
      throw new TypeError(
        `${owner}: option "baseline" must be measured with ${window} ms windows, got a baseline of ${baseline.window} ms windows`,
      );
    }
  }
  const onError = functionOption(owner, 'onError', options.onError) as ErrorHandler | undefined;
  return { window, maxSeries, detector, baseline, onError };
}

/** Creates an analyzer. Nothing runs until samples arrive. */
/* @__NO_SIDE_EFFECTS__ */
export function createAnalyzer(options?: AnalyzerOptions): Analyzer {
  const { window, maxSeries, detector, baseline, onError } = resolveAnalyzerOptions(options);
  const report = createErrorReporter(onError);
  const events = createEmitter<AnalyzerEventMap>(report);
  const detection =
    detector &&
    new Detection(
      { span: window, ...detector, baseline, ...DETECTION_DEFAULTS },
      {
        regression: (regression) => {
          events.emit('regression', regression);
        },
        recovery: (recovery) => {
          events.emit('recovery', recovery);
        },
      },
      report,
    );
  const windows = new Windows({
    duration: window,
    maxSeries,
    onWindow: (summary) => {
      events.emit('window', summary);
      if (detection)
        guard(() => {
          detection.add(summary);
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
      if (detection)
        guard(() => {
          detection.analyse(time);
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
      if (detection) {
        guard(() => {
          detection.flush();
          detection.gate(reason);
        });
      }
    },
    on: (event, listener) => events.on(event, listener),
    verdict: (metric, context = {}) =>
      typeof metric === 'string' && contextKeyOf(context) !== undefined
        ? detection?.verdict(metric, context)
        : undefined,
    snapshot: () => ({
      time: latest,
      verdicts: detection?.verdicts() ?? [],
      windows: windows.open(latest),
      dropped: windows.dropped,
    }),
    captureBaseline: () =>
      detection?.baseline(new Date().toISOString()) ?? {
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
