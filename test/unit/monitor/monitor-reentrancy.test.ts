// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { createMonitor } from '../../../src/monitor/create-monitor.js';
import type { Monitor } from '../../../src/monitor/monitor.js';
import { useFakeBrowser } from '../sources/fake-browser.js';

const browser = useFakeBrowser([]);

const monitors: Monitor[] = [];
afterEach(() => {
  for (const monitor of monitors.splice(0)) monitor.stop();
});

function quietMonitor(errors: unknown[]): Monitor {
  const monitor = createMonitor({
    sources: { vitals: false, memory: false, interactions: false, measures: false },
    onError: (error) => errors.push(error),
  });
  monitors.push(monitor);
  return monitor;
}

describe('listeners that call back into the monitor', () => {
  it('restarting the monitor from a window listener neither recurses nor loops', () => {
    const errors: unknown[] = [];
    const monitor = quietMonitor(errors);
    let calls = 0;
    monitor.on('window', () => {
      calls++;
      monitor.stop();
      monitor.start();
      // Several open series: each stop() closes them all, each close calls this listener.
      for (let i = 0; i < 5; i++) monitor.record(`custom.metric${String(i)}`, 1);
    });
    monitor.start();
    browser.frames(0, 70, 16.7);
    expect(() => {
      browser.advance(1000);
    }).not.toThrow();
    // Each window's restart is deferred: a bounded number of listener calls per task.
    expect(calls).toBeLessThan(20);
    browser.advance(5000);
    expect(monitor.running).toBe(true);
    expect(errors.filter((error) => error instanceof RangeError)).toEqual([]);
  });

  it('a stop() from a listener takes effect once the listeners of that event have run', () => {
    const errors: unknown[] = [];
    const monitor = quietMonitor(errors);
    const seen: string[] = [];
    monitor.on('window', (window) => {
      seen.push(`first ${window.metric}`);
      monitor.stop();
    });
    monitor.on('window', (window) => seen.push(`second ${window.metric}`));
    monitor.start();
    browser.frames(0, 70, 16.7);
    browser.advance(1100);
    browser.advance(10);
    expect(monitor.running).toBe(false);
    // Both listeners saw the first window: stopping did not cut the dispatch short.
    const metric = seen[0]?.replace('first ', '') ?? '';
    expect(seen.slice(0, 2)).toEqual([`first ${metric}`, `second ${metric}`]);
    expect(browser.frameRequests.size).toBe(0);
  });
});
