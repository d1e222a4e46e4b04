/**
 * perfwarden's one clock: `performance.timeOrigin + performance.now()`, in ms.
 * Monotonic within a page (unlike `Date.now()`, it does not jump when the system clock is
 * set) and comparable with wall-clock epoch milliseconds elsewhere, so that window times
 * from different pages and the backend line up. Where there is no `performance` (the delivery
 * pipeline may run in other runtimes), `Date.now()`.
 */

/** The current time on perfwarden's clock (ms since the epoch, monotonic in the page). */
export function now(): number {
  return typeof performance === 'undefined'
    ? Date.now()
    : performance.timeOrigin + performance.now();
}

/** A `performance.now()`-relative timestamp (rAF time, entry `startTime`) on perfwarden's clock. */
export function fromPerformanceTime(time: number): number {
  return performance.timeOrigin + time;
}
