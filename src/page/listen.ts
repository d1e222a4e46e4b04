/**
 * Listening on the window in the capture phase, as web-vitals does (so that perfwarden sees
 * page-lifecycle events even when the app stops their propagation), and safely where there
 * is no window (server-side rendering, workers, Node): there it listens to nothing.
 */
import type { Stop } from '../types.js';

const nothing: Stop = () => undefined;

/** Adds a capture listener for `type` on the window; returns the way to remove it. */
export function listen(type: string, listener: (event: Event) => void): Stop {
  if (typeof addEventListener !== 'function') return nothing;
  addEventListener(type, listener, true);
  return () => {
    removeEventListener(type, listener, true);
  };
}
