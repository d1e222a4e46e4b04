// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDetector } from '../../../src/detect/create-detector.js';
import { createMonitor } from '../../../src/monitor/create-monitor.js';
import type { Monitor } from '../../../src/monitor/monitor.js';
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
      detector: createDetector({ watch: ['span.layout'] }),
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

  it('takes a detector from createDetector, and says so when given anything else', () => {
    expect(() => createDetector({ falseAlarmRate: 2 })).toThrow(
      'createDetector: option "falseAlarmRate" must be in (0, 0.5), got 2',
    );
    expect(() => createMonitor({ detector: { falseAlarmRate: 0.01 } as never })).toThrow(
      /option "detector" must be a detector from createDetector\(\).*got \{"falseAlarmRate":0\.01\}: pass createDetector\(options\) instead of its options/,
    );
    expect(() => createMonitor({ baseline: '{}' } as never)).toThrow(
      /option "baseline" belongs to the detector now: createDetector\(\{ baseline \}\)/,
    );
    expect(() => createDetector({ baseline: '{not json' })).toThrow(/option "baseline"/);
    // One detector per monitor.
    const detector = createDetector();
    monitors.push(createMonitor({ detector }));
    expect(() => createMonitor({ detector })).toThrow(/"detector" is in use by another monitor/);
  });
});
