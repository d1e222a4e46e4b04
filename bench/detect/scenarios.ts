/**
 * The benchmark scenarios: per-frame models of what the collector would measure, one metric
 * each, and the conditions applied to them from a given block on (no change, a median shift,
 * a tail-only shift).
 */
import type { MetricName } from '../../src/types.js';
import { seededRandom } from '../../test/support/random.js';
import { vsyncInterval, WorkStream } from './trace-model.js';
import type { WorkModel } from './trace-model.js';

/** What changes at the change block. */
export interface Condition {
  type: 'null' | 'median' | 'tail';
  /** Multiplier: 1.1 = +10 %. */
  factor: number;
}

export const NULL: Condition = { type: 'null', factor: 1 };

/** Receives every sample of a simulated session. */
export type SampleSink = (metric: MetricName, value: number, time: number) => void;

/** One simulated session, one block (second) at a time. */
export interface SessionSimulator {
  /** Emits the samples of block `index` (time in [index·1000, (index+1)·1000)). */
  block(index: number, sink: SampleSink): void;
  /** Applies a condition from now on. */
  apply(condition: Condition): void;
}

export interface Scenario {
  name: string;
  /** Short description for the tables. */
  label: string;
  /** The metric under test. */
  metric: MetricName;
  kind: 'location' | 'proportion';
  /** Whether tail-only shifts are part of the scenario. */
  tail: boolean;
  /** Seconds are pooled into one block until it holds this many samples (sparse metrics). */
  pool?: number;
  session(seed: number): SessionSimulator;
}

const BLOCK_MS = 1000;

function applyTo(stream: WorkStream, condition: Condition): void {
  stream.factor = condition.type === 'median' ? condition.factor : 1;
  stream.tailFactor = condition.type === 'tail' ? condition.factor : 1;
}

/** A per-frame metric at `rate` frames per second; `kept` is the share of frames measured. */
export function perFrame(metric: MetricName, model: WorkModel, rate: number, kept = 1) {
  return (seed: number): SessionSimulator => {
    const stream = new WorkStream(model, seed);
    const interval = BLOCK_MS / rate;
    return {
      block(index, sink) {
        for (let f = 0; f < rate; f++) {
          const value = stream.next();
          if (kept < 1 && stream.uniform() >= kept) continue;
          sink(metric, value, index * BLOCK_MS + f * interval);
        }
      },
      apply: (condition) => {
        applyTo(stream, condition);
      },
    };
  };
}

/** Sparse interactions: Poisson arrivals, durations rounded up to 8 ms as Event Timing does. */
function interactions(model: WorkModel, perSecond: number) {
  return (seed: number): SessionSimulator => {
    const stream = new WorkStream(model, seed);
    const uniform = seededRandom(seed ^ 0x5bd1e995);
    return {
      block(index, sink) {
        let time = index * BLOCK_MS;
        for (;;) {
          time += (-Math.log(1 - uniform()) / perSecond) * BLOCK_MS;
          if (time >= (index + 1) * BLOCK_MS) return;
          sink('event', Math.ceil(stream.next() / 8) * 8, time);
        }
      },
      apply: (condition) => {
        applyTo(stream, condition);
      },
    };
  };
}

/**
 * Frames under vsync: each frame's interval is its work rounded up to refresh intervals; a
 * frame longer than 1.5 refresh intervals is a dropped frame (as the collector reports it).
 */
function vsyncFrames(model: WorkModel, hz: number) {
  return (seed: number): SessionSimulator => {
    const stream = new WorkStream(model, seed);
    const refresh = BLOCK_MS / hz;
    let time = 0;
    return {
      block(index, sink) {
        const end = (index + 1) * BLOCK_MS;
        time = Math.max(time, index * BLOCK_MS);
        while (time < end) {
          const interval = vsyncInterval(stream.next(), refresh);
          time += interval;
          sink('frame', interval, Math.min(time, end - 1e-6));
          if (interval > 1.5 * refresh) sink('frame.dropped', interval, Math.min(time, end - 1e-6));
        }
      },
      apply: (condition) => {
        applyTo(stream, condition);
      },
    };
  };
}

/** CPU work per frame of a 60 Hz page: median 8 ms, block CV about 5 %, occasional GC pauses. */
export const CPU: WorkModel = {
  median: 8,
  sigma: 0.09,
  phi: 0.9,
  dof: 4,
  gcRate: 0.005,
  gcFactor: [2, 6],
  resolution: 0.1,
};

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'cpu-60',
    label: 'CPU work per frame, 60 Hz, block CV ≈ 5 %',
    metric: 'cpu',
    kind: 'location',
    tail: true,
    session: perFrame('cpu', CPU, 60),
  },
  {
    name: 'cpu-120',
    label: 'CPU work per frame, 120 Hz, block CV ≈ 3 %',
    metric: 'cpu',
    kind: 'location',
    tail: true,
    session: perFrame('cpu', { ...CPU, median: 4 }, 120),
  },
  {
    name: 'cpu-noisy',
    label: 'CPU work per frame, 60 Hz, block sd 0.17 (deliberately noisy)',
    metric: 'cpu',
    kind: 'location',
    tail: true,
    session: perFrame('cpu', { ...CPU, sigma: 0.3 }, 60),
  },
  {
    name: 'gpu',
    label: 'GPU time per frame (timer queries, half the frames), 60 Hz',
    metric: 'gpu',
    kind: 'location',
    tail: true,
    session: perFrame(
      'gpu',
      { median: 5, sigma: 0.06, phi: 0.95, dof: 6, gcRate: 0, gcFactor: [1, 1], resolution: 0 },
      60,
      0.5,
    ),
  },
  {
    name: 'interaction',
    label: 'Slow interactions, 3 per s, 8 ms rounding',
    metric: 'event',
    kind: 'location',
    tail: false,
    pool: 8,
    session: interactions(
      { median: 120, sigma: 0.35, phi: 0, dof: 4, gcRate: 0, gcFactor: [1, 1], resolution: 0 },
      3,
    ),
  },
  {
    name: 'frames-60',
    label: 'Dropped-frame share, 60 Hz, work 12 ms',
    metric: 'frame.dropped',
    kind: 'proportion',
    tail: false,
    session: vsyncFrames({ ...CPU, median: 12, sigma: 0.12 }, 60),
  },
  {
    name: 'frames-120',
    label: 'Dropped-frame share, 120 Hz, work 6 ms',
    metric: 'frame.dropped',
    kind: 'proportion',
    tail: false,
    session: vsyncFrames({ ...CPU, median: 6, sigma: 0.12 }, 120),
  },
];
