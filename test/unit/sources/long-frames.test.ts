import { describe, expect, it } from 'vitest';
import { scriptLabel, startLongFrames } from '../../../src/sources/long-frames.js';
import {
  FakePerformanceObserver,
  TIME_ORIGIN,
  recordingSink,
  testGuard,
  useFakeBrowser,
} from './fake-browser.js';

const supported: string[] = [];
useFakeBrowser(supported);
const origin = TIME_ORIGIN;

function script(duration: number, fields: Partial<Record<string, string>> = {}) {
  return { duration, invoker: '', sourceURL: '', sourceFunctionName: '', ...fields };
}

describe('long frames source', () => {
  it('samples long animation frames and attributes their scripts', () => {
    FakePerformanceObserver.supportedEntryTypes = ['long-animation-frame', 'longtask'];
    const { samples, sink } = recordingSink();
    const attributed: [string, string, number, number][] = [];
    const stop = startLongFrames(sink, {
      attribute: (metric, detail, value, time) => attributed.push([metric, detail, value, time]),
      guard: testGuard(),
    });
    FakePerformanceObserver.deliver('long-animation-frame', [
      {
        startTime: 100,
        duration: 180,
        scripts: [
          script(150, { invoker: 'BUTTON#burn.onclick', sourceURL: 'https://a.test/click.js' }),
          script(20, {
            invoker: 'FrameRequestCallback',
            sourceFunctionName: 'draw',
            sourceURL: 'https://a.test/app.js',
          }),
        ],
      },
    ]);
    expect(samples).toEqual([['loaf', 180, origin + 100]]);
    expect(attributed).toEqual([
      ['loaf', 'BUTTON#burn.onclick (https://a.test/click.js)', 150, origin + 100],
      ['loaf', 'draw (https://a.test/app.js)', 20, origin + 100],
    ]);
    expect(FakePerformanceObserver.observing('longtask')).toEqual([]);
    stop?.();
    expect(FakePerformanceObserver.live.size).toBe(0);
  });

  it('falls back to long tasks', () => {
    FakePerformanceObserver.supportedEntryTypes = ['longtask'];
    const { samples, sink } = recordingSink();
    startLongFrames(sink, { attribute: () => undefined, guard: testGuard() });
    FakePerformanceObserver.deliver('longtask', [{ startTime: 5, duration: 70 }]);
    expect(samples).toEqual([['longtask', 70, origin + 5]]);
  });

  it('names scripts by function or invoker, and source', () => {
    expect(scriptLabel(script(1))).toBe('(anonymous)');
    expect(scriptLabel(script(1, { invoker: 'Window.setTimeout' }))).toBe('Window.setTimeout');
    expect(scriptLabel(script(1, { sourceURL: 'u.js' }))).toBe('(anonymous) (u.js)');
  });
});
