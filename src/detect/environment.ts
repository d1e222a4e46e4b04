/**
 * Tells the machine from the code. The monitor's environment probe (`env.probe`) measures the
 * time its thread lost to other processes while it held the CPU in idle time, so it grows when
 * other processes take the CPU from the page and not when the app's own code grows. A probe is
 * either cut (it lost a time slice, a few ms) or not, so this tracker counts cut blocks: it keeps
 * the share of cut blocks once the page has settled (the reference) and in the latest blocks,
 * decides whether the machine is `normal`, `busier` or `quieter`, and says which blocks the
 * timed metrics must not be tested on.
 *
 * Gate, not normalize: while the machine is busier, the timed metrics' blocks are left out of
 * their tests, and testing resumes against the same references when it is back. Dividing the
 * metrics by the probe's change would need the app's work to slow down in the same proportion
 * as the probe, which it does not: a GPU is not slowed by CPU load, and how much a frame of
 * work loses to other processes depends on its length. A wrong factor would itself read as a
 * change of the code, while leaving blocks out only costs test time.
 */
import { metricInfo } from '../metrics.js';
import type { EnvironmentChange, EnvironmentState, MetricName } from '../types.js';

/** The probe's metric. */
export const PROBE_METRIC: MetricName = 'env.probe';

/**
 * A block whose probe lost at least this much time (ms) was cut: another process took the CPU
 * from the page while the probe held it. Less is clock steps and the wake-up.
 */
export const PROBE_CUT_MS = 1;
/**
 * Blocks with a probe that are not learned from at the start: while the page loads, its own
 * work (compiling, uploading, a software renderer's threads starting) cuts probes that later
 * blocks would not see, and a reference with those cuts would read the page's usual machine
 * as quieter.
 */
export const PROBE_SETTLE_BLOCKS = 10;
/** Blocks with a probe the reference is learned from, after those. */
export const PROBE_REFERENCE_BLOCKS = 20;
/**
 * Latest blocks the probe's current share of cut blocks is counted over (from the reference's
 * blocks on, so that the first share is there as soon as the reference is).
 */
export const PROBE_RECENT_BLOCKS = 15;
/**
 * Fewer cut blocks than this among the latest (or expected from the reference's share) count
 * as this many: a machine left alone cuts a probe now and then (about 1 in 60 here), and none
 * against 1 in 30 is no change of the machine.
 */
export const CUT_FLOOR_BLOCKS = 1;
/**
 * The machine is changed when the share of cut blocks is this many times its reference's (or
 * 1/x): against a quiet reference, 3 cut blocks among the latest 15. Load that only cuts the
 * longer runs cuts a third to a half of the blocks here; a machine left alone (1 in 60) then
 * reads busier in about 0.2 % of the blocks, such load (1 in 3) in 92 % (binomial).
 */
export const CHANGED_RATIO = 3;
/** A changed machine is back to normal when the share is within this ratio again… */
export const NORMAL_RATIO = 1.5;
/**
 * …for this many blocks in a row: a machine read as normal during one lucky stretch would have
 * its loaded blocks tested. Staying changed longer only costs test time.
 */
export const NORMAL_AFTER_BLOCKS = 10;
/**
 * Where cuts are rare, the blocks after a cut block are left out too, this many: the share of
 * the latest blocks lags behind a step of the load by a few blocks, and load that cuts most
 * probes leaves one uncut now and then, whose frames were slowed all the same.
 */
export const AFTER_CUT_BLOCKS = 3;
/** Time lost per block below this (ms) counts as this in the reported levels. */
export const PROBE_FLOOR_MS = 0.5;
/**
 * Blocks a busier machine may stay busier before it becomes the reference: the timed metrics
 * then learn references at the new level, rather than going untested for as long as the
 * machine stays busy. (A quieter machine is tested as it is, and never adopted.) Once the
 * latest blocks are back within {@link NORMAL_RATIO} of the first reference, it is restored:
 * else the next load would read normal against the adopted one, and be tested.
 */
export const ADOPT_BLOCKS = 180;

/**
 * Whether `metric` is timed on the CPU, so that a busier machine makes it worse (unit ms, not
 * the GPU's timer queries). GPU time is left to its tests: other processes' CPU load does not
 * slow a GPU, and on a software renderer (llvmpipe) the page's own GPU work runs on the CPUs
 * and cuts the probe, so that a slower shader would read as a busier machine and never be
 * caught.
 */
export function movesWithMachine(metric: MetricName): boolean {
  if (metric === PROBE_METRIC || metric === 'gpu' || metric.startsWith('gpu.')) return false;
  return metricInfo(metric).unit === 'ms';
}

/** What one block says. */
export interface EnvironmentStep {
  /** The timed metrics must not be tested on this block. */
  skip: boolean;
  /** The timed metrics start a new segment (the changed machine became the reference). */
  relearn: boolean;
  /** The state changed with this block (context and time are the caller's to fill in). */
  change: Omit<EnvironmentChange, 'context' | 'time'> | undefined;
}

/**
 * The share of cut blocks among the latest `held` (`cuts` of them) over a reference's share, in
 * counts of blocks, so that 3 cut blocks against the floor of 1 are 3 × exactly.
 */
function ratioOf(cuts: number, held: number, reference: ProbeReference): number {
  return Math.max(CUT_FLOOR_BLOCKS, cuts) / Math.max(CUT_FLOOR_BLOCKS, reference.share * held);
}

/** What the probe is compared with: the share of cut blocks, and the mean block level (ms). */
interface ProbeReference {
  share: number;
  lost: number;
}

export class EnvironmentTracker {
  /** Current state. */
  state: EnvironmentState = 'normal';
  /** Blocks with a probe seen before learning (while the page settles). */
  private _settle = 0;
  /** Blocks with a probe while the reference is learned: how many, how many cut, time lost. */
  private _learned = 0;
  private _learnedCuts = 0;
  private _learnedLost = 0;
  /** The reference; undefined while it is learned. */
  private _reference: ProbeReference | undefined;
  /** The first reference, learned after the page settled, while a busier one is adopted. */
  private _first: ProbeReference | undefined;
  /** The latest blocks' time lost (ms), a ring. */
  private readonly _recent = new Float64Array(PROBE_RECENT_BLOCKS);
  private _recentCount = 0;
  /** Consecutive blocks with the machine changed. */
  private _changedBlocks = 0;
  /** Consecutive blocks whose share was normal while the machine was changed. */
  private _normalBlocks = 0;
  /** Blocks still to leave out after a cut block. */
  private _afterCut = 0;
  private readonly _step: EnvironmentStep = { skip: false, relearn: false, change: undefined };

  /** The probe's reference level (mean block level, ms), NaN while it is learned. */
  get reference(): number {
    return this._reference?.lost ?? NaN;
  }

  /**
   * Takes one block's probe level (the longest time one of its probes lost, ms), or undefined
   * when the block has none (the probe found no idle time, or there is no probe: nothing is
   * ever gated then). Returns what the block means for the timed metrics (the same object
   * each time).
   */
  observe(level: number | undefined): EnvironmentStep {
    const step = this._step;
    step.skip = this.state === 'busier';
    step.relearn = false;
    step.change = undefined;
    if (level === undefined || !(level >= 0)) return step;
    const cut = level >= PROBE_CUT_MS;
    if (this._settle < PROBE_SETTLE_BLOCKS) {
      this._settle++;
      return step;
    }
    this._recent[this._recentCount % PROBE_RECENT_BLOCKS] = level;
    this._recentCount++;
    if (!this._reference) {
      this._learned++;
      if (cut) this._learnedCuts++;
      this._learnedLost += level;
      if (this._learned >= PROBE_REFERENCE_BLOCKS) {
        this._reference = {
          share: this._learnedCuts / this._learned,
          lost: Math.max(PROBE_FLOOR_MS, this._learnedLost / this._learned),
        };
      }
      return step;
    }
    const held = Math.min(this._recentCount, PROBE_RECENT_BLOCKS);
    let cuts = 0;
    let lost = 0;
    for (let i = 0; i < held; i++) {
      const recent = this._recent[i] ?? 0;
      if (recent >= PROBE_CUT_MS) cuts++;
      lost += recent;
    }
    const current = Math.max(PROBE_FLOOR_MS, lost / held);
    const full = held >= PROBE_RECENT_BLOCKS;
    let restored = false;
    if (full && this._first && ratioOf(cuts, held, this._first) <= NORMAL_RATIO) {
      // The adopted load has left: the first reference is back, and the machine normal.
      this._reference = this._first;
      this._first = undefined;
      this._normalBlocks = 0;
      this.state = 'normal';
      restored = true;
    }
    const ratio = ratioOf(cuts, held, this._reference);
    const next = full ? this._next(ratio) : this.state;
    this._changedBlocks = next === 'busier' ? this._changedBlocks + 1 : 0;
    let adopted = false;
    // Only while the load is still there (this block cut, the latest share still changed): in
    // the blocks after it left, the state stays busier for a while (hysteresis), and adopting
    // then would make the timed metrics learn again just before their first reference is good
    // again, taking in whatever the code did meanwhile.
    if (this._changedBlocks > ADOPT_BLOCKS && cut && ratio >= CHANGED_RATIO) {
      this._first ??= this._reference;
      this._reference = { share: cuts / held, lost: current };
      this._changedBlocks = 0;
      this._afterCut = 0;
      adopted = true;
    }
    const state = adopted ? 'normal' : next;
    if (state !== this.state || adopted || restored) {
      step.change = {
        state,
        change: current / this._reference.lost - 1,
        reference: this._reference.lost,
        current,
        adopted,
      };
      this.state = state;
    }
    // Where cuts are rare, a cut block and the few after it are left out at once.
    if (cut && this._reference.share * CHANGED_RATIO < 1) this._afterCut = AFTER_CUT_BLOCKS + 1;
    // Only a busier machine is left out: a quieter one makes the timed metrics faster, which
    // no test reads as a regression, and leaving it out would only stop testing.
    step.skip = !adopted && (state === 'busier' || this._afterCut > 0);
    if (this._afterCut > 0) this._afterCut--;
    // Either way the timed metrics' references were learned on the other machine.
    step.relearn = adopted || restored;
    return step;
  }

  /** The state the share of cut blocks (as a ratio to the reference's) calls for. */
  private _next(ratio: number): EnvironmentState {
    const level =
      ratio >= CHANGED_RATIO ? 'busier' : ratio <= 1 / CHANGED_RATIO ? 'quieter' : undefined;
    if (level) {
      this._normalBlocks = 0;
      return level;
    }
    if (this.state === 'normal') return 'normal';
    const back = this.state === 'busier' ? ratio <= NORMAL_RATIO : ratio >= 1 / NORMAL_RATIO;
    this._normalBlocks = back ? this._normalBlocks + 1 : 0;
    return this._normalBlocks >= NORMAL_AFTER_BLOCKS ? 'normal' : this.state;
  }
}
