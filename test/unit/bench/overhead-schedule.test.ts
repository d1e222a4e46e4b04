import { describe, expect, it } from 'vitest';
import { armOn, onOffPairs } from '../../../bench/overhead/schedule.js';
import type { Reading } from '../../../bench/overhead/statistics.js';

const period = (cpuMs: number): Reading => ({ cpuNs: cpuMs * 1e6, frames: 100, wallMs: 1000 });

describe('the alternating schedule', () => {
  it('goes on, off, off, on (ABBA) and the other phase the opposite way', () => {
    const states = (phase: 0 | 1): boolean[] =>
      Array.from({ length: 8 }, (_, i) => armOn(phase, i));
    expect(states(0)).toEqual([true, false, false, true, true, false, false, true]);
    expect(states(1)).toEqual([false, true, true, false, false, true, true, false]);
  });

  it('keeps half the pages on at any time with one page of each phase', () => {
    for (let i = 0; i < 16; i++) expect(armOn(0, i)).not.toBe(armOn(1, i));
  });

  it('pairs adjacent periods, on first then off first, each in its place', () => {
    // Period i costs i ms: which reading is "on" follows the schedule.
    const pairs = onOffPairs(0, [0, 1, 2, 3, 4].map(period));
    expect(pairs.map(({ on, off }) => [on.cpuNs / 1e6, off.cpuNs / 1e6])).toEqual([
      [0, 1],
      [3, 2],
    ]);
    const other = onOffPairs(1, [0, 1, 2, 3].map(period));
    expect(other.map(({ on, off }) => [on.cpuNs / 1e6, off.cpuNs / 1e6])).toEqual([
      [1, 0],
      [2, 3],
    ]);
  });

  it('cancels a linear drift over an even number of pairs', () => {
    // The page slows by 1 % per period; the arm changes nothing: on and off sum to the same.
    const drifting = Array.from({ length: 8 }, (_, i) => period(100 + i));
    for (const phase of [0, 1] as const) {
      const pairs = onOffPairs(phase, drifting);
      const on = pairs.reduce((sum, pair) => sum + pair.on.cpuNs, 0);
      const off = pairs.reduce((sum, pair) => sum + pair.off.cpuNs, 0);
      expect(on).toBe(off);
    }
  });
});
