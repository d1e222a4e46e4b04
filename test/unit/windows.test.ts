import { describe, expect, it } from 'vitest';
import { contextKey, Windows } from '../../src/analysis/windows.js';
import type { ClosedWindow } from '../../src/analysis/windows.js';

function collect(duration = 1000, maxSeries = 64): { windows: Windows; closed: ClosedWindow[] } {
  const closed: ClosedWindow[] = [];
  const windows = new Windows({ duration, maxSeries, onWindow: (w) => closed.push(w) });
  return { windows, closed };
}

describe('Windows', () => {
  it('aggregates a metric over grid-aligned windows and closes on the next window', () => {
    const { windows, closed } = collect();
    for (let t = 1000; t < 3000; t += 100) windows.add('cpu', t < 2000 ? 4 : 8, t);
    windows.add('cpu', 4, 3000);
    expect(closed.map((w) => [w.start, w.end, w.count, w.p50])).toEqual([
      [1000, 2000, 10, expect.closeTo(4, 1) as number],
      [2000, 3000, 10, expect.closeTo(8, 1) as number],
    ]);
    expect(closed[0]?.histogram.count).toBe(10);
  });

  it('keeps contexts apart, and equal labels in different objects together', () => {
    const { windows, closed } = collect();
    windows.add('frame', 16, 10, { scene: 'a' });
    windows.add('frame', 16, 20, { scene: 'a' });
    windows.add('frame', 33, 30, { scene: 'b' });
    windows.closeAll(500);
    expect(closed.map((w) => [w.context['scene'], w.count, w.end])).toEqual([
      ['a', 2, 500],
      ['b', 1, 500],
    ]);
  });

  it('closes due windows on closeDue and not before', () => {
    const { windows, closed } = collect();
    windows.add('memory', 1e8, 100);
    windows.closeDue(999);
    expect(closed).toHaveLength(0);
    windows.closeDue(1000);
    expect(closed).toHaveLength(1);
    expect(closed[0]?.p50).toBeCloseTo(1e8, -7);
  });

  it('closes a window that a listener opened while closeDue closed others', () => {
    const closed: ClosedWindow[] = [];
    const windows = new Windows({
      duration: 1000,
      maxSeries: 64,
      onWindow: (window) => {
        closed.push(window);
        // `memory` was closed earlier in the same pass: this opens its next window.
        if (window.metric === 'cpu') windows.add('memory', 2e8, 1500);
      },
    });
    windows.add('memory', 1e8, 100);
    windows.add('cpu', 4, 100);
    windows.closeDue(1000);
    windows.closeDue(2000);
    expect(closed.map((w) => [w.metric, w.start])).toEqual([
      ['memory', 0],
      ['cpu', 0],
      ['memory', 1000],
    ]);
  });

  it('drops and counts samples beyond maxSeries and invalid values', () => {
    const { windows } = collect(1000, 1);
    windows.add('cpu', 1, 0);
    windows.add('gpu', 1, 0);
    windows.add('cpu', Number.NaN, 0);
    windows.add('cpu', 1, Number.NaN);
    expect(windows.dropped).toBe(3);
  });

  it('derives a context key independent of label order', () => {
    expect(contextKey({ a: '1', b: '2' })).toBe(contextKey({ b: '2', a: '1' }));
    expect(contextKey({ a: '1' })).not.toBe(contextKey({ a: '2' }));
  });
});

describe('Windows.attribute', () => {
  it('tallies attributed amounts per window and caps the number of keys', () => {
    const { windows, closed } = collect();
    windows.add('loaf', 120, 100);
    windows.attribute('loaf', 'https://app/a.js', 80, 100);
    windows.attribute('loaf', 'https://app/a.js', 20, 150);
    for (let i = 0; i < 20; i++) windows.attribute('loaf', `https://app/s${i}.js`, 1, 200);
    windows.add('loaf', 60, 1100); // closes the first window
    windows.closeAll(1500);
    const first = closed[0]?.attribution ?? {};
    expect(first['https://app/a.js']).toBe(100);
    expect(Object.keys(first)).toHaveLength(17); // 16 named + (other)
    expect(first['(other)']).toBe(5);
    expect(closed[1]?.attribution).toBeUndefined();
  });
});
