import { describe, expect, it, vi } from 'vitest';
import { observe, supportsEntryType } from '../../../src/sources/observe.js';
import { FakePerformanceObserver, useFakeBrowser } from './fake-browser.js';

useFakeBrowser(['event', 'measure']);

describe('observe', () => {
  it('observes a supported type, buffered, and stops', () => {
    const batches: number[] = [];
    const stop = observe('measure', (entries) => batches.push(entries.length));
    expect(FakePerformanceObserver.observing('measure')[0]?.init).toEqual({
      type: 'measure',
      buffered: true,
    });
    FakePerformanceObserver.deliver('measure', [{}, {}]);
    expect(batches).toEqual([2]);
    stop?.();
    expect(FakePerformanceObserver.live.size).toBe(0);
  });

  it('passes the duration threshold through', () => {
    observe('event', () => undefined, { durationThreshold: 40 });
    expect(FakePerformanceObserver.observing('event')[0]?.init?.durationThreshold).toBe(40);
  });

  it('returns undefined for an unsupported type, creating nothing', () => {
    expect(supportsEntryType('long-animation-frame')).toBe(false);
    expect(observe('long-animation-frame', () => undefined)).toBeUndefined();
    expect(FakePerformanceObserver.live.size).toBe(0);
  });

  it('returns undefined where PerformanceObserver is missing or throws', () => {
    vi.stubGlobal('PerformanceObserver', undefined);
    expect(observe('measure', () => undefined)).toBeUndefined();
    class Throwing extends FakePerformanceObserver {
      override observe(): void {
        throw new TypeError('no');
      }
    }
    vi.stubGlobal('PerformanceObserver', Throwing);
    expect(observe('measure', () => undefined)).toBeUndefined();
  });
});
