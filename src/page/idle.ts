/**
 * Work that can wait for the main thread to be idle: `requestIdleCallback` where the browser
 * has it (it runs after the frame's work, never inside it), with a timeout so that it runs
 * even on a page that is never idle; a plain task elsewhere.
 */
import type { Stop } from '../types.js';

/**
 * Runs `callback` when the main thread is idle, or after `timeout` ms at the latest. It gets
 * the idle period's deadline where the browser has one (not when called for the timeout, nor
 * where there is no `requestIdleCallback`).
 */
export function whenIdle(callback: (deadline?: IdleDeadline) => void, timeout: number): Stop {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(
      (deadline?: IdleDeadline) => {
        callback(deadline && !deadline.didTimeout ? deadline : undefined);
      },
      { timeout },
    );
    return () => {
      cancelIdleCallback(handle);
    };
  }
  const timer = setTimeout(() => {
    callback();
  }, 0);
  return () => {
    clearTimeout(timer);
  };
}
