/**
 * The page lifecycle as far as delivery cares: the page is leaving (`visibilitychange` →
 * hidden, or `pagehide`) or is back (`visibilitychange` → visible, or `pageshow` from the
 * back/forward cache). Never `unload`: it is unreliable on mobile and blocks the bfcache.
 */
import type { Stop } from '../types.js';

export interface PageLifecycleHandlers {
  /** The page may never run again: send now, save what cannot be sent. */
  hidden(): void;
  /** The page is back: whatever was saved for a later load is not needed. */
  visible(): void;
}

/** Attaches the listeners (none outside a browser) and returns the function that detaches them. */
export function watchPageLifecycle(handlers: PageLifecycleHandlers): Stop {
  if (typeof document === 'undefined' || typeof addEventListener !== 'function') {
    return () => undefined;
  }
  const onVisibilityChange = (): void => {
    if (document.visibilityState === 'hidden') handlers.hidden();
    else handlers.visible();
  };
  const onPageHide = (): void => {
    handlers.hidden();
  };
  const onPageShow = (event: PageTransitionEvent): void => {
    if (event.persisted) handlers.visible();
  };
  document.addEventListener('visibilitychange', onVisibilityChange, true);
  addEventListener('pagehide', onPageHide, true);
  addEventListener('pageshow', onPageShow, true);
  return () => {
    document.removeEventListener('visibilitychange', onVisibilityChange, true);
    removeEventListener('pagehide', onPageHide, true);
    removeEventListener('pageshow', onPageShow, true);
  };
}
