/**
 * Page visibility: frame sampling pauses while the page is hidden (rAF stops or is throttled
 * there, and a background tab says nothing about the app's speed).
 */
import type { Stop } from '../types.js';
import { listen } from './listen.js';

/** Whether the page is hidden now (false where there is no document). */
export function isHidden(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'hidden';
}

/** Calls `listener` with the new state each time the page becomes hidden or visible. */
export function onVisibilityChange(listener: (hidden: boolean) => void): Stop {
  return listen('visibilitychange', () => {
    listener(isHidden());
  });
}
