/**
 * The one defensive helper over `PerformanceObserver`: supported types only, `buffered`,
 * never throws. A missing API or entry type means "metric not available": it returns
 * `undefined` and nothing else happens.
 */
import type { Stop } from '../types.js';

/** Options for {@link observe}: `PerformanceObserverInit` without `type`/`entryTypes`. */
export interface ObserveOptions {
  /** Minimum duration of `event` entries (ms, Chromium accepts 16 and up). */
  durationThreshold?: number;
}

/** Whether this browser can observe `type` (false when `PerformanceObserver` is missing). */
export function supportsEntryType(type: string): boolean {
  try {
    return (
      typeof PerformanceObserver === 'function' &&
      PerformanceObserver.supportedEntryTypes.includes(type)
    );
  } catch {
    return false;
  }
}

/**
 * Observes entries of `type` (including those buffered before the call) and hands each batch
 * to `callback`. Returns the way to stop, or `undefined` when the type cannot be observed.
 * `callback` should be guarded by the caller (it runs as a browser task).
 */
export function observe(
  type: string,
  callback: (entries: PerformanceEntryList) => void,
  options: ObserveOptions = {},
): Stop | undefined {
  if (!supportsEntryType(type)) return undefined;
  try {
    const observer = new PerformanceObserver((list) => {
      callback(list.getEntries());
    });
    observer.observe({ type, buffered: true, ...options });
    return () => {
      observer.disconnect();
    };
  } catch {
    return undefined;
  }
}
