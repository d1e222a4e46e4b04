/**
 * Memory: the page's JavaScript memory (`memory`, bytes) every few seconds. Where the page is
 * cross-origin isolated, `performance.measureUserAgentSpecificMemory()` (all memory the page
 * uses, measured at a garbage collection); elsewhere Chromium's `performance.memory`
 * (`usedJSHeapSize`: the JavaScript heap in use, garbage included). Neither elsewhere.
 */
import type { Guard } from '../guard.js';
import type { Sink, Stop } from '../types.js';
import { now } from '../page/clock.js';

/** Default interval between memory samples (ms). */
export const DEFAULT_MEMORY_INTERVAL_MS = 5000;

interface MemoryPerformance {
  memory?: { usedJSHeapSize: number };
  measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>;
}

export interface MemorySourceOptions {
  /** Interval between samples (ms). */
  interval: number;
  guard: Guard;
}

/** Starts sampling memory; undefined where no memory API exists. */
export function startMemory(sink: Sink, options: MemorySourceOptions): Stop | undefined {
  const { guard } = options;
  const api = performance as Performance & MemoryPerformance;
  const measure =
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true &&
    typeof api.measureUserAgentSpecificMemory === 'function'
      ? api.measureUserAgentSpecificMemory.bind(api)
      : undefined;
  if (measure === undefined && api.memory === undefined) return undefined;

  let stopped = false;
  let measuring = false;
  const onMeasured = guard('source.memory', (result: { bytes: number }) => {
    measuring = false;
    if (!stopped) sink('memory', result.bytes, now());
  });
  const onFailed = guard('source.memory', (error: unknown) => {
    measuring = false;
    throw error;
  });
  const sample = guard('source.memory', () => {
    if (measure === undefined) {
      const heap = api.memory?.usedJSHeapSize;
      if (heap !== undefined) sink('memory', heap, now());
      return;
    }
    // A measurement waits for a garbage collection (up to ~20 s): never overlap them.
    if (measuring) return;
    measuring = true;
    measure().then(onMeasured, onFailed);
  });
  sample(undefined);
  const timer = setInterval(sample, options.interval);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
