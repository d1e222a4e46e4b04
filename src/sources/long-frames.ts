/**
 * Long frames: Long Animation Frames (`loaf`, ms per frame of 50 ms or more) where the
 * browser has them, with the time spent in each script attributed for hints; Long Tasks
 * (`longtask`, ms per task of 50 ms or more) where it has only those.
 */
import type { Guard } from '../guard.js';
import type { MetricName, Sink, Stop } from '../types.js';
import { fromPerformanceTime } from '../page/clock.js';
import { observe, supportsEntryType } from './observe.js';

/** The parts of a `PerformanceScriptTiming` (Long Animation Frames) used here. */
interface ScriptTiming {
  readonly duration: number;
  readonly invoker: string;
  readonly sourceURL: string;
  readonly sourceFunctionName: string;
}

/** The parts of a `PerformanceLongAnimationFrameTiming` used here. */
interface LongAnimationFrameTiming extends PerformanceEntry {
  readonly scripts: readonly ScriptTiming[];
}

export interface LongFrameSourceOptions {
  /** Attributes part of a metric's value to a detail (the analyzer's `attribute`). */
  attribute: (metric: MetricName, detail: string, value: number, time: number) => void;
  guard: Guard;
}

/**
 * What a script of a long animation frame is called in attributions: the function (or, when
 * it has no name, what invoked it, e.g. `BUTTON#save.onclick`) and its source URL, as in
 * `render (https://example.com/app.js)`.
 */
export function scriptLabel(script: ScriptTiming): string {
  const what = script.sourceFunctionName || script.invoker || '(anonymous)';
  return script.sourceURL ? `${what} (${script.sourceURL})` : what;
}

/** Starts observing long animation frames, or long tasks as a fallback. */
export function startLongFrames(sink: Sink, options: LongFrameSourceOptions): Stop | undefined {
  const { attribute, guard } = options;
  if (supportsEntryType('long-animation-frame')) {
    return observe(
      'long-animation-frame',
      guard('source.long-frames', (entries: PerformanceEntryList) => {
        for (const entry of entries) {
          const time = fromPerformanceTime(entry.startTime);
          sink('loaf', entry.duration, time);
          for (const script of (entry as LongAnimationFrameTiming).scripts) {
            attribute('loaf', scriptLabel(script), script.duration, time);
          }
        }
      }),
    );
  }
  return observe(
    'longtask',
    guard('source.long-frames', (entries: PerformanceEntryList) => {
      for (const entry of entries) {
        sink('longtask', entry.duration, fromPerformanceTime(entry.startTime));
      }
    }),
  );
}
