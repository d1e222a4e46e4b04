/**
 * Per-block statistics of simulated sessions, computed the way the analyzer's windows do (a
 * log-bucket histogram per block): block median, p95, p10 (as the detector reads it), mean and
 * count of the metric under test,
 * and the frame count for shares.
 */
import { createHistogram } from '../../src/stats/histogram.js';
import { histogramLayoutFor } from '../../src/analysis/windows.js';
import { undisturbedLevel } from '../../src/detect/block-input.js';
import type { Condition, Scenario } from './scenarios.js';

/** Statistics of one block. */
export interface BlockStats {
  p50: number;
  p95: number;
  p10: number;
  mean: number;
  /** Samples of the metric in the block. */
  count: number;
  /** Frames in the block (shares). */
  frames: number;
  /** Seconds the block spans (more than 1 when sparse samples are pooled). */
  seconds: number;
}

/** Blocks of many sessions, column by column. */
export class BlockTable {
  readonly p50: Float64Array;
  readonly p95: Float64Array;
  readonly p10: Float64Array;
  readonly mean: Float64Array;
  readonly count: Float64Array;
  readonly frames: Float64Array;
  readonly seconds: Float64Array;
  /** Index of the first block of each simulated session, and the end. */
  readonly sessions: number[] = [0];
  length = 0;

  constructor(capacity: number) {
    this.p50 = new Float64Array(capacity);
    this.p95 = new Float64Array(capacity);
    this.p10 = new Float64Array(capacity);
    this.mean = new Float64Array(capacity);
    this.count = new Float64Array(capacity);
    this.frames = new Float64Array(capacity);
    this.seconds = new Float64Array(capacity);
  }

  push(block: BlockStats): void {
    const i = this.length++;
    this.p50[i] = block.p50;
    this.p95[i] = block.p95;
    this.p10[i] = block.p10;
    this.mean[i] = block.mean;
    this.count[i] = block.count;
    this.frames[i] = block.frames;
    this.seconds[i] = block.seconds;
  }

  /** Copies block `i` into `out`. */
  read(i: number, out: BlockStats): BlockStats {
    out.p50 = this.p50[i] ?? NaN;
    out.p95 = this.p95[i] ?? NaN;
    out.p10 = this.p10[i] ?? NaN;
    out.mean = this.mean[i] ?? NaN;
    out.count = this.count[i] ?? 0;
    out.frames = this.frames[i] ?? 0;
    out.seconds = this.seconds[i] ?? 1;
    return out;
  }
}

/**
 * Simulates `sessions` sessions of `blocks` seconds frame by frame under `condition` (from the
 * first block) and returns their block statistics, session after session. Seconds without a
 * sample of a sparse metric are pooled with the next ones, as the analyzer does.
 */
export function simulateBlocks(
  scenario: Scenario,
  condition: Condition,
  sessions: number,
  blocks: number,
  seed: number,
): BlockTable {
  const table = new BlockTable(sessions * blocks);
  const histogram = createHistogram(histogramLayoutFor(scenario.metric));
  let frames = 0;
  // For shares the metric's own samples are the dropped frames; every block has frames.
  const sink = (metric: string, value: number): void => {
    if (metric === 'frame') frames++;
    if (metric === scenario.metric) histogram.add(value);
  };
  const minimum = scenario.pool ?? 0;
  for (let s = 0; s < sessions; s++) {
    const session = scenario.session(seed + s);
    session.apply(condition);
    histogram.reset();
    frames = 0;
    let seconds = 0;
    for (let b = 0; b < blocks; b++) {
      session.block(b, sink);
      seconds++;
      if (histogram.count < minimum) continue;
      const empty = histogram.count === 0;
      table.push({
        p50: empty ? NaN : histogram.quantile(0.5),
        p95: empty ? NaN : histogram.quantile(0.95),
        p10: undisturbedLevel(histogram),
        mean: empty ? NaN : histogram.mean,
        count: histogram.count,
        frames,
        seconds,
      });
      histogram.reset();
      frames = 0;
      seconds = 0;
    }
    table.sessions.push(table.length);
  }
  return table;
}
