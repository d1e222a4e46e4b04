/**
 * Null sessions with gates: the page is hidden now and then (after which the device may run a
 * little faster or slower), and the user switches between two scenes of different cost. Nothing
 * regresses; a detector that compares across a gate raises false alarms. perfwarden runs its real
 * block and gate logic (`Detection`), fed with block summaries; the reference detectors restart
 * after a hidden period and keep one instance per scene.
 */
import { DEFAULT_WATCHED } from '../../src/detect/budget.js';
import { Detection } from '../../src/detect/detection.js';
import type { Context } from '../../src/types.js';
import { histogramLayoutFor } from '../../src/analysis/windows.js';
import type { ClosedWindow } from '../../src/analysis/windows.js';
import { createHistogram } from '../../src/stats/histogram.js';
import type { SerializedHistogram } from '../../src/stats/histogram.js';
import { seededRandom } from '../../test/support/random.js';
import type { BlockStats, BlockTable } from './blocks.js';
import { PoolSampler } from './harness.js';
import type { DetectorEntry, Outcome, SessionDetector } from './harness.js';
import type { Scenario } from './scenarios.js';

/** Mean seconds between hidden periods and between scene switches; the second scene's cost. */
const HIDDEN_EVERY = 150;
const SWITCH_EVERY = 90;
const SCENE_COST = 1.6;

interface Session {
  /** Per second: -1 hidden, else the scene (0 or 1). */
  scene: Int8Array;
  /** Per second: the level factor of the device state. */
  factor: Float64Array;
}

function plan(seconds: number, random: () => number): Session {
  const scene = new Int8Array(seconds);
  const factor = new Float64Array(seconds);
  let current = 0;
  let level = 1;
  let nextHidden = -Math.log(1 - random()) * HIDDEN_EVERY;
  let nextSwitch = -Math.log(1 - random()) * SWITCH_EVERY;
  for (let t = 0; t < seconds; t++) {
    if (t >= nextHidden) {
      const gap = 5 + Math.floor(random() * 55);
      for (let g = t; g < Math.min(seconds, t + gap); g++) scene[g] = -1;
      t += gap - 1;
      level = 0.9 + 0.2 * random();
      nextHidden = t + -Math.log(1 - random()) * HIDDEN_EVERY;
      continue;
    }
    if (t >= nextSwitch) {
      current = 1 - current;
      nextSwitch = t + -Math.log(1 - random()) * SWITCH_EVERY;
    }
    scene[t] = current;
    factor[t] = level * (current === 1 ? SCENE_COST : 1);
  }
  return { scene, factor };
}

/**
 * A window's histogram, which the detector reads only for the p10 of metrics tested on it: one
 * sample at the block's p10 gives exactly that.
 */
function histogramOf(metric: string, block: BlockStats): SerializedHistogram {
  const histogram = createHistogram(histogramLayoutFor(metric));
  if (block.p10 > 0) histogram.add(block.p10);
  return histogram.toJSON();
}

function windowOf(
  metric: string,
  context: Context,
  second: number,
  block: BlockStats,
): ClosedWindow {
  return {
    metric,
    context,
    start: second * 1000,
    end: second * 1000 + 1000,
    count: block.count,
    mean: block.mean,
    min: block.p50,
    max: block.p95,
    p50: block.p50,
    p95: block.p95,
    p99: block.p95,
    histogram: histogramOf(metric, block),
  };
}

/** perfwarden's real gate logic over one gated session; true when it raised any alarm. */
function perfwardenSession(scenario: Scenario, session: Session, sampler: PoolSampler): boolean {
  // Set from the detection's callbacks.
  const seen = { alarm: false };
  const detection = new Detection(
    {
      span: 1000,
      falseAlarmRate: 0.001,
      warmup: 30,
      horizon: 30,
      margin: 0,
      baselineMargin: 0.05,
      storedKind: 'baseline' as const,
      watch: DEFAULT_WATCHED,
      baseline: undefined,
      settle: 2,
      capacity: 240,
      referenceBlocks: 240,
      spacing: 10,
      lifetime: 240,
      epoch: 600,
    },
    {
      regression: () => (seen.alarm = true),
      recovery: () => (seen.alarm = true),
      environment: () => undefined,
    },
    () => (seen.alarm = true),
  );
  const contexts: Context[] = [{ scene: 'small' }, { scene: 'large' }];
  const anyAlarm = (): boolean => detection.verdicts().some((state) => state.alarms > 0);
  let previous = 0;
  for (let t = 0; t < session.scene.length && !seen.alarm; t++) {
    const scene = session.scene[t] ?? 0;
    if (scene < 0) {
      if (previous >= 0) {
        if (anyAlarm()) return true;
        detection.gate('hidden');
      }
      previous = -1;
      continue;
    }
    if (previous >= 0 && scene !== previous) detection.gate('context');
    previous = scene;
    sampler.factor = session.factor[t] ?? 1;
    detection.add(windowOf(scenario.metric, contexts[scene] ?? {}, t, sampler.next()));
    detection.analyse((t + 1) * 1000);
  }
  return seen.alarm || anyAlarm();
}

/** A reference detector over one gated session: restarted after hiding, one per scene. */
function referenceSession(
  detector: DetectorEntry,
  scenario: Scenario,
  session: Session,
  sampler: PoolSampler,
): boolean {
  let scenes: SessionDetector[] = [detector.create(scenario), detector.create(scenario)];
  for (let t = 0; t < session.scene.length; t++) {
    const scene = session.scene[t] ?? 0;
    if (scene < 0) {
      if (t > 0 && (session.scene[t - 1] ?? 0) >= 0) {
        scenes = [detector.create(scenario), detector.create(scenario)];
      }
      continue;
    }
    sampler.factor = session.factor[t] ?? 1;
    if (scenes[scene]?.push(sampler.next()) !== 0) return true;
  }
  return false;
}

/** Null sessions with gates for perfwarden (`detector` undefined) or a reference detector. */
export function gatedSessions(
  detector: DetectorEntry | undefined,
  scenario: Scenario,
  pool: BlockTable,
  sessions: number,
  seconds: number,
  seed: number,
): Outcome {
  const random = seededRandom(seed);
  let falseAlarms = 0;
  for (let s = 0; s < sessions; s++) {
    const session = plan(seconds, random);
    const sampler = new PoolSampler(pool, random);
    const alarmed = detector
      ? referenceSession(detector, scenario, session, sampler)
      : perfwardenSession(scenario, session, sampler);
    if (alarmed) falseAlarms++;
  }
  return { sessions, falseAlarms, delays: [] };
}
