import { describe, expect, it } from 'vitest';
import { cpuTimeWindows } from '../../../src/cli/run-cpu-time.js';
import type { CpuReading } from '../../../src/cli/run-cpu-time.js';
import { runValue } from '../../../src/cli/run-statistics.js';

const reading = (overrides: Partial<CpuReading> = {}): CpuReading => ({
  frames: 0,
  mainThreadSeconds: 10,
  gpuProcessNs: 5e9,
  gpuPid: 42,
  ...overrides,
});
const span = { start: 1000, end: 3000 };

describe('cpuTimeWindows', () => {
  it('gives the main thread and the GPU process CPU ms per frame, one window each', () => {
    const windows = cpuTimeWindows(
      reading({ frames: 10 }),
      reading({ frames: 130, mainThreadSeconds: 10.6, gpuProcessNs: 5.24e9 }),
      span,
    );
    const thread = windows.find((w) => w.metric === 'cpu.thread');
    const gpu = windows.find((w) => w.metric === 'cpu.gpu');
    expect(thread?.count).toBe(120);
    expect(thread?.mean).toBeCloseTo(5, 9);
    expect(gpu?.mean).toBeCloseTo(2, 9);
    // The run's value of the check the CLI decides on.
    expect(runValue(windows, { metric: 'cpu.thread', statistic: 'mean' })).toBeCloseTo(5, 9);
  });

  it('gives nothing without frames, and no metric whose counter is missing or went backwards', () => {
    expect(cpuTimeWindows(reading({ frames: 5 }), reading({ frames: 5 }), span)).toEqual([]);
    const noThread = cpuTimeWindows(
      reading({ mainThreadSeconds: undefined }),
      reading({ frames: 60, gpuProcessNs: 6e9 }),
      span,
    );
    expect(noThread.map((w) => w.metric)).toEqual(['cpu.gpu']);
    const backwards = cpuTimeWindows(
      reading(),
      reading({ frames: 60, mainThreadSeconds: 9, gpuProcessNs: undefined }),
      span,
    );
    expect(backwards).toEqual([]);
  });

  it('drops the GPU figure when the GPU process was replaced during the run', () => {
    const windows = cpuTimeWindows(
      reading(),
      reading({ frames: 60, mainThreadSeconds: 10.3, gpuProcessNs: 9e9, gpuPid: 43 }),
      span,
    );
    expect(windows.map((w) => w.metric)).toEqual(['cpu.thread']);
  });
});
