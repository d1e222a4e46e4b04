/**
 * Runs detectors over block-level sessions. A session is stitched from chunks of consecutive
 * blocks drawn at random from a pool of frame-by-frame simulated sessions (a moving-block
 * bootstrap): it keeps the blocks' distribution and their short-range correlation exactly as
 * the per-frame model makes them, at a fraction of the cost. `detect.bench.ts` checks it
 * against sessions simulated frame by frame end to end.
 */
import { FalseAlarmBudget, DEFAULT_WATCHED } from '../../src/detect/budget.js';
import { MetricDetector } from '../../src/detect/metric-detector.js';
import type { DetectorSettings } from '../../src/detect/metric-detector.js';
import { policyFor, transform } from '../../src/detect/policy.js';
import { DutyCycle } from '../../src/monitor/duty-cycle.js';
import type { DutySettings, FrameSamplingMode } from '../../src/monitor/duty-cycle.js';
import { seededRandom } from '../../test/support/random.js';
import type { BlockStats, BlockTable } from './blocks.js';
import type { ChannelDetector, Direction } from './reference-detectors.js';
import type { Condition, Scenario } from './scenarios.js';

/** Blocks per bootstrap chunk: several times the blocks' correlation length. */
export const CHUNK = 20;
/** A null session whose confidence reached this without an alarm came near one. */
export const NEAR_MISS = 0.5;

/** A detector of one session, fed block by block. */
export interface SessionDetector {
  push(block: BlockStats): Direction;
  /** perfwarden's 1 − always-valid p while stable (for the validation against frames). */
  confidence?(): number;
  /** The share of the session's windows whose frames were measured (frame sampling). */
  measured?(): number;
}

export interface DetectorEntry {
  name: string;
  create(scenario: Scenario): SessionDetector;
}

/**
 * perfwarden's detector for the scenario's metric, with the analyzer's default settings. With
 * `adaptive` frame sampling, a block is fed only when the monitor's duty cycle would have
 * measured its window (every window while the reference is learned or evidence rises, a burst
 * every period otherwise); the others pass unseen, as in a page.
 */
export function perfwarden(
  settings: Omit<DetectorSettings, 'budget'>,
  sampling: FrameSamplingMode = 'full',
  duty?: DutySettings,
): DetectorEntry {
  return {
    name: sampling === 'full' ? 'perfwarden' : 'perfwarden, adaptive sampling',
    create(scenario) {
      const policy = policyFor(scenario.metric);
      const detector = new MetricDetector(scenario.metric, {}, policy, {
        ...settings,
        budget: new FalseAlarmBudget(0.001, DEFAULT_WATCHED),
      });
      const cycle = new DutyCycle(sampling, 0.02, 0, duty);
      let time = 0;
      let window = 0;
      let measuredWindows = 0;
      return {
        push(block) {
          const start = time;
          time += block.seconds * 1000;
          const { verdict } = detector;
          const measured = cycle.measures(window, {
            warming: verdict.state === 'warming-up',
            evidence: verdict.state === 'stable' ? verdict.confidence : 0,
            deviation: verdict.state === 'stable' ? (verdict.deviation ?? 0) : 0,
          });
          window += Math.max(1, Math.round(block.seconds));
          if (!measured) return 0;
          measuredWindows += Math.max(1, Math.round(block.seconds));
          const alarms = detector.alarms;
          let event;
          if (scenario.kind === 'proportion') {
            const share = Math.min(1, block.count / Math.max(1, block.frames));
            event = detector.consume({
              start,
              end: time,
              values: [transform('proportion', share)],
              p50: share,
              p95: share,
              mean: share,
              weight: block.frames,
            });
          } else {
            event = detector.consume({
              start,
              end: time,
              values: policy.statistics.map((s) =>
                Math.log(s === 'p95' ? block.p95 : s === 'p10' ? block.p10 : block.p50),
              ),
              p50: block.p50,
              p95: block.p95,
              p10: block.p10,
              mean: block.mean,
              weight: block.count,
            });
          }
          if (event?.type === 'regression') return 1;
          return detector.alarms > alarms ? -1 : 0;
        },
        confidence() {
          const { verdict } = detector;
          return verdict.state === 'stable' ? verdict.confidence : 0;
        },
        measured() {
          return window > 0 ? measuredWindows / window : 1;
        },
      };
    },
  };
}

/** A reference detector on the same block statistics as perfwarden (any channel alarms). */
export function onChannels(name: string, make: () => ChannelDetector): DetectorEntry {
  return {
    name,
    create(scenario) {
      const channels = scenario.kind === 'proportion' ? 1 : scenario.tail ? 2 : 1;
      const detectors = Array.from({ length: channels }, make);
      return {
        push(block) {
          let direction: Direction = 0;
          detectors.forEach((detector, c) => {
            const value =
              scenario.kind === 'proportion'
                ? block.count / Math.max(1, block.frames)
                : Math.log(c === 1 ? block.p95 : block.p50);
            const crossing = detector.push(value);
            if (crossing > direction || direction === 0) direction = crossing || direction;
          });
          return direction;
        },
      };
    },
  };
}

/** Draws sessions from a pool, chunk by chunk. */
export class PoolSampler {
  private readonly _table: BlockTable;
  private readonly _random: () => number;
  private _index = 0;
  private _left = 0;
  /** A multiplier applied to the levels (median shifts on the no-change pool). */
  factor = 1;
  private readonly _block: BlockStats = {
    p50: 0,
    p95: 0,
    p10: 0,
    mean: 0,
    count: 0,
    frames: 0,
    seconds: 1,
  };

  constructor(table: BlockTable, random: () => number) {
    this._table = table;
    this._random = random;
  }

  /** Starts a new chunk at the next block. */
  jump(): void {
    this._left = 0;
  }

  next(): BlockStats {
    if (this._left === 0) {
      const { sessions } = this._table;
      const s = Math.floor(this._random() * (sessions.length - 1));
      const first = sessions[s] ?? 0;
      const length = (sessions[s + 1] ?? 0) - first;
      const chunk = Math.min(CHUNK, length);
      this._index = first + Math.floor(this._random() * (length - chunk + 1));
      this._left = chunk;
    }
    this._left--;
    const block = this._table.read(this._index++, this._block);
    if (this.factor !== 1) {
      block.p50 *= this.factor;
      block.p95 *= this.factor;
      block.p10 *= this.factor;
      block.mean *= this.factor;
    }
    return block;
  }
}

/** Outcome of a set of sessions for one detector. */
export interface Outcome {
  sessions: number;
  /** Sessions with an alarm before any change (null sessions: any alarm). */
  falseAlarms: number;
  /** Null sessions whose confidence reached 0.5 without an alarm (when tracked). */
  nearMisses?: number;
  /** Mean share of windows whose frames were measured (detectors that sample frames). */
  measured?: number;
  /** Delays (s) from the change to the first worse alarm, for the sessions that caught it. */
  delays: number[];
}

/** Null sessions of `seconds`: counts the sessions with any alarm. */
export function runNull(
  detector: DetectorEntry,
  scenario: Scenario,
  pool: BlockTable,
  sessions: number,
  seconds: number,
  seed: number,
  trackConfidence = false,
): Outcome {
  const random = seededRandom(seed);
  let falseAlarms = 0;
  let nearMisses = 0;
  let measured = 0;
  for (let s = 0; s < sessions; s++) {
    const sampler = new PoolSampler(pool, random);
    const session = detector.create(scenario);
    let near = false;
    for (let time = 0; time < seconds;) {
      const block = sampler.next();
      time += block.seconds;
      if (session.push(block) !== 0) {
        falseAlarms++;
        near = false;
        break;
      }
      if (trackConfidence && (session.confidence?.() ?? 0) >= NEAR_MISS) near = true;
    }
    if (near) nearMisses++;
    measured += session.measured?.() ?? 1;
  }
  return { sessions, falseAlarms, delays: [], nearMisses, measured: measured / sessions };
}

export interface ShiftPlan {
  /** The change happens at a uniformly drawn second in [earliest, latest). */
  earliest: number;
  latest: number;
  /** Seconds after the change before a session counts as missed. */
  horizon: number;
}

/**
 * Sessions with a change: blocks from `before` until the change, then from `after` (or from
 * `before` scaled by a median shift). Records the delay to the first worse alarm after it.
 */
export function runShift(
  detector: DetectorEntry,
  scenario: Scenario,
  before: BlockTable,
  after: BlockTable | undefined,
  condition: Condition,
  sessions: number,
  plan: ShiftPlan,
  seed: number,
): Outcome {
  const random = seededRandom(seed);
  let falseAlarms = 0;
  const delays: number[] = [];
  for (let s = 0; s < sessions; s++) {
    const change = plan.earliest + Math.floor(random() * (plan.latest - plan.earliest));
    const pre = new PoolSampler(before, random);
    const post = after ? new PoolSampler(after, random) : new PoolSampler(before, random);
    if (!after) post.factor = condition.factor;
    const session = detector.create(scenario);
    let time = 0;
    let alarmedBefore = false;
    while (time < change + plan.horizon) {
      const block = time < change ? pre.next() : post.next();
      time += block.seconds;
      const direction = session.push(block);
      if (time <= change) {
        if (direction !== 0) alarmedBefore = true;
      } else if (direction === 1) {
        delays.push(time - change);
        break;
      }
    }
    if (alarmedBefore) falseAlarms++;
  }
  return { sessions, falseAlarms, delays };
}
