// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMonitor } from '../../../src/monitor/create-monitor.js';
import type { Monitor } from '../../../src/monitor/create-monitor.js';
import type { Regression } from '../../../src/types.js';
import { normalFrom, seededRandom } from '../../support/random.js';
import { useFakeBrowser } from '../sources/fake-browser.js';

const browser = useFakeBrowser([]);
const monitors: Monitor[] = [];
afterEach(() => {
  for (const monitor of monitors.splice(0)) monitor.stop();
});

/** Records `span.layout` ten times a second for `seconds`, around `ms`, moving both clocks. */
function layouts(monitor: Monitor, seconds: number, ms: number, normal: () => number): void {
  for (let i = 0; i < seconds * 10; i++) {
    monitor.record('span.layout', ms * Math.exp(0.05 * normal()));
    browser.now += 100;
    vi.advanceTimersByTime(100);
  }
}

describe('monitor with the detector', () => {
  it('re-emits a regression of a user span, with its verdict, and captures a baseline', () => {
    const monitor = createMonitor({
      sources: { frames: false, longFrames: false, vitals: false, memory: false },
      detector: { watch: ['span.layout'] },
      context: { scene: 'graph-10k' },
    });
    monitors.push(monitor);
    const regressions: Regression[] = [];
    monitor.on('regression', (regression) => regressions.push(regression));
    monitor.start();
    const normal = normalFrom(seededRandom(11));
    layouts(monitor, 60, 5, normal);
    expect(regressions).toEqual([]);
    expect(monitor.verdict('span.layout')?.state).toBe('stable');
    const baseline = monitor.captureBaseline();
    expect(JSON.stringify(baseline)).toContain('span.layout');
    layouts(monitor, 90, 6.5, normal); // +30 %
    expect(regressions).toHaveLength(1);
    expect(regressions[0]).toMatchObject({
      metric: 'span.layout',
      context: { scene: 'graph-10k' },
    });
    expect(regressions[0]?.delta).toBeGreaterThan(0.2);
    expect(monitor.verdict('span.layout')?.state).toBe('regressed');
    expect(monitor.snapshot().verdicts.some((v) => v.metric === 'span.layout')).toBe(true);
  });

  it('passes detector options to the analyzer, which names a wrong one', () => {
    expect(() => createMonitor({ detector: { falseAlarmRate: 2 } })).toThrow(
      /detector\.falseAlarmRate/,
    );
    expect(() => createMonitor({ baseline: '{not json' })).toThrow(/baseline/);
  });
});
