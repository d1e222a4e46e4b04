/**
 * User timing: the app's `performance.measure()` entries become spans (`span.<name>`, ms),
 * so an app that already marks its work needs no perfwarden call to have it watched.
 */
import type { Guard } from '../guard.js';
import type { Sink, Stop } from '../types.js';
import { fromPerformanceTime } from '../page/clock.js';
import { observe } from './observe.js';
import { spanMetric } from './spans.js';

export interface MeasureSourceOptions {
  /** Only measures whose name matches are recorded (all when absent). */
  match?: RegExp | undefined;
  guard: Guard;
}

/** Starts observing measures (including those made before the start). */
export function startMeasures(sink: Sink, options: MeasureSourceOptions): Stop | undefined {
  const { match } = options;
  return observe(
    'measure',
    options.guard('source.measures', (entries: PerformanceEntryList) => {
      for (const entry of entries) {
        if (match && !match.test(entry.name)) continue;
        sink(spanMetric(entry.name), entry.duration, fromPerformanceTime(entry.startTime));
      }
    }),
  );
}
