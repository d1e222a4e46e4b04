/**
 * The shapes that flow through perfwarden (see docs/architecture.md):
 * sources → samples → windows → detector → events → exporters / listeners / HUD.
 *
 * Times are milliseconds. In the browser perfwarden uses `performance.timeOrigin +
 * performance.now()`: monotonic within a page and comparable with wall-clock time
 * elsewhere. The analyzer itself only needs a monotonic millisecond clock.
 */

/**
 * Labels that say what the app is doing, e.g. `{ scene: 'graph-10k' }`. Every sample is
 * analysed within its context: a bigger data set is not a regression of a smaller one.
 */
export type Context = Readonly<Record<string, string>>;

/**
 * Metric names. Built in: `frame` (ms between frames), `cpu` (main-thread work per frame,
 * ms), `gpu` (GPU ms per frame), `longtask`, `loaf`, `event` (ms), `inp`, `lcp`, `fcp`,
 * `ttfb` (ms), `cls` (score), `memory` (bytes), `span.<name>`, `gpu.<name>`, and
 * `perfwarden.overhead` (fraction of main-thread time). Any other string is a custom metric.
 */
export type MetricName =
  | 'frame'
  | 'cpu'
  | 'gpu'
  | 'longtask'
  | 'loaf'
  | 'event'
  | 'inp'
  | 'lcp'
  | 'cls'
  | 'fcp'
  | 'ttfb'
  | 'memory'
  | 'perfwarden.overhead'
  | `span.${string}`
  | `gpu.${string}`
  // Any other name, without losing autocompletion of the ones above.
  | (string & Record<never, never>);

/**
 * Where sources push what they measure: one call per measurement, allocation-free.
 * The monitor implements it and forwards to the analyzer with the current context.
 */
export type Sink = (metric: MetricName, value: number, time: number) => void;

/** Stops whatever returned it. Calling it twice is harmless. */
export type Stop = () => void;

/** Summary of one metric over one window (default 1 s) in one context. */
export interface WindowSummary {
  metric: MetricName;
  context: Context;
  /** Window start and end (ms). */
  start: number;
  end: number;
  /** Number of samples in the window. */
  count: number;
  mean: number;
  min: number;
  max: number;
  p50: number;
  p95: number;
  p99: number;
}

/**
 * How bad a regression is, graded on its `delta`: from +10 % `major`, from +25 % `critical`
 * (shares of frames: from 2 and 5 percentage points).
 */
export type Severity = 'minor' | 'major' | 'critical';

/** Location and tail of a metric in a reference or a current segment. */
export interface MetricLevels {
  p50: number;
  p95: number;
  mean: number;
  /**
   * The undisturbed frames' level (typical block 10th percentile), for metrics tested on it
   * (`cpu`, see {@link DetectionStatistic}); absent for the others.
   */
  p10?: number;
}

/**
 * How a metric is tested (see docs/detection.md): `location` (log block median, plus a tail
 * channel on the block p95 for per-frame metrics, and one on the block p10 for main-thread
 * work, which GPU time keeps as a witness), `proportion` (share of frames), `rate` (events per block), `level` (memory), or
 * `report` (windows only, no test).
 */
export type TestKind = 'location' | 'proportion' | 'rate' | 'level' | 'report';

/**
 * The block statistic a test runs on: `p50` (median), `p95` (tail), `p10` (the undisturbed
 * frames: main-thread work, which other processes' load stretches but never shortens, is also
 * tested on the block's fastest tenth of frames; for GPU time it only confirms a worse median),
 * `proportion` (share of frames), `rate`
 * (events per block) or `level` (memory).
 */
export type DetectionStatistic = 'p10' | 'p50' | 'p95' | 'proportion' | 'rate' | 'level';

/** A confident change for the worse of one metric in one context. */
export interface Regression {
  metric: MetricName;
  context: Context;
  baseline: MetricLevels;
  current: MetricLevels;
  /**
   * The estimated change: relative, 0.12 = 12 % slower (Hodges-Lehmann ratio − 1); for shares
   * of frames (`statistic: 'proportion'`: `frame.dropped`, `frame.long`, `frame.frozen`) the
   * difference of the shares, 0.06 = 6 percentage points more frames.
   */
  delta: number;
  /** Always-valid interval for `delta`. */
  interval: [low: number, high: number];
  /** 1 − always-valid p-value: valid however often it is looked at. */
  confidence: number;
  severity: Severity;
  /** When the test crossed its boundary, and the estimated time of the change (ms). */
  detectedAt: number;
  changedAt: number;
  /** Where to look, each saying which numbers it rests on. */
  hints: string[];
  /** The block statistic whose test crossed its boundary (absent from older producers). */
  statistic?: DetectionStatistic;
  /**
   * What the change was measured against: `'session'`, the session's own reference (learned
   * in its warm-up, or after an earlier change); `'baseline'`, a stored baseline passed as
   * `createDetector({ baseline })`; `'remembered'`, the page's earlier sessions kept by
   * `createDetector({ remember })`. Absent from older producers (read as `'session'`).
   */
  comparedWith?: ReferenceKind;
  /**
   * With `comparedWith` `'baseline'` or `'remembered'`: how many earlier runs (sessions) the
   * reference rests on, e.g. 5 for "+18 % vs your last 5 reloads".
   */
  runs?: number;
}

/** What a regression was measured against (see `Regression.comparedWith`). */
export type ReferenceKind = 'session' | 'baseline' | 'remembered';

/** A regressed metric that returned to its reference. */
export interface Recovery {
  metric: MetricName;
  context: Context;
  /** The regression this ends. */
  regression: Regression;
  recoveredAt: number;
}

/** Verdict of one metric in one context, as a tagged union. */
export type Verdict =
  | { state: 'warming-up'; blocks: number; needed: number }
  | {
      state: 'stable';
      /** The evidence of a change so far: 1 − always-valid p (not a confidence of no change). */
      confidence: number;
      /**
       * How far the latest block lay from the reference, in the reference's block scales
       * (positive: worse; the larger over the block median and tail). Absent from older
       * producers.
       */
      deviation?: number;
    }
  | { state: 'regressed'; regression: Regression }
  | {
      state: 'improved';
      /** As `Regression.delta`: relative, or in points for shares (`statistic: 'proportion'`). */
      delta: number;
      confidence: number;
      /** The block statistic whose test crossed (absent from older producers). */
      statistic?: DetectionStatistic;
    };

/**
 * The state of the machine as the environment probe sees it: `normal` near the probe's
 * reference, `busier` when the page gets markedly less CPU than when the reference was learned
 * (other processes load the machine), `quieter` when it gets markedly more.
 */
export type EnvironmentState = 'normal' | 'busier' | 'quieter';

/**
 * The `environment` event: the machine changed under the page (or came back). It is told apart
 * from the code by the environment probe (`env.probe`, see docs/detection.md): while the state
 * is `busier`, the CPU-timed metrics (`cpu`, spans, frame shares, …) are not tested, so a
 * busy machine raises this event instead of regressions.
 *
 * @example
 * ```ts
 * monitor.on('environment', (e) => {
 *   if (e.state === 'busier') console.log(`machine busier: probe +${Math.round(e.change * 100)} %`);
 * });
 * ```
 */
export interface EnvironmentChange {
  /** The new state. */
  state: EnvironmentState;
  /**
   * Relative change of the time the probe lost per block from its reference: `4` = five times
   * as much (machine busier), `-0.8` = a fifth; near 0 when back to `normal`. The state itself
   * is decided on how many blocks' probes were cut (see docs/detection.md).
   */
  change: number;
  /** Time the probe lost per block (ms): in the reference, and in the latest 15 blocks. */
  reference: number;
  current: number;
  /**
   * The machine stayed changed so long that its new state became the reference: the timed
   * metrics learn their references again at the new level (state `normal`). When that load
   * leaves, the first reference comes back with a `normal` event whose `adopted` is false, and
   * the timed metrics learn their references again too.
   */
  adopted: boolean;
  /** The context whose blocks showed it. */
  context: Context;
  /** End of the block that decided it (perfwarden clock, epoch ms). */
  time: number;
}

/** Events of the analyzer (and of the monitor, which re-emits them). */
export interface AnalyzerEvents {
  window: WindowSummary;
  regression: Regression;
  recovery: Recovery;
  /** The machine changed under the page, or came back (see {@link EnvironmentChange}). */
  environment: EnvironmentChange;
}

/**
 * Why the data stream is interrupted: the analyzer closes the open windows and the detector
 * checks its references on the next blocks (learning them again where the level moved), so
 * that the pause or the change is not mistaken for a regression.
 */
export type GateReason =
  | 'hidden'
  | 'throttled'
  | 'refresh-rate'
  | 'context'
  | 'resize'
  | 'restore'
  // The monitor was stopped: what follows a restart is a new stretch of data.
  | 'stop';

/** The renderer behind a WebGL context (see `perfwarden/webgl`). */
export interface GpuRendererInfo {
  vendor: string;
  renderer: string;
  /** True for software rasterizers (SwiftShader, llvmpipe): their GPU times are CPU times. */
  software: boolean;
}

/**
 * What a monitor needs from a GPU timer (`perfwarden/webgl`'s `gpuTimer(gl, { monitor })`
 * attaches itself): the renderer to describe, sampling to shed, and data-quality counts.
 */
export interface GpuSource {
  /** Time every Nth frame; the monitor raises it to shed overhead. */
  every: number;
  /**
   * Time frames only before this time (performance.now ms, the document timeline's clock):
   * the monitor sets it to follow its frame sampling (0 while frames are not measured).
   */
  until: number;
  readonly renderer: GpuRendererInfo;
  stats(): { disjoint: number; skipped: number; contextLosses: number };
}
