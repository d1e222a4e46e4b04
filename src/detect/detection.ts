/**
 * The detection half of the analyzer: closed windows are gathered into blocks per context
 * (one grid span; all metrics of a context side by side), each block feeds the detectors of
 * its context, gates start new segments, and regressions get their hints before they leave.
 */
import type { MetricVerdict } from '../analysis/detector.js';
import type { ReportError } from '../errors.js';
import { histogramFromJSON } from '../stats/histogram.js';
import type { LogHistogram } from '../stats/histogram.js';
import type {
  Context,
  EnvironmentChange,
  GateReason,
  MetricName,
  Recovery,
  ReferenceKind,
  Regression,
  Verdict,
} from '../types.js';
import { contextKey } from '../context.js';
import type { ClosedWindow } from '../analysis/windows.js';
import { BASELINE_FORMAT, BASELINE_VERSION, baselineKey } from '../baseline/baseline.js';
import type { Baseline, BaselineEntry } from '../baseline/baseline.js';
import type { MetricBlock } from './block-ring.js';
import { FalseAlarmBudget } from './budget.js';
import { EnvironmentTracker, movesWithMachine, PROBE_METRIC } from './environment.js';
import { hintsFor } from './hints.js';
import { MetricDetector } from './metric-detector.js';
import type { DetectorSettings, StoredReference } from './metric-detector.js';
import { FRAME_METRIC, FRAME_PROPORTIONS, policyFor, transform } from './policy.js';

/** Resolved detector options (see `DetectorOptions` in analyzer.ts). */
export interface DetectionSettings {
  /** Block (window) span in ms. */
  span: number;
  falseAlarmRate: number;
  warmup: number;
  horizon: number;
  margin: number;
  baselineMargin: number;
  watch: readonly MetricName[];
  baseline: Baseline | undefined;
  /** What the stored references are: a baseline given, or the page's remembered sessions. */
  storedKind: Exclude<ReferenceKind, 'session'>;
  /** Blocks skipped after a gate, while the page settles. */
  settle: number;
  /** Recent blocks kept per metric. */
  capacity: number;
  /** Test restarts: see channel.ts. */
  checkpoints: readonly number[];
  spacing: number;
  lifetime: number;
  epoch: number;
}

export interface DetectionSink {
  regression(regression: Regression): void;
  recovery(recovery: Recovery): void;
  environment(change: EnvironmentChange): void;
}

interface Block {
  start: number;
  end: number;
  windows: Map<MetricName, ClosedWindow>;
}

/** Windows of a sparse metric pooled until they hold enough samples for a block median. */
interface Pool {
  histogram: LogHistogram | undefined;
  start: number;
  sum: number;
}

class ContextDetection {
  readonly context: Context;
  readonly pending: ClosedWindow[] = [];
  /** Start of the last analysed block. */
  analysed = -Infinity;
  /** Blocks still to skip after a gate. */
  settle = 0;
  /** Blocks analysed in the segment. */
  blocks = 0;
  readonly detectors = new Map<MetricName, MetricDetector>();
  readonly pools = new Map<MetricName, Pool>();
  /** The machine under this context's blocks (see environment.ts). */
  readonly environment = new EnvironmentTracker();
  /** The block being analysed (reused: analysis is synchronous). */
  readonly block: Block = { start: 0, end: 0, windows: new Map() };

  constructor(context: Context) {
    this.context = context;
  }
}

/** Blocks of the analyzer's span a window must cover to count (gates truncate windows). */
const MIN_COVER = 0.5;
/** Rates need (almost) whole blocks: their count scales with the span. */
const RATE_COVER = 0.9;
/** Without `tick()`, a block is analysed once a window this many blocks later has closed. */
const LAG_BLOCKS = 2;

export class Detection {
  private readonly _settings: DetectionSettings;
  /** What every metric's detector shares, one false-alarm budget among them. */
  private readonly _metricSettings: DetectorSettings;
  private readonly _sink: DetectionSink;
  private readonly _report: ReportError;
  private readonly _stored = new Map<string, BaselineEntry>();
  private readonly _byKey = new Map<string, ContextDetection>();
  private readonly _byObject = new WeakMap<Context, ContextDetection>();
  /** Reused for every block a detector analyses (it copies what it keeps). */
  private readonly _scratch: MetricBlock = {
    start: 0,
    end: 0,
    values: [],
    p50: 0,
    p95: 0,
    mean: 0,
    weight: 0,
    attribution: undefined,
  };

  constructor(settings: DetectionSettings, sink: DetectionSink, report: ReportError) {
    this._settings = settings;
    this._sink = sink;
    this._report = report;
    this._metricSettings = {
      warmup: settings.warmup,
      horizon: settings.horizon,
      margin: settings.margin,
      baselineMargin: settings.baselineMargin,
      storedKind: settings.storedKind,
      budget: new FalseAlarmBudget(settings.falseAlarmRate, settings.watch),
      capacity: settings.capacity,
      checkpoints: settings.checkpoints,
      spacing: settings.spacing,
      lifetime: settings.lifetime,
      epoch: settings.epoch,
    };
    if (settings.baseline) this.useBaseline(settings.baseline);
  }

  /**
   * Compares with `baseline` from now on: metrics first seen from now, and metrics still in
   * their first warm-up (a baseline read asynchronously can arrive after the first blocks).
   */
  useBaseline(baseline: Baseline): void {
    this._stored.clear();
    for (const entry of baseline.entries) {
      this._stored.set(baselineKey(entry.metric, entry.context, entry.statistic), entry);
    }
    for (const state of this._byKey.values()) {
      for (const detector of state.detectors.values()) {
        detector.adopt(this._storedFor(detector.metric, state.context));
      }
    }
  }

  /** Takes a closed window; analyses the blocks it shows to be long complete. */
  add(window: ClosedWindow): void {
    const state = this._context(window.context);
    state.pending.push(window);
    this._analyse(state, window.start - LAG_BLOCKS * this._settings.span);
  }

  /** Analyses every block that ended by `time` (all its windows are closed by then). */
  analyse(time: number): void {
    for (const state of this._byKey.values()) this._analyse(state, time - this._settings.span);
  }

  /** Analyses every pending block (before a gate). */
  flush(): void {
    for (const state of this._byKey.values()) this._analyse(state, Infinity);
  }

  /**
   * A break in the data. A context change pauses the other contexts (their references stay
   * valid: it is the same scene when it returns); any other gate puts every reference on
   * probation (kept if the blocks after the gate are at its level, see
   * `MetricDetector.interrupt`). Either way the next blocks are skipped while the page settles.
   */
  gate(reason: GateReason): void {
    for (const state of this._byKey.values()) {
      state.settle = this._settings.settle;
      if (reason === 'context') continue;
      state.blocks = 0;
      state.pools.clear();
      // The machine's reference stays: a page hidden or throttled does not change the machine.
      for (const detector of state.detectors.values()) detector.interrupt();
    }
  }

  /** The verdict of one metric in one context, if it is tested there. */
  verdict(metric: MetricName, context: Context): Verdict | undefined {
    const state = this._byObject.get(context) ?? this._byKey.get(contextKey(context));
    return state?.detectors.get(metric)?.verdict;
  }

  /** Verdicts of every tested metric, by context. */
  verdicts(): MetricVerdict[] {
    const verdicts: MetricVerdict[] = [];
    for (const state of this._byKey.values()) {
      for (const detector of state.detectors.values()) {
        const { reference } = detector;
        verdicts.push({
          metric: detector.metric,
          context: detector.context,
          test: detector.policy.kind,
          blocks: detector.blocks,
          alarms: detector.alarms,
          verdict: detector.verdict,
          ...(reference ? { reference } : {}),
        });
      }
    }
    return verdicts;
  }

  /** The current levels of every metric past its warm-up, as a one-run baseline. */
  baseline(created: string): Baseline {
    const entries: BaselineEntry[] = [];
    for (const state of this._byKey.values()) {
      for (const detector of state.detectors.values()) {
        const captured = detector.capture();
        if (!captured) continue;
        const { levels } = captured;
        if (!(levels.p50 >= 0 && levels.p95 >= 0 && levels.mean >= 0)) continue;
        detector.policy.statistics.forEach((statistic, c) => {
          const reference = captured.channels[c];
          if (!reference || !(Number.isFinite(reference.center) && reference.scale > 0)) return;
          entries.push({
            metric: detector.metric,
            context: detector.context,
            statistic,
            center: reference.center,
            scale: reference.scale,
            spread: 0,
            blocks: reference.blocks,
            runs: 1,
            levels,
          });
        });
      }
    }
    return {
      format: BASELINE_FORMAT,
      version: BASELINE_VERSION,
      created,
      window: this._settings.span,
      entries,
    };
  }

  private _context(context: Context): ContextDetection {
    let state = this._byObject.get(context);
    if (!state) {
      const key = contextKey(context);
      state = this._byKey.get(key);
      if (!state) {
        state = new ContextDetection(context);
        // A new context is a new segment: its first blocks are skipped while it settles too.
        state.settle = this._settings.settle;
        this._byKey.set(key, state);
      }
      this._byObject.set(context, state);
    }
    return state;
  }

  /** Analyses the pending blocks of `state` that start at or before `until`. */
  private _analyse(state: ContextDetection, until: number): void {
    const { pending } = state;
    if (!pending.some((window) => window.start <= until)) return;
    pending.sort((a, b) => a.start - b.start);
    const { block } = state;
    let kept = 0;
    let open = false;
    for (const window of pending) {
      if (window.start > until) {
        pending[kept++] = window;
        continue;
      }
      if (window.start <= state.analysed) continue; // late: its block is done
      if (open && block.start !== window.start) {
        this._block(state, block);
        open = false;
      }
      if (!open) {
        block.start = window.start;
        block.end = window.end;
        block.windows.clear();
        open = true;
      }
      block.end = Math.max(block.end, window.end);
      block.windows.set(window.metric, window);
    }
    pending.length = kept;
    if (open) this._block(state, block);
  }

  private _block(state: ContextDetection, block: Block): void {
    state.analysed = block.start;
    const span = this._settings.span;
    if (block.end - block.start < MIN_COVER * span) return;
    if (state.settle > 0) {
      state.settle--;
      return;
    }
    state.blocks++;
    for (const metric of block.windows.keys()) this._ensureDetector(state, metric, block);
    if (block.windows.has(FRAME_METRIC)) {
      for (const metric of FRAME_PROPORTIONS) this._ensureDetector(state, metric, block);
    }
    const machine = state.environment.observe(block.windows.get(PROBE_METRIC)?.p50);
    if (machine.change) {
      this._sink.environment({ ...machine.change, context: state.context, time: block.end });
    }
    for (const detector of state.detectors.values()) {
      if (movesWithMachine(detector.metric)) {
        if (machine.relearn) detector.reset();
        // Left out, not tested (nor pooled): what the machine did is not the code's doing.
        if (machine.skip) continue;
      }
      try {
        const input = this._input(state, detector, block);
        const event = input && detector.consume(input);
        if (event?.type === 'regression') {
          event.regression.hints = hintsFor(event.regression, state.detectors, span);
          this._sink.regression(event.regression);
        } else if (event?.type === 'recovery') {
          this._sink.recovery(event.recovery);
        }
      } catch (error) {
        this._report('analyzer.detect', error);
      }
    }
  }

  private _ensureDetector(state: ContextDetection, metric: MetricName, block: Block): void {
    if (state.detectors.has(metric)) return;
    const policy = policyFor(metric);
    if (policy.kind === 'report') return;
    const stored = this._storedFor(metric, state.context);
    const detector = new MetricDetector(
      metric,
      state.context,
      policy,
      this._metricSettings,
      stored,
    );
    state.detectors.set(metric, detector);
    if (policy.kind === 'rate') {
      // The blocks of this segment before the first event had none: they count as zero.
      const span = this._settings.span;
      const earlier = Math.min(state.blocks - 1, this._settings.warmup);
      const zero = transform('rate', 0);
      for (let k = earlier; k >= 1; k--) {
        const start = block.start - k * span;
        detector.consume({
          start,
          end: start + span,
          values: [zero],
          p50: 0,
          p95: 0,
          mean: 0,
          weight: 1,
        });
      }
    }
  }

  /** The stored references of `metric` in `context`, one per statistic of its policy. */
  private _storedFor(metric: MetricName, context: Context): (StoredReference | undefined)[] {
    return policyFor(metric).statistics.map((statistic) =>
      this._stored.get(baselineKey(metric, context, statistic)),
    );
  }

  /** The block as `detector` sees it, or undefined when it has nothing (yet) for it. */
  private _input(
    state: ContextDetection,
    detector: MetricDetector,
    block: Block,
  ): MetricBlock | undefined {
    const { metric, policy } = detector;
    const window = block.windows.get(metric);
    if (policy.kind === 'proportion') {
      const frames = block.windows.get(FRAME_METRIC)?.count ?? 0;
      if (frames === 0) return undefined;
      const share = Math.min(1, (window?.count ?? 0) / frames);
      return this._fill(block.start, block.end, transform('proportion', share), share, frames);
    }
    if (policy.kind === 'rate') {
      if (block.end - block.start < RATE_COVER * this._settings.span) return undefined;
      const events = window?.count ?? 0;
      const perSecond = (events * 1000) / (block.end - block.start);
      const input = this._fill(block.start, block.end, transform('rate', events), perSecond, 1);
      input.attribution = window?.attribution;
      return input;
    }
    if (!window) return undefined;
    if (!state.pools.has(metric) && window.count >= policy.minSamples) {
      return this._location(detector, block.start, block.end, window);
    }
    return this._pooled(state, detector, window, block);
  }

  /** The scratch block (the detector copies what it keeps) with one statistic and one level. */
  private _fill(
    start: number,
    end: number,
    value: number,
    level: number,
    weight: number,
  ): MetricBlock {
    const input = this._scratch;
    input.start = start;
    input.end = end;
    input.values.length = 1;
    input.values[0] = value;
    input.p50 = level;
    input.p95 = level;
    input.mean = level;
    input.weight = weight;
    input.attribution = undefined;
    return input;
  }

  private _pooled(
    state: ContextDetection,
    detector: MetricDetector,
    window: ClosedWindow,
    block: Block,
  ): MetricBlock | undefined {
    let pool = state.pools.get(detector.metric);
    if (!pool) {
      pool = { histogram: undefined, start: block.start, sum: 0 };
      state.pools.set(detector.metric, pool);
    }
    if (pool.histogram) pool.histogram.merge(window.histogram);
    else pool.histogram = histogramFromJSON(window.histogram);
    pool.sum += window.mean * window.count;
    const { histogram } = pool;
    if (histogram.count < detector.policy.minSamples) return undefined;
    state.pools.delete(detector.metric);
    return this._location(detector, pool.start, block.end, {
      p50: histogram.quantile(0.5),
      p95: histogram.quantile(0.95),
      mean: pool.sum / histogram.count,
      count: histogram.count,
    });
  }

  /** The scratch block of a location or level metric, from a window or a pool of windows. */
  private _location(
    detector: MetricDetector,
    start: number,
    end: number,
    summary: Pick<ClosedWindow, 'p50' | 'p95' | 'mean' | 'count' | 'attribution'>,
  ): MetricBlock {
    const input = this._fill(start, end, NaN, summary.p50, summary.count);
    const { statistics } = detector.policy;
    input.values.length = statistics.length;
    statistics.forEach((statistic, c) => {
      input.values[c] = transform(statistic, statistic === 'p95' ? summary.p95 : summary.p50);
    });
    input.p95 = summary.p95;
    input.mean = summary.mean;
    input.attribution = summary.attribution;
    return input;
  }
}
