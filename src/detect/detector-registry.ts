/**
 * The detectors of each context: one per tested metric, created at the metric's first block
 * with the stored references (a baseline, or the page's remembered sessions) of its statistics,
 * beside what else a context keeps between blocks (its pending windows, the blocks still to
 * skip, pooled sparse metrics, the machine's level).
 */
import { baselineKey } from '../baseline/baseline.js';
import type { Baseline, BaselineEntry } from '../baseline/baseline.js';
import { contextKey } from '../context.js';
import type { Context, MetricName } from '../types.js';
import { BlockAssembler } from './block-assembly.js';
import type { Block } from './block-assembly.js';
import type { WindowPool } from './block-input.js';
import { EnvironmentTracker } from './environment.js';
import { MetricDetector } from './metric-detector.js';
import type { DetectorSettings, StoredReference } from './metric-detector.js';
import { policyFor, transform } from './policy.js';

/** What the detection keeps for one context between blocks. */
export class ContextDetection {
  readonly context: Context;
  /** The context's windows until their block is complete. */
  readonly assembler: BlockAssembler;
  /** Blocks still to skip after a gate. */
  settle = 0;
  /** Blocks analysed in the segment. */
  blocks = 0;
  readonly detectors = new Map<MetricName, MetricDetector>();
  readonly pools = new Map<MetricName, WindowPool>();
  /** The machine under this context's blocks (see environment.ts). */
  readonly environment = new EnvironmentTracker();

  /** @param onBlock Takes each of the context's blocks once it is assembled. */
  constructor(context: Context, onBlock: (state: ContextDetection, block: Block) => void) {
    this.context = context;
    this.assembler = new BlockAssembler((block) => {
      onBlock(this, block);
    });
  }
}

/** Every context's detection state, found by the context object or by its key. */
export class DetectorRegistry {
  /** What every metric's detector shares, one false-alarm budget among them. */
  private readonly _settings: DetectorSettings;
  private readonly _span: number;
  private readonly _settle: number;
  private readonly _onBlock: (state: ContextDetection, block: Block) => void;
  private readonly _stored = new Map<string, BaselineEntry>();
  private readonly _byKey = new Map<string, ContextDetection>();
  private readonly _byObject = new WeakMap<Context, ContextDetection>();

  /**
   * @param settings What every metric's detector shares.
   * @param span The block (window) span in ms.
   * @param settle Blocks a new context skips while it settles.
   * @param onBlock Takes each block of each context once it is assembled.
   */
  constructor(
    settings: DetectorSettings,
    span: number,
    settle: number,
    onBlock: (state: ContextDetection, block: Block) => void,
  ) {
    this._settings = settings;
    this._span = span;
    this._settle = settle;
    this._onBlock = onBlock;
  }

  /** Every context seen so far, in the order they were first seen. */
  contexts(): IterableIterator<ContextDetection> {
    return this._byKey.values();
  }

  /** Every detector of every context. */
  *detectors(): Generator<MetricDetector> {
    for (const state of this._byKey.values()) yield* state.detectors.values();
  }

  /** The state of `context`, created (settling, as a new segment) when it is new. */
  context(context: Context): ContextDetection {
    let state = this._byObject.get(context);
    if (!state) {
      const key = contextKey(context);
      state = this._byKey.get(key);
      if (!state) {
        state = new ContextDetection(context, this._onBlock);
        // A new context is a new segment: its first blocks are skipped while it settles too.
        state.settle = this._settle;
        this._byKey.set(key, state);
      }
      this._byObject.set(context, state);
    }
    return state;
  }

  /** The state of `context` if it has been seen. */
  find(context: Context): ContextDetection | undefined {
    return this._byObject.get(context) ?? this._byKey.get(contextKey(context));
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

  /** Creates the detector of `metric` in `state` at `block`, its first, unless it has one. */
  ensure(state: ContextDetection, metric: MetricName, block: Block): void {
    if (state.detectors.has(metric)) return;
    const policy = policyFor(metric);
    if (policy.kind === 'report') return;
    const stored = this._storedFor(metric, state.context);
    const detector = new MetricDetector(metric, state.context, policy, this._settings, stored);
    state.detectors.set(metric, detector);
    if (policy.kind === 'rate') {
      // The blocks of this segment before the first event had none: they count as zero.
      const span = this._span;
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
}
