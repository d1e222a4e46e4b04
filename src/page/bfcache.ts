/**
 * Back/forward-cache restores: the page comes back from memory with its JavaScript state as
 * it was, but the device, the tab and the time are not, so measurement starts afresh.
 */
import type { Stop } from '../types.js';
import { listen } from './listen.js';

/** Calls `listener` each time the page is restored from the back/forward cache. */
export function onRestore(listener: () => void): Stop {
  return listen('pageshow', (event) => {
    if ((event as PageTransitionEvent).persisted) listener();
  });
}
