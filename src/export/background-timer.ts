/**
 * Timers of the delivery pipeline (batch delay, export timeout, retry backoff). Where timers
 * can be unreferenced (Node), they are: a pending retry must not keep a process alive that
 * has nothing else left to do. In a browser they are ordinary timers.
 */

/** What `setTimeout` returns here (a number in browsers, an object in Node). */
export type Timer = ReturnType<typeof setTimeout>;

/** `setTimeout(callback, ms)`, unreferenced where the platform can. */
export function backgroundTimeout(callback: () => void, ms: number): Timer {
  const timer = setTimeout(callback, ms);
  const handle = timer as unknown as { unref?: unknown };
  if (typeof handle.unref === 'function') (handle.unref as () => void).call(timer);
  return timer;
}
