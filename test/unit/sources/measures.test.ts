import { describe, expect, it } from 'vitest';
import { startMeasures } from '../../../src/sources/measures.js';
import {
  FakePerformanceObserver,
  TIME_ORIGIN,
  recordingSink,
  testGuard,
  useFakeBrowser,
} from './fake-browser.js';

useFakeBrowser(['measure']);
const origin = TIME_ORIGIN;

describe('measures source', () => {
  it('records measures as spans', () => {
    const { samples, sink } = recordingSink();
    const stop = startMeasures(sink, { guard: testGuard() });
    FakePerformanceObserver.deliver('measure', [{ name: 'layout', duration: 12, startTime: 3 }]);
    expect(samples).toEqual([['span.layout', 12, origin + 3]]);
    stop?.();
    expect(FakePerformanceObserver.live.size).toBe(0);
  });

  it('keeps only matching names when asked', () => {
    const { samples, sink } = recordingSink();
    startMeasures(sink, { match: /^app:/, guard: testGuard() });
    FakePerformanceObserver.deliver('measure', [
      { name: 'app:draw', duration: 4, startTime: 0 },
      { name: '⚛ render', duration: 9, startTime: 0 },
    ]);
    expect(samples.map(([metric]) => metric)).toEqual(['span.app:draw']);
  });
});
