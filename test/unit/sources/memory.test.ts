import { describe, expect, it, vi } from 'vitest';
import { startMemory } from '../../../src/sources/memory.js';
import { recordingSink, testGuard, useFakeBrowser } from './fake-browser.js';

useFakeBrowser();

describe('memory source', () => {
  it('samples performance.memory now and every interval, until stopped', () => {
    Object.defineProperty(performance, 'memory', {
      value: { usedJSHeapSize: 1234 },
      configurable: true,
    });
    const { values, sink } = recordingSink();
    const stop = startMemory(sink, { interval: 1000, guard: testGuard() });
    vi.advanceTimersByTime(2500);
    expect(values('memory')).toEqual([1234, 1234, 1234]);
    stop?.();
    vi.advanceTimersByTime(5000);
    expect(values('memory')).toHaveLength(3);
    Reflect.deleteProperty(performance, 'memory');
  });

  it('uses measureUserAgentSpecificMemory when cross-origin isolated, one at a time', async () => {
    vi.stubGlobal('crossOriginIsolated', true);
    let resolve: (value: { bytes: number }) => void = () => undefined;
    const measure = vi.fn(() => new Promise<{ bytes: number }>((done) => (resolve = done)));
    Object.defineProperty(performance, 'measureUserAgentSpecificMemory', {
      value: measure,
      configurable: true,
    });
    const { values, sink } = recordingSink();
    const stop = startMemory(sink, { interval: 1000, guard: testGuard() });
    vi.advanceTimersByTime(3000);
    expect(measure).toHaveBeenCalledTimes(1);
    resolve({ bytes: 5_000_000 });
    await Promise.resolve();
    expect(values('memory')).toEqual([5_000_000]);
    vi.advanceTimersByTime(1000);
    expect(measure).toHaveBeenCalledTimes(2);
    stop?.();
    Reflect.deleteProperty(performance, 'measureUserAgentSpecificMemory');
  });

  it('is not available without a memory API', () => {
    expect(startMemory(() => undefined, { interval: 1000, guard: testGuard() })).toBeUndefined();
  });
});
