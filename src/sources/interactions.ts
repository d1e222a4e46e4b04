/**
 * Interactions: every slow interaction (`event`, ms from input to the next paint, as Event
 * Timing reports it), not only the one that becomes INP. An interaction (a click is
 * pointerdown, pointerup and click) yields one sample: its longest entry.
 */
import type { Guard } from '../guard.js';
import type { Sink, Stop } from '../types.js';
import { fromPerformanceTime } from '../page/clock.js';
import { observe } from './observe.js';

/** Default threshold of a slow interaction (ms): web-vitals' threshold for INP candidates. */
export const DEFAULT_INTERACTION_THRESHOLD_MS = 40;
/** The smallest threshold Event Timing accepts (ms). */
export const MIN_INTERACTION_THRESHOLD_MS = 16;

export interface InteractionSourceOptions {
  /** Interactions at least this long (ms) are sampled. */
  threshold: number;
  guard: Guard;
}

/** Starts observing slow interactions; undefined where Event Timing is missing. */
export function startInteractions(sink: Sink, options: InteractionSourceOptions): Stop | undefined {
  const { threshold } = options;
  // The interaction whose entries are being collected, and the last one sampled. Entries
  // of one interaction usually arrive in one batch, and interaction ids only grow, so an
  // entry of an interaction at or before the last sampled one is a late duplicate.
  let pendingId = 0;
  let pendingDuration = 0;
  let pendingStart = 0;
  let sampledId = 0;
  const flush = (): void => {
    if (pendingId === 0) return;
    sink('event', pendingDuration, fromPerformanceTime(pendingStart));
    sampledId = pendingId;
    pendingId = 0;
  };
  return observe(
    'event',
    options.guard('source.interactions', (entries: PerformanceEntryList) => {
      for (const entry of entries) {
        const id = (entry as PerformanceEventTiming).interactionId;
        if (id === 0 || id <= sampledId || entry.duration < threshold) continue;
        if (id === pendingId) {
          pendingDuration = Math.max(pendingDuration, entry.duration);
          continue;
        }
        flush();
        pendingId = id;
        pendingDuration = entry.duration;
        pendingStart = entry.startTime;
      }
      flush();
    }),
    { durationThreshold: Math.max(MIN_INTERACTION_THRESHOLD_MS, threshold) },
  );
}
