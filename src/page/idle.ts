/**
 * Work that can wait for the main thread to be idle: `requestIdleCallback` where the browser
 * has it (it runs after the frame's work, never inside it), with a timeout so that it runs
 * even on a page that is never idle; a plain task elsewhere.
 */
import type { Stop } from '../types.js';

/** Runs `callback` when the main thread is idle, or after `timeout` ms at the latest. */
export function whenIdle(callback: () => void, timeout: number): Stop {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(callback, { timeout });
    return () => {
      cancelIdleCallback(handle);
    };
  }
  const timer = setTimeout(callback, 0);
  return () => {
    clearTimeout(timer);
  };
}
