/** Feeds an analyzer with seeded per-frame work for detector tests. */
import type { Analyzer } from '../../../src/analysis/analysis.js';
import type { Context } from '../../../src/types.js';
import { WorkStream } from '../../../bench/detect/trace-model.js';
import type { WorkModel } from '../../../bench/detect/trace-model.js';

/** CPU work per frame: median 8 ms, block CV ≈ 5 %, GC spikes, 0.1 ms timer. */
export const CPU_MODEL: WorkModel = {
  median: 8,
  sigma: 0.09,
  phi: 0.9,
  dof: 4,
  gcRate: 0.005,
  gcFactor: [2, 6],
  resolution: 0.1,
};

/** GPU time per frame: median 4 ms, smooth. */
export const GPU_MODEL: WorkModel = {
  median: 4,
  sigma: 0.05,
  phi: 0.9,
  dof: 6,
  gcRate: 0,
  gcFactor: [1, 1],
  resolution: 0,
};

export interface Frame {
  /** Frame time (ms) and the second it belongs to. */
  time: number;
  second: number;
}

/**
 * Calls `frame` 60 times per second from second `from` to `to` (exclusive), and ticks the
 * analyzer at the end of each second.
 */
export function runSeconds(
  analyzer: Analyzer,
  from: number,
  to: number,
  frame: (at: Frame) => void,
  fps = 60,
): void {
  for (let second = from; second < to; second++) {
    for (let f = 0; f < fps; f++) frame({ time: second * 1000 + (f * 1000) / fps, second });
    analyzer.tick((second + 1) * 1000);
  }
}

/** Streams of cpu and gpu work, fed per frame with the frame interval. */
export class Page {
  readonly cpu: WorkStream;
  readonly gpu: WorkStream;
  context: Context | undefined;

  constructor(seed: number, cpu: WorkModel = CPU_MODEL, gpu: WorkModel = GPU_MODEL) {
    this.cpu = new WorkStream(cpu, seed);
    this.gpu = new WorkStream(gpu, seed + 1);
  }

  /** Feeds one frame of cpu, gpu and frame interval. */
  frame(analyzer: Analyzer, time: number): void {
    analyzer.add('cpu', this.cpu.next(), time, this.context);
    analyzer.add('gpu', this.gpu.next(), time, this.context);
    analyzer.add('frame', 1000 / 60, time, this.context);
  }
}
