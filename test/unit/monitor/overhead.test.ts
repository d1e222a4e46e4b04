import { describe, expect, it, vi } from 'vitest';
import { OverheadMeter } from '../../../src/monitor/overhead.js';

describe('overhead meter', () => {
  it('is the busy share of the time since start, within the sliding window', () => {
    const meter = new OverheadMeter(() => undefined);
    meter.start(0);
    meter.add(100, 110); // 10 ms
    meter.add(900, 910); // 10 ms
    expect(meter.fraction(1000)).toBeCloseTo(0.02, 10);
    // 30 s later the old work has left the window.
    meter.add(30_500, 30_600);
    expect(meter.fraction(31_000)).toBeCloseTo(100 / (31_000 - 22_000), 10);
  });

  it('is 0 when stopped or before any time has passed', () => {
    const meter = new OverheadMeter(() => undefined);
    expect(meter.fraction(10)).toBe(0);
    meter.start(10);
    expect(meter.fraction(10)).toBe(0);
    meter.add(10, 20);
    meter.stop();
    expect(meter.fraction(30)).toBe(0);
  });

  it('guards callbacks: times them and reports what they throw', () => {
    const reported: [string, unknown][] = [];
    const meter = new OverheadMeter((kind, error) => reported.push([kind, error]));
    meter.start(0);
    let t = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (t += 5));
    const error = new Error('bug');
    const guarded = meter.guard('source.test', (value: number) => {
      if (value > 1) throw error;
    });
    expect(() => {
      guarded(1);
      guarded(2);
    }).not.toThrow();
    clock.mockRestore();
    expect(reported).toEqual([['source.test', error]]);
    // Two calls of 5 ms each (one clock step per call) over 1000 ms.
    expect(meter.fraction(1000)).toBeCloseTo(0.01, 10);
  });
});
