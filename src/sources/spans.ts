/**
 * Spans: named stretches of the app's own work, recorded as `span.<name>` in ms. They come
 * from `monitor.span(name, fn)` (sync or async) and from the app's `performance.measure()`
 * entries (see measures.ts).
 */
import type { MetricName } from '../types.js';

/** Metric names by span name, so that a recurring span does not build its name again. */
let metricNames: Map<string, MetricName> | undefined;
/** Distinct span names remembered; beyond this the name is built each time. */
const MAX_REMEMBERED = 256;

/** The metric name of span `name`: `span.<name>`. */
export function spanMetric(name: string): MetricName {
  metricNames ??= new Map();
  let metric = metricNames.get(name);
  if (metric === undefined) {
    metric = `span.${name}`;
    if (metricNames.size < MAX_REMEMBERED) metricNames.set(name, metric);
  }
  return metric;
}

/** Whether `value` is a promise or thenable; a `then` getter that throws makes it neither. */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  try {
    return typeof (value as { then?: unknown }).then === 'function';
  } catch {
    return false;
  }
}

/**
 * Runs `fn` and passes its duration (ms) to `record`. When `fn` returns a promise (or any
 * thenable), the span ends when it settles and the returned promise settles the same way;
 * when `fn` throws, the span is recorded and the exception propagates unchanged.
 * `record` must not throw.
 */
export function runSpan<T>(
  name: string,
  fn: () => T,
  record: (name: string, ms: number) => void,
): T {
  const start = performance.now();
  let result: T;
  try {
    result = fn();
  } catch (error) {
    record(name, performance.now() - start);
    throw error;
  }
  if (!isThenable(result)) {
    record(name, performance.now() - start);
    return result;
  }
  return result.then(
    (value) => {
      record(name, performance.now() - start);
      return value;
    },
    (error: unknown) => {
      record(name, performance.now() - start);
      throw error;
    },
  ) as T;
}
