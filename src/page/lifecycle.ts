/**
 * The page lifecycle as far as delivery cares: the page is leaving (`visibilitychange` →
 * hidden, or `pagehide`) or is back (`visibilitychange` → visible, or `pageshow` from the
 * back/forward cache). Never `unload`: it is unreliable on mobile and blocks the bfcache.
 */
import type { Stop } from '../types.js';
import { onRestore } from './bfcache.js';
import { listen } from './listen.js';
import { onVisibilityChange } from './visibility.js';

export interface PageLifecycleHandlers {
  /** The page may never run again: send now, save what cannot be sent. */
  hidden(): void;
  /** The page is back: whatever was saved for a later load is not needed. */
  visible(): void;
}

/** Attaches the listeners (none outside a browser) and returns the function that detaches them. */
export function watchPageLifecycle(handlers: PageLifecycleHandlers): Stop {
  const detachers = [
    onVisibilityChange((hidden) => {
      if (hidden) handlers.hidden();
      else handlers.visible();
    }),
    listen('pagehide', () => {
      handlers.hidden();
    }),
    onRestore(() => {
      handlers.visible();
    }),
  ];
  return () => {
    for (const detach of detachers) detach();
  };
}
