/**
 * The detection half of the analyzer: closed windows are gathered into blocks per context
 * (block-assembly.ts), each block feeds the detectors of its context (detector-registry.ts)
 * as each sees it (block-input.ts), gates start new segments, and regressions get their hints
 * before they leave.
 */
import type { MetricVerdict } from '../analysis/detector.js';
import type { ClosedWindow } from '../analysis/windows.js';
import type { Baseline } from '../baseline/baseline.js';
import type { ReportError } from '../errors.js';
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
import { captureBaseline } from './baseline-capture.js';
import type { Block } from './block-assembly.js';
import { BlockTranslator } from './block-input.js';
import { FalseAlarmBudget } from './budget.js';
import { DetectorRegistry } from './detector-registry.js';
import type { ContextDetection } from './detector-registry.js';
import { movesWithMachine, PROBE_METRIC } from './environment.js';
import { hintsFor } from './hints.js';
import { FRAME_METRIC, FRAME_PROPORTIONS } from './policy.js';

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
  /** Reference growth and test restarts: see channel.ts. */
  referenceBlocks: number;
  spacing: number;
  lifetime: number;
  epoch: number;
}

export interface DetectionSink {
  regression(regression: Regression): void;
  recovery(recovery: Recovery): void;
  environment(change: EnvironmentChange): void;
}

/** Blocks of the analyzer's span a window must cover to count (gates truncate windows). */
const MIN_COVER = 0.5;
/** Without `tick()`, a block is analysed once a window this many blocks later has closed. */
const LAG_BLOCKS = 2;

/** Closed windows in, regressions, recoveries and machine changes out, per context. */
export class Detection {
  private readonly _settings: DetectionSettings;
  private readonly _sink: DetectionSink;
  private readonly _report: ReportError;
  private readonly _registry: DetectorRegistry;
  private readonly _translator: BlockTranslator;

  constructor(settings: DetectionSettings, sink: DetectionSink, report: ReportError) {
    this._settings = settings;
    this._sink = sink;
    this._report = report;
    this._registry = new DetectorRegistry(
      {
        warmup: settings.warmup,
        horizon: settings.horizon,
        margin: settings.margin,
        baselineMargin: settings.baselineMargin,
        storedKind: settings.storedKind,
        budget: new FalseAlarmBudget(settings.falseAlarmRate, settings.watch),
        capacity: settings.capacity,
        referenceBlocks: settings.referenceBlocks,
        spacing: settings.spacing,
        lifetime: settings.lifetime,
        epoch: settings.epoch,
      },
      settings.span,
      settings.settle,
      (state, block) => {
        this._block(state, block);
      },
    );
    this._translator = new BlockTranslator(settings.span);
    if (settings.baseline) this.useBaseline(settings.baseline);
  }

  /**
   * Compares with `baseline` from now on: metrics first seen from now, and metrics still in
   * their first warm-up (a baseline read asynchronously can arrive after the first blocks).
   */
  useBaseline(baseline: Baseline): void {
    this._registry.useBaseline(baseline);
  }

  /** Takes a closed window; analyses the blocks it shows to be long complete. */
  add(window: ClosedWindow): void {
    const state = this._registry.context(window.context);
    state.assembler.add(window);
    state.assembler.assemble(window.start - LAG_BLOCKS * this._settings.span);
  }

  /** Analyses every block that ended by `time` (all its windows are closed by then). */
  analyse(time: number): void {
    for (const state of this._registry.contexts()) {
      state.assembler.assemble(time - this._settings.span);
    }
  }

  /** Analyses every pending block (before a gate). */
  flush(): void {
    for (const state of this._registry.contexts()) state.assembler.assemble(Infinity);
  }

  /**
   * A break in the data. A context change pauses the other contexts (their references stay
   * valid: it is the same scene when it returns); any other gate puts every reference on
   * probation (kept if the blocks after the gate are at its level, see
   * `MetricDetector.interrupt`). Either way the next blocks are skipped while the page settles.
   */
  gate(reason: GateReason): void {
    for (const state of this._registry.contexts()) {
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
    return this._registry.find(context)?.detectors.get(metric)?.verdict;
  }

  /** Verdicts of every tested metric, by context. */
  verdicts(): MetricVerdict[] {
    const verdicts: MetricVerdict[] = [];
    for (const detector of this._registry.detectors()) {
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
    return verdicts;
  }

  /** The current levels of every metric past its warm-up, as a one-run baseline. */
  baseline(created: string): Baseline {
    return captureBaseline(this._registry.detectors(), this._settings.span, created);
  }

  private _block(state: ContextDetection, block: Block): void {
    const span = this._settings.span;
    if (block.end - block.start < MIN_COVER * span) return;
    if (state.settle > 0) {
      state.settle--;
      return;
    }
    state.blocks++;
    for (const metric of block.windows.keys()) this._registry.ensure(state, metric, block);
    if (block.windows.has(FRAME_METRIC)) {
      for (const metric of FRAME_PROPORTIONS) this._registry.ensure(state, metric, block);
    }
    // The longest time a probe of the block lost: a block is cut when any of its probes was.
    const machine = state.environment.observe(block.windows.get(PROBE_METRIC)?.max);
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
        const input = this._translator.input(detector, block, state.pools);
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
}
