import { describe, expect, it } from 'vitest';
import {
  BASE_PERIOD,
  BURST_WINDOWS,
  CONFIRM_WINDOWS,
  DutyCycle,
  SURPRISE,
  EVIDENCE_RISING,
  MAX_PERIOD,
} from '../../../src/monitor/duty-cycle.js';
import { OVERHEAD_WINDOW_MS } from '../../../src/monitor/overhead.js';

const quiet = { warming: false, evidence: 0 };
const measured = (duty: DutyCycle, windows: number, state = quiet): number[] =>
  Array.from({ length: windows }, (_, window) => window).filter((window) =>
    duty.measures(window, state),
  );

describe('duty cycle', () => {
  it('measures a burst of windows every period while nothing happens', () => {
    const duty = new DutyCycle('adaptive', 0.02, 0);
    expect(measured(duty, 3 * BASE_PERIOD)).toEqual([
      // The first burst is one window longer: the first window is partial.
      ...Array.from({ length: BURST_WINDOWS + 1 }, (_, i) => i),
      ...Array.from({ length: BURST_WINDOWS }, (_, i) => BASE_PERIOD + i),
      ...Array.from({ length: BURST_WINDOWS }, (_, i) => 2 * BASE_PERIOD + i),
    ]);
  });

  it('says which window it measures next, as measures() will decide it', () => {
    const planned = new DutyCycle('adaptive', 0.02, 0);
    const asked = new DutyCycle('adaptive', 0.02, 0);
    // A surprising block at window 23 makes the next windows measured too.
    const state = (window: number) => (window === 23 ? { ...quiet, deviation: SURPRISE } : quiet);
    const windows = 4 * BASE_PERIOD;
    const decided = Array.from({ length: windows }, (_, window) =>
      asked.measures(window, state(window)),
    );
    for (let window = 0; window < windows; window++) {
      planned.measures(window, state(window));
      const next = decided.indexOf(true, window + 1);
      // The surprise itself cannot be foreseen: it is the state of its own window.
      if (next >= 0 && next !== 23) expect(planned.nextMeasured(window + 1)).toBe(next);
    }
    expect(new DutyCycle('full', 0.02, 0).nextMeasured(7)).toBe(7);
  });

  it('starts its bursts at the first window it is asked about, whatever its number', () => {
    const duty = new DutyCycle('adaptive', 0.02, 0);
    const windows = Array.from({ length: 2 * BASE_PERIOD }, (_, i) => 1_234_567 + i);
    expect(windows.filter((window) => duty.measures(window, quiet))).toEqual([
      ...Array.from({ length: BURST_WINDOWS + 1 }, (_, i) => 1_234_567 + i),
      ...Array.from({ length: BURST_WINDOWS }, (_, i) => 1_234_567 + BASE_PERIOD + i),
    ]);
  });

  it('measures the first whole window after start: the window holding start() is only its rest', () => {
    const duty = new DutyCycle('adaptive', 0.02, 0);
    expect(duty.measures(500, quiet)).toBe(true);
    expect(duty.measures(501, quiet)).toBe(true);
    expect(duty.measures(502, quiet)).toBe(false);
  });

  it('measures every window while a reference is learned or evidence rises, and in full mode', () => {
    const adaptive = new DutyCycle('adaptive', 0.02, 0);
    expect(measured(adaptive, 20, { warming: true, evidence: 0 })).toHaveLength(20);
    expect(measured(adaptive, 20, { warming: false, evidence: EVIDENCE_RISING })).toHaveLength(20);
    expect(
      measured(adaptive, 2 * BASE_PERIOD, { warming: false, evidence: EVIDENCE_RISING - 0.01 }),
    ).toHaveLength(2 * BURST_WINDOWS + 1);
    expect(measured(new DutyCycle('full', 0.02, 0), 20)).toHaveLength(20);
  });

  it('stretches the period over budget and brings it back well under it, once per overhead window', () => {
    const duty = new DutyCycle('adaptive', 0.02, 0);
    expect(duty.adjust(0.05, OVERHEAD_WINDOW_MS - 1)).toBe(false);
    expect(duty.adjust(0.05, OVERHEAD_WINDOW_MS)).toBe(true);
    expect(duty.period).toBe(2 * BASE_PERIOD);
    expect(duty.adjust(0.05, OVERHEAD_WINDOW_MS + 1)).toBe(false);
    for (let i = 2; i < 10; i++) duty.adjust(0.05, i * OVERHEAD_WINDOW_MS);
    expect(duty.period).toBe(MAX_PERIOD);
    // Between half the budget and the budget: no change (hysteresis).
    expect(duty.adjust(0.015, 20 * OVERHEAD_WINDOW_MS)).toBe(false);
    expect(duty.adjust(0.005, 21 * OVERHEAD_WINDOW_MS)).toBe(true);
    expect(duty.period).toBe(MAX_PERIOD / 2);
    const full = new DutyCycle('full', 0.02, 0);
    expect(full.adjust(1, OVERHEAD_WINDOW_MS)).toBe(false);
  });

  it('measures the windows after a block far on the worse side of its reference', () => {
    const duty = new DutyCycle('adaptive', 0.02, 0);
    // A burst at window 0 whose block lies SURPRISE scales above the reference.
    expect(duty.measures(0, { ...quiet, deviation: SURPRISE })).toBe(true);
    const after = Array.from({ length: CONFIRM_WINDOWS + 3 }, (_, i) => i + 1);
    const measuredAfter = after.filter((window) => duty.measures(window, quiet));
    expect(measuredAfter).toEqual(
      after.filter((window) => window < CONFIRM_WINDOWS || window % BASE_PERIOD < BURST_WINDOWS),
    );
    // A block as far on the better side is no reason to look closer.
    const other = new DutyCycle('adaptive', 0.02, 0);
    other.measures(0, { ...quiet, deviation: -SURPRISE });
    expect(other.measures(BURST_WINDOWS + 1, quiet)).toBe(false);
  });
});
