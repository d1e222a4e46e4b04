/**
 * Compact numbers for `httpExporter`'s JSON. A level such as `6.083412797430372` costs 17
 * characters that gzip cannot shrink; the histogram behind it only resolves 0.54 % (see
 * docs/statistics.md), so four significant digits (at most 0.05 % off) say all it knows. Times
 * are sent to the millisecond. Bucket counts are integers and stay as they are; events keep
 * their exact values (they are rare, and their confidence must not round up to 1).
 */
import type { SerializedHistogram } from '../stats/histogram.js';
import type { ClosedWindow } from '../analysis/windows.js';
import type { Counter, ExportItem } from './exporter.js';

/** Significant digits of a level (mean, min, max, quantiles, sums, attributed amounts). */
export const LEVEL_DIGITS = 4;

/** `value` to `digits` significant digits (non-finite values and 0 unchanged). */
export function roundSignificant(value: number, digits: number): number {
  return Number.isFinite(value) && value !== 0 ? Number(value.toPrecision(digits)) : value;
}

const level = (value: number): number => roundSignificant(value, LEVEL_DIGITS);
const nullableLevel = (value: number | null): number | null =>
  value === null ? null : level(value);

/** A copy of `item` with compact numbers (windows and counters); events are returned as they are. */
export function compactItem(item: ExportItem): ExportItem {
  switch (item.kind) {
    case 'window':
      return { kind: 'window', window: compactWindow(item.window) };
    case 'counter':
      return { kind: 'counter', counter: compactCounter(item.counter) };
    default:
      return item;
  }
}

function compactWindow(window: ClosedWindow): ClosedWindow {
  const compact: ClosedWindow = {
    ...window,
    start: Math.round(window.start),
    end: Math.round(window.end),
    mean: level(window.mean),
    min: level(window.min),
    max: level(window.max),
    p50: level(window.p50),
    p95: level(window.p95),
    p99: level(window.p99),
    histogram: compactHistogram(window.histogram),
  };
  if (window.attribution) {
    compact.attribution = Object.fromEntries(
      Object.entries(window.attribution).map(([detail, amount]) => [detail, level(amount)]),
    );
  }
  return compact;
}

function compactHistogram(histogram: SerializedHistogram): SerializedHistogram {
  return {
    ...histogram,
    sum: level(histogram.sum),
    min: nullableLevel(histogram.min),
    max: nullableLevel(histogram.max),
  };
}

function compactCounter(counter: Counter): Counter {
  return { ...counter, start: Math.round(counter.start), time: Math.round(counter.time) };
}
