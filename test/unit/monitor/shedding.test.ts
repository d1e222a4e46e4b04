import { describe, expect, it } from 'vitest';
import { OVERHEAD_WINDOW_MS } from '../../../src/monitor/overhead.js';
import { SHED_STEPS, Shedder } from '../../../src/monitor/shedding.js';

describe('shedding', () => {
  it('sheds one step per overhead window while over budget, then restores below half', () => {
    const shedder = new Shedder(0.02, 0);
    expect(shedder.update(0.05, OVERHEAD_WINDOW_MS - 1)).toBe(false);
    expect(shedder.update(0.05, OVERHEAD_WINDOW_MS)).toBe(true);
    expect(shedder.level).toBe(1);
    expect(shedder.probeEvery).toBe(4);
    expect(shedder.gpuEvery).toBe(1);
    expect(shedder.update(0.05, OVERHEAD_WINDOW_MS * 1.5)).toBe(false); // waits a window
    expect(shedder.update(0.05, OVERHEAD_WINDOW_MS * 2)).toBe(true);
    expect(shedder.gpuEvery).toBe(4);
    expect(shedder.cpuEvery).toBe(1);
    expect(shedder.update(0.05, OVERHEAD_WINDOW_MS * 3)).toBe(true);
    expect(shedder.cpuEvery).toBe(2);
    expect(shedder.optionalSources).toBe(true);
    expect(shedder.update(0.05, OVERHEAD_WINDOW_MS * 4)).toBe(true);
    expect(shedder.optionalSources).toBe(false);
    expect(shedder.update(0.05, OVERHEAD_WINDOW_MS * 5)).toBe(true);
    expect(shedder.cpuEvery).toBe(4);
    expect(shedder.update(0.05, OVERHEAD_WINDOW_MS * 6)).toBe(false); // nothing left to shed
    expect(shedder.event(0.05, 1).shed).toEqual([...SHED_STEPS]);
    // Under budget but not under half of it: stays.
    expect(shedder.update(0.015, OVERHEAD_WINDOW_MS * 7)).toBe(false);
    expect(shedder.update(0.005, OVERHEAD_WINDOW_MS * 8)).toBe(true);
    expect(shedder.level).toBe(4);
    expect(shedder.event(0.005, 7)).toEqual({
      level: 4,
      shed: SHED_STEPS.slice(0, 4),
      overhead: 0.005,
      budget: 0.02,
      time: 7,
    });
  });

  it('skips the probe step in a monitor without a detector (it runs no probe)', () => {
    const shedder = new Shedder(0.02, 0, false);
    expect(shedder.update(0.05, OVERHEAD_WINDOW_MS)).toBe(true);
    expect(shedder.gpuEvery).toBe(4);
    expect(shedder.event(0.05, 1).shed).toEqual(['gpu: every 4th frame']);
  });
});
