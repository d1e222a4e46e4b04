import { describe, expect, it } from 'vitest';
import { startInteractions } from '../../../src/sources/interactions.js';
import {
  FakePerformanceObserver,
  TIME_ORIGIN,
  recordingSink,
  testGuard,
  useFakeBrowser,
} from './fake-browser.js';

useFakeBrowser(['event']);
const origin = TIME_ORIGIN;

const entry = (interactionId: number, duration: number, startTime = 10) => ({
  interactionId,
  duration,
  startTime,
});

describe('interactions source', () => {
  it('samples each slow interaction once, with its longest entry', () => {
    const { samples, sink } = recordingSink();
    startInteractions(sink, { threshold: 40, guard: testGuard() });
    expect(FakePerformanceObserver.observing('event')[0]?.init?.durationThreshold).toBe(40);
    FakePerformanceObserver.deliver('event', [
      entry(7, 152, 10),
      entry(7, 160, 11),
      entry(0, 300), // not an interaction (e.g. a mousemove)
      entry(8, 48, 400),
    ]);
    // The same interaction's click arriving in a later batch is not sampled again.
    FakePerformanceObserver.deliver('event', [entry(7, 160, 12), entry(9, 30, 500)]);
    expect(samples).toEqual([
      ['event', 160, origin + 10],
      ['event', 48, origin + 400],
    ]);
  });

  it('asks Event Timing for at least its 16 ms minimum', () => {
    startInteractions(() => undefined, { threshold: 8, guard: testGuard() });
    expect(FakePerformanceObserver.observing('event')[0]?.init?.durationThreshold).toBe(16);
  });
});
