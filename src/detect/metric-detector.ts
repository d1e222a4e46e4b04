/**
 * The detector of one metric in one context: warm-up, one channel of sequential tests per
 * block statistic (median and tail, or share, or rate), and what follows an alarm: the change
 * measured (change-estimate.ts) becomes a regression, a recovery or an improvement, a new
 * reference is learned at the new level, and a recovery is also called when the level returns
 * to where it was before the regression without a test crossing.
 */
import type {
  Context,
  DetectionStatistic,
  MetricLevels,
  MetricName,
  Recovery,
  ReferenceKind,
  Regression,
  Verdict,
} from '../types.js';
import { median } from '../stats/robust.js';
import { BlockRing } from './block-ring.js';
import type { MetricBlock } from './block-ring.js';
import type { FalseAlarmBudget } from './budget.js';
import { estimateChange, severityOf } from './change-estimate.js';
import { Channel } from './channel.js';
import type { ChannelSettings, ReferenceEstimator } from './channel.js';
import { levelsOf } from './levels.js';
import { clipFor, marginAt, untransform } from './policy.js';
import {
  isBack,
  isOver,
  MEDIAN_SE,
  RECOVERY_TOLERANCE,
  RETURN_BLOCKS,
  returnThreshold,
} from './recovery.js';
import type { MetricPolicy } from './policy.js';
import { estimateReference, hasHeavyTails } from './reference.js';
import type { Reference } from './reference.js';
import type { Direction, SequentialTest } from './sequential-test.js';

/** A reference kept from earlier runs (one channel of a baseline entry). */
export interface StoredReference {
  center: number;
  scale: number;
  blocks: number;
  runs: number;
  /** Spread of the runs' centers (0 for one run). */
  spread: number;
  levels: MetricLevels;
}

export interface DetectorSettings extends ChannelSettings {
  /**
   * Minimum effect of practical interest: a relative change below it is never reported, within
   * a session or against a stored reference.
   */
  margin: number;
  /** Relative practical margin against a stored reference (sessions differ); at least `margin`. */
  baselineMargin: number;
  /** Where stored references come from, as regressions against them say. */
  storedKind: Exclude<ReferenceKind, 'session'>;
  budget: FalseAlarmBudget;
  /** Recent blocks kept (change time, sizes, hints); at least the largest reference. */
  capacity: number;
}

export type DetectorEvent =
  { type: 'regression'; regression: Regression } | { type: 'recovery'; recovery: Recovery };

/**
 * Blocks a stored reference needs from the session: only to check its scale. The test's scale
 * is the larger of the stored one and the session's, so a short check cannot make it narrower
 * than the stored runs' own; a change that came with the page is reported at its end, so every
 * block here is a block's delay (6 s at 60 fps). Simulated loads (`npm run bench remembered`)
 * raise no alarm with 6 and catch +30 % as often as with more.
 */
const BASELINE_WARMUP = 6;
/**
 * Session spreads a baseline's margin must exceed: sessions of one build differ by a few per
 * cent, and a test against another session's level without such a margin alarms on that alone.
 */
const SESSION_SPREADS = 3.3;
/** Runs a baseline needs before its spread between runs is trusted for the margin. */
const SPREAD_RUNS = 3;
/**
 * Standard error of a stored center per unit of scale and per √blocks: the ψ M-estimate's for
 * near-normal blocks (≈ 1.01), rounded up since the stored blocks are gone.
 */
const STORED_SE = 1.05;
/**
 * Blocks after a gate whose level is compared with the reference before the reference is kept
 * (see {@link MetricDetector.interrupt}).
 */
export const GATE_CHECK_BLOCKS = 5;
/**
 * How long (ms) a worsening within the session must have lasted, from its estimated start,
 * before it is reported. A regression is a lasting change: a page that is slower for a few
 * seconds and back (a burst of work elsewhere on the machine, a software renderer's threads
 * taking the page's cores) is not one, yet a test that finds +10 % in tens of blocks finds
 * such a blip too. A test that crosses sooner stays crossed while the change goes on and is
 * asked again; if by then the change's latest blocks are back near the reference, it is
 * dropped (figures in docs/detection.md, "Lasting changes"). A change found against a stored
 * baseline came with the page: it has lasted the whole session.
 */
export const LASTING_MS = 15_000;
/** Standard errors of a median of {@link GATE_CHECK_BLOCKS} blocks the level may move by. */
const GATE_CHECK_Z = 3;
/**
 * Standard errors of that median added to a kept reference's margin: the chance that the level
 * moved by more than the margin is then about 6 in 100,000 per gate and channel.
 */
const GATE_MARGIN_Z = 4;
/**
 * Of a worsening of the median of main-thread work, the share its undisturbed frames (the p10
 * channel) must show too for it to be the code's. Other processes stretch the frames they
 * pre-empt: for a while the median can rise by half while the fastest frames stay where they
 * were, and no change of the work does that. Work added to some frames only moves the median
 * and not the p10; the tail channel, which is not held back, sees it. A third leaves room for
 * the p10's own noise (its block value is noisier than the median's).
 */
const UNDISTURBED_SHARE = 1 / 3;

export class MetricDetector {
  readonly metric: MetricName;
  readonly context: Context;
  readonly policy: MetricPolicy;
  /**
   * Boundary crossings (either direction) in this segment, but for the median's worsenings the
   * undisturbed frames did not confirm (see {@link UNDISTURBED_SHARE}).
   */
  alarms = 0;
  private readonly _settings: DetectorSettings;
  private readonly _ring: BlockRing;
  private readonly _channels: Channel[];
  private _stored: readonly (StoredReference | undefined)[];
  /** Whether the next references come from the stored baseline (segment start). */
  private _useStored: boolean;
  /** Block number where the current warm-up started. */
  private _segmentStart = 0;
  private _open: Regression | undefined;
  /** Level (per channel, statistic units) before the open regression, for recovery. */
  private _origin: number[] | undefined;
  /** The open regression's channel, its level (statistic units) and first regressed block. */
  private _openChannel = 0;
  private _regressedLevel = NaN;
  /** Block scale (statistic units) of the reference the open regression was found against. */
  private _originScale = NaN;
  private _changeStart = 0;
  /** First block of the segment before the open regression, and its levels. */
  private _originStart = 0;
  private _originLevels: MetricLevels | undefined;
  private _improved:
    { delta: number; confidence: number; statistic: DetectionStatistic } | undefined;
  private _referenceLevels: MetricLevels | undefined;
  /** How far the latest tested block lay from the reference, in reference scales (worse > 0). */
  private _deviation = 0;
  /** Blocks after a gate still to come before the reference is kept or dropped (0: none). */
  private _checking = 0;
  /** The first block after the gate. */
  private _checkFrom = 0;
  /**
   * The first block after the gate whose reference was kept with a widened margin, or -1: once
   * a warm-up's worth of blocks followed it, they become the reference (full sensitivity again).
   */
  private _keptFrom = -1;
  /** The channel of the undisturbed frames (p10), which confirms the median's worsening, or -1. */
  private readonly _undisturbed: number;
  private readonly _estimator: ReferenceEstimator;

  constructor(
    metric: MetricName,
    context: Context,
    policy: MetricPolicy,
    settings: DetectorSettings,
    stored: readonly (StoredReference | undefined)[] = [],
  ) {
    this.metric = metric;
    this.context = context;
    this.policy = policy;
    this._settings = settings;
    this._ring = new BlockRing(settings.capacity, policy.statistics.length);
    this._undisturbed = policy.statistics.indexOf('p10');
    this._channels = policy.statistics.map(
      (statistic, c) =>
        new Channel(statistic, settings, !(policy.witness === true && c === this._undisturbed)),
    );
    this._stored = stored;
    this._useStored = stored.some((entry) => entry !== undefined);
    const robust = policy.kind === 'location' || policy.kind === 'level';
    this._estimator = {
      // No margin in the tests within a session: they look for any change, and the minimum
      // effect (`margin`) decides which ones are reported (see `_alarm`). Charged in the
      // test, 2 % cost a quantized real trace its +25 % detection.
      estimate: (statistic, values, signs) =>
        estimateReference(values, {
          floor: this._floor(),
          robust,
          signs,
          clip: clipFor(statistic),
        }),
      signs: (values, scale) => robust && hasHeavyTails(values, scale),
    };
  }

  /** Blocks analysed in this segment. */
  get blocks(): number {
    return this._ring.total;
  }

  /** The current verdict. */
  get verdict(): Verdict {
    if (this._open) return { state: 'regressed', regression: this._open };
    if (this._improved) return { state: 'improved', ...this._improved };
    if (this._checking > 0) {
      return {
        state: 'warming-up',
        blocks: GATE_CHECK_BLOCKS - this._checking,
        needed: GATE_CHECK_BLOCKS,
      };
    }
    const main = this._channels[0];
    if (!main?.testing) {
      return { state: 'warming-up', blocks: main?.warming ?? 0, needed: this._needed() };
    }
    let p = 1;
    for (const channel of this._channels) {
      if (channel.testing) p = Math.min(p, channel.pValue(1), channel.pValue(-1));
    }
    return { state: 'stable', confidence: 1 - p, deviation: this._deviation };
  }

  /** The levels the tests compare with (undefined while warming up). */
  get reference(): MetricLevels | undefined {
    return this._referenceLevels;
  }

  /** Analyses one block; returns what it concluded, if anything. */
  consume(block: MetricBlock): DetectorEvent | undefined {
    for (const value of block.values) if (!Number.isFinite(value)) return undefined;
    const index = this._ring.push(block);
    if (this._checking > 0) {
      if (--this._checking === 0) this._keepOrReset(index);
      return undefined;
    }
    if (this._keptFrom >= 0 && !this._open && index - this._keptFrom + 1 >= this._settings.warmup) {
      this._learnSinceGate(index);
    }
    let direction: Direction = 0;
    let hit = 0;
    let hitChannel: Channel | undefined;
    let crossed: SequentialTest | undefined;
    for (const [c, channel] of this._channels.entries()) {
      const value = block.values[c] ?? NaN;
      let crossing: Direction;
      if (!channel.testing) {
        if (!channel.warm(value, this._estimator, this._needed())) continue;
        crossing = this._begin(channel, c, index);
      } else {
        const { reference } = channel;
        if (reference && reference.scale > 0) {
          const deviation = (value - reference.center) / reference.scale;
          if (c === 0 || deviation > this._deviation) this._deviation = deviation;
        }
        crossing = channel.test(value, this._estimator);
      }
      // A worsening outranks an improvement seen on the other channel in the same block.
      if (crossing !== 0 && (direction === 0 || crossing > direction)) {
        direction = crossing;
        hit = c;
        hitChannel = channel;
        crossed = channel.crossed;
      }
    }
    if (crossed && hitChannel && direction !== 0) {
      return this._alarm(hitChannel, hit, direction, crossed, index);
    }
    return this._open ? this._recoverIfBack(index) : undefined;
  }

  /**
   * A break in the data (a gate other than a context change). A reference that is being
   * tested is kept on probation: the next {@link GATE_CHECK_BLOCKS} blocks are not tested, and
   * if their median is where the reference is (within its margin, 5 % or the noise of that
   * median), testing goes on against it, with the open verdict; if not, a new segment starts.
   * A throttled or re-timed page usually comes back to the level it had, and learning the
   * reference again each time would leave it untested for most of a session with many gates.
   */
  interrupt(): void {
    if (!this._channels[0]?.testing) {
      this.reset();
      return;
    }
    this._checking = GATE_CHECK_BLOCKS;
    this._checkFrom = this._ring.total;
  }

  /**
   * Takes stored references that arrived after this detector was created (they are read
   * asynchronously): used when the warm-up is still running, else from the next segment.
   */
  adopt(stored: readonly (StoredReference | undefined)[]): void {
    this._stored = stored;
    if (this._channels.some((channel) => channel.testing) || this._open) return;
    this._useStored = stored.some((entry) => entry !== undefined);
  }

  /** Starts a new segment: forgets every block, reference and open verdict. */
  reset(): void {
    this._checking = 0;
    this._keptFrom = -1;
    this._ring.clear();
    for (const channel of this._channels) channel.restart();
    this._useStored = this._stored.some((entry) => entry !== undefined);
    this._segmentStart = 0;
    this.alarms = 0;
    this._closeRegression();
    this._improved = undefined;
    this._referenceLevels = undefined;
    this._deviation = 0;
  }

  /** Levels over the held blocks whose start is in `[from, to)`, or undefined if none. */
  levelsBetween(from: number, to: number): { levels: MetricLevels; blocks: number } | undefined {
    const first = this._ring.firstAtOrAfter(from);
    const last = this._ring.firstAtOrAfter(to) - 1;
    if (last < first) return undefined;
    return {
      levels: levelsOf(this._ring, this.policy.kind, first, last),
      blocks: last - first + 1,
    };
  }

  /** Start time and median level (p50) of the held blocks starting in `[from, to)`. */
  pointsBetween(from: number, to: number): { times: Float64Array; levels: Float64Array } {
    const first = this._ring.firstAtOrAfter(from);
    const last = this._ring.firstAtOrAfter(to) - 1;
    const n = Math.max(0, last - first + 1);
    const times = new Float64Array(n);
    const levels = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const slot = this._ring.slot(first + i);
      times[i] = this._ring.start[slot] ?? NaN;
      levels[i] = this._ring.p50[slot] ?? NaN;
    }
    return { times, levels };
  }

  /** Mean attributed amount per block, by detail, over the held blocks starting in `[from, to)`. */
  attributionBetween(from: number, to: number): Map<string, number> {
    const totals = new Map<string, number>();
    const first = this._ring.firstAtOrAfter(from);
    const last = this._ring.firstAtOrAfter(to) - 1;
    for (let i = first; i <= last; i++) {
      const tally = this._ring.attribution[this._ring.slot(i)];
      if (!tally) continue;
      for (const [detail, value] of Object.entries(tally)) {
        totals.set(detail, (totals.get(detail) ?? 0) + value);
      }
    }
    const blocks = Math.max(1, last - first + 1);
    for (const [detail, value] of totals) totals.set(detail, value / blocks);
    return totals;
  }

  /**
   * The current level as a reference for a baseline: per channel, estimated from the held
   * blocks since the current warm-up started (one level, or an alarm would have restarted
   * it). Undefined while warming up.
   */
  capture(): { channels: (Reference | undefined)[]; levels: MetricLevels } | undefined {
    if (!this._channels[0]?.testing) return undefined;
    const last = this._ring.total - 1;
    const first = Math.max(this._ring.oldest, this._segmentStart);
    if (last - first + 1 < 2) return undefined;
    const channels = this._channels.map((channel, c) =>
      channel.testing
        ? this._estimator.estimate(
            channel.statistic,
            this._ring.series(c, first, last),
            channel.signs,
          )
        : undefined,
    );
    return { channels, levels: levelsOf(this._ring, this.policy.kind, first, last) };
  }

  /**
   * After the blocks that follow a gate: keeps the reference if they are at its level, else
   * starts a new segment. A kept reference is tested with its margin widened to what the gate
   * may have moved the level by (the distance seen plus {@link GATE_MARGIN_Z} standard errors of
   * those blocks' median): a device that came back a few per cent faster or slower is not
   * then a regression, while a change beyond that is still caught during what would have
   * been a new warm-up. Once a warm-up's worth of blocks followed the gate, they become the
   * reference ({@link MetricDetector._learnSinceGate}).
   */
  private _keepOrReset(index: number): void {
    const first = Math.max(this._ring.oldest, this._checkFrom);
    const count = index - first + 1;
    const widened: number[] = [];
    const same = this._channels.every((channel, c) => {
      const reference = channel.reference;
      if (!channel.testing || !reference) return true;
      const level = median(this._ring.series(c, first, index));
      const standardError = (MEDIAN_SE * reference.scale) / Math.sqrt(count);
      const tolerance = Math.max(
        marginAt(
          channel.statistic,
          reference.center,
          Math.max(RECOVERY_TOLERANCE, this._settings.margin),
        ),
        GATE_CHECK_Z * standardError,
      );
      const distance = Math.abs(level - reference.center);
      widened[c] = distance + GATE_MARGIN_Z * standardError;
      return distance <= tolerance;
    });
    if (!same) {
      this.reset();
      return;
    }
    this._channels.forEach((channel, c) => {
      const margin = widened[c];
      if (margin !== undefined) channel.widen(margin);
    });
    this._keptFrom = first;
  }

  /**
   * The blocks since a kept gate become the reference: the widened margin served while there
   * were too few of them to learn from.
   */
  private _learnSinceGate(index: number): void {
    const from = this._keptFrom;
    this._keptFrom = -1;
    this._segmentStart = from;
    this._channels.forEach((channel, c) => {
      channel.restart(this._ring.series(c, from, index - 1));
      if (channel.warming >= this._needed()) this._begin(channel, c, index);
    });
  }

  private _needed(): number {
    return this._useStored
      ? Math.min(BASELINE_WARMUP, this._settings.warmup)
      : this._settings.warmup;
  }

  /** Scale floor: the policy's, or for a share of n frames the binomial 1/(2√n). */
  private _floor(): number {
    if (this.policy.kind !== 'proportion') return this.policy.floor;
    const first = this._ring.oldest;
    const weights = new Float64Array(this._ring.total - first);
    for (let i = first; i < this._ring.total; i++)
      weights[i - first] = this._ring.weight[this._ring.slot(i)] ?? 0;
    return 0.5 / Math.sqrt(Math.max(1, median(weights)));
  }

  /**
   * Starts the channel's tests. Against a stored reference the warm-up blocks are tested at
   * once (they only checked the session's spread): a change that came with the page is then
   * found at the end of the warm-up. Returns the direction of a crossing in them, or 0.
   */
  private _begin(channel: Channel, c: number, index: number): Direction {
    const stored = this._useStored ? this._stored[c] : undefined;
    let fixed: Reference | undefined;
    if (stored) {
      // The stored center; the larger of the stored and the session's spread; the margin
      // covers the variation between sessions.
      const session = this._estimator.estimate(channel.statistic, channel.pooled, false);
      const scale = Math.max(stored.scale, session.scale);
      fixed = {
        center: stored.center,
        scale,
        uncertainty: Math.sqrt(
          (STORED_SE * scale) ** 2 / stored.blocks + stored.spread ** 2 / stored.runs,
        ),
        margin: Math.max(
          marginAt(
            channel.statistic,
            stored.center,
            Math.max(this._settings.baselineMargin, this._settings.margin),
          ),
          stored.runs >= SPREAD_RUNS ? SESSION_SPREADS * stored.spread : 0,
        ),
        blocks: stored.blocks,
        clip: clipFor(channel.statistic),
      };
    }
    channel.begin(
      this._settings.budget.next(this.metric, channel.statistic, this._part(c)),
      this._estimator,
      fixed,
    );
    if (c === 0) {
      this._referenceLevels = stored
        ? stored.levels
        : levelsOf(
            this._ring,
            this.policy.kind,
            Math.max(this._ring.oldest, index - channel.warming + 1),
            index,
          );
    }
    return fixed ? channel.replay(this._estimator) : 0;
  }

  /**
   * Part of the metric's budget for channel `c`, the parts summing to 1: two thirds for the
   * median, which decides most changes on steady noise, and the rest shared by the other
   * tested channels (the tail, and for main-thread work the undisturbed frames); none for a
   * witness.
   */
  private _part(c: number): number {
    if (!this._channels[c]?.tested) return 0;
    const others = this._channels.filter((channel) => channel.tested).length - 1;
    if (others === 0) return 1;
    return c === 0 ? 2 / 3 : 1 / 3 / others;
  }

  private _alarm(
    channel: Channel,
    c: number,
    direction: 1 | -1,
    test: SequentialTest,
    index: number,
  ): DetectorEvent | undefined {
    const { reference } = test;
    const ring = this._ring;
    const statistic = channel.statistic;
    const from = Math.max(ring.oldest, this._segmentStart);
    const stored = channel.referenceValues.length === 0;
    const { first, after, shift, delta, interval, practical, detectedAt, changedAt } =
      estimateChange(test, {
        ring,
        channel: c,
        statistic,
        from,
        index,
        stored,
        warmup: this._settings.warmup,
        margin: this._settings.margin,
      });
    if (direction === 1 && !stored) {
      // Too young: the test stays crossed while the change lasts, and is asked again.
      if (detectedAt - changedAt < LASTING_MS) return undefined;
      // Over by now: its latest blocks are back near the reference. Dropped, nothing reported.
      const latest = ring.series(c, Math.max(first, index - RETURN_BLOCKS + 1), index);
      if (isOver(latest, reference.center, shift, reference.scale)) {
        channel.dismiss(test);
        return undefined;
      }
    }
    if (direction === 1 && !this._confirmed(channel, first, index, shift)) {
      // The machine, not the code: this test is dropped, the reference and the others go on.
      channel.dismiss(test);
      return undefined;
    }
    this.alarms++;
    if (direction === 1) {
      // A change that has already ended (blocks pooled over a slow metric's windows can
      // complete after the level came back) is not announced: the reference is learned again
      // from the blocks around it.
      const threshold = returnThreshold(
        statistic,
        reference.center,
        reference.center + shift,
        reference.scale,
        Math.max(RECOVERY_TOLERANCE, this._settings.margin),
      );
      if (after.length > RETURN_BLOCKS && isBack(after.subarray(-RETURN_BLOCKS), threshold)) {
        this._relearn([from, first - 1], [index - RETURN_BLOCKS + 1, index], index);
        return undefined;
      }
    }
    const confidence = 1 - channel.pValue(direction);
    const current = levelsOf(ring, this.policy.kind, first, index);
    const storedRuns = stored ? this._stored[c]?.runs : undefined;
    let event: DetectorEvent | undefined;
    // A change below the minimum effect is not reported: the tests go on from the new level
    // without a word.
    if (direction === 1 && !practical) {
      event = undefined;
    } else if (direction === 1) {
      const regression: Regression = {
        metric: this.metric,
        context: this.context,
        baseline: this._referenceLevels ?? current,
        current,
        delta,
        interval,
        confidence,
        severity: severityOf(statistic, delta),
        detectedAt,
        changedAt,
        hints: [],
        statistic,
        ...(storedRuns === undefined
          ? { comparedWith: 'session' as const }
          : { comparedWith: this._settings.storedKind, runs: storedRuns }),
      };
      if (!this._open) {
        this._origin = this._channels.map((each) => each.reference?.center ?? NaN);
        this._originStart = from;
        this._originLevels = this._referenceLevels;
      }
      this._open = regression;
      this._openChannel = c;
      this._regressedLevel = reference.center + shift;
      this._originScale = reference.scale;
      this._changeStart = first;
      this._improved = undefined;
      event = { type: 'regression', regression };
    } else if (this._open) {
      const origin = this._origin?.[c] ?? NaN;
      const level = untransform(statistic, median(after));
      const tolerance = Math.max(RECOVERY_TOLERANCE, this._settings.margin);
      if (level <= untransform(statistic, origin) * (1 + tolerance)) {
        event = { type: 'recovery', recovery: this._recovery(this._open, detectedAt) };
        this._closeRegression();
      }
    } else {
      this._improved = { delta, confidence, statistic };
    }
    // A new reference at the new level, warmed up from the blocks since the change.
    this._useStored = false;
    this._segmentStart = first;
    this._channels.forEach((each, k) => {
      each.restart(ring.series(k, first, index));
      if (each.warming >= this._needed()) this._begin(each, k, index);
    });
    return event;
  }

  /**
   * Whether the undisturbed frames confirm a worsening of `channel` by `shift` over blocks
   * `first..index`: always, unless `channel` is the main one (the median) of a metric with a
   * p10 channel that is testing against a reference of the same kind (both the session's, or
   * both stored).
   */
  private _confirmed(channel: Channel, first: number, index: number, shift: number): boolean {
    const witness = this._channels[this._undisturbed];
    const reference = witness?.reference;
    if (channel !== this._channels[0] || !witness || !reference) return true;
    if ((witness.referenceValues.length === 0) !== (channel.referenceValues.length === 0)) {
      return true;
    }
    const moved = median(this._ring.series(this._undisturbed, first, index)) - reference.center;
    return moved >= UNDISTURBED_SHARE * shift;
  }

  /**
   * Recovery without a crossing: the open regression's level came back before (or while) a
   * reference at the regressed level was learned, so no test at that level could see it.
   */
  private _recoverIfBack(index: number): DetectorEvent | undefined {
    const open = this._open;
    const c = this._openChannel;
    const origin = this._origin?.[c];
    const channel = this._channels[c];
    const first = index - RETURN_BLOCKS + 1;
    if (!open || origin === undefined || !channel || first <= this._changeStart) return undefined;
    const threshold = returnThreshold(
      channel.statistic,
      origin,
      this._regressedLevel,
      this._originScale,
      Math.max(RECOVERY_TOLERANCE, this._settings.margin),
    );
    if (!isBack(this._ring.series(c, first, index), threshold)) return undefined;
    const recovery = this._recovery(open, this._ring.end[this._ring.slot(index)] ?? NaN);
    const levels = this._originLevels;
    this._relearn([this._originStart, this._changeStart - 1], [first, index], index);
    this._referenceLevels = levels;
    this._closeRegression();
    return { type: 'recovery', recovery };
  }

  private _recovery(regression: Regression, recoveredAt: number): Recovery {
    return { metric: this.metric, context: this.context, regression, recoveredAt };
  }

  private _closeRegression(): void {
    this._open = undefined;
    this._origin = undefined;
    this._originLevels = undefined;
    this._regressedLevel = NaN;
  }

  /**
   * Learns the reference again from the blocks of `before` and `since` (inclusive block
   * ranges, before and after a stretch that does not belong to the level): the level is back
   * where it was, so the blocks before the stretch still describe it and testing resumes at
   * once when they are enough.
   */
  private _relearn(
    before: readonly [number, number],
    since: readonly [number, number],
    index: number,
  ): void {
    const ring = this._ring;
    const head = [Math.max(ring.oldest, before[0]), before[1]] as const;
    // The levels the tests compare with are those before the stretch, not those of the
    // blocks since the segment start.
    const levels = this._referenceLevels;
    this._useStored = false;
    this._segmentStart = since[0];
    this._channels.forEach((each, k) => {
      const earlier = ring.series(k, head[0], head[1]);
      const later = ring.series(k, since[0], since[1]);
      const values = new Float64Array(earlier.length + later.length);
      values.set(earlier);
      values.set(later, earlier.length);
      each.restart(values);
      if (each.warming >= this._needed()) this._begin(each, k, index);
    });
    this._referenceLevels = levels;
  }
}
