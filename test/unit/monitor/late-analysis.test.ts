import { describe, expect, it } from 'vitest';
import { createAnalysis } from '../../../src/analysis/analysis.js';
import type { ClosedWindow } from '../../../src/analysis/windows.js';
import { LateAnalysis } from '../../../src/monitor/late-analysis.js';

describe('the monitor’s analysis before its code has loaded', () => {
  it('keeps samples, attributions, gates and subscriptions, in order, until it arrives', () => {
    const late = new LateAnalysis();
    const windows: ClosedWindow[] = [];
    const off = late.on('window', (window) => windows.push(window));
    late.add('cpu', 2, 1000, {});
    late.attribute('loaf', 'app.js', 40, 1100, {});
    late.add('loaf', 60, 1100, {});
    late.interrupt('hidden', 1500);
    late.add('cpu', 3, 2100, {});
    expect(late.ready).toBe(false);
    expect(late.verdict('cpu', {})).toBeUndefined();
    expect(late.snapshot().windows).toEqual([]);
    late.attach(createAnalysis({ window: 1000, maxSeries: 10 }));
    // The gate closed the first second's windows, before the sample after it.
    expect(windows.map((w) => [w.metric, w.count, w.end])).toEqual([
      ['cpu', 1, 1500],
      ['loaf', 1, 1500],
    ]);
    expect(windows[1]?.attribution).toEqual({ 'app.js': 40 });
    late.tick(3000);
    expect(windows.map((w) => w.metric)).toEqual(['cpu', 'loaf', 'cpu']);
    off();
    late.add('cpu', 4, 3100, {});
    late.tick(4000);
    expect(windows).toHaveLength(3);
  });

  it('keeps a bounded number of calls and counts what it had to drop', () => {
    const late = new LateAnalysis();
    let counted = 0;
    late.on('window', (window) => (counted += window.count));
    for (let i = 0; i < 2500; i++) late.add('cpu', 1, i, {});
    expect(late.dropped).toBe(500);
    late.attach(createAnalysis({ window: 1000, maxSeries: 10 }));
    late.interrupt('stop', 3000);
    expect(late.dropped).toBe(500);
    // The oldest went: the 2000 newest samples arrived.
    expect(counted).toBe(2000);
  });
});
