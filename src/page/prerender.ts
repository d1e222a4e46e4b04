/**
 * Prerendered pages: a page loaded by speculation rules runs before the user sees it, and
 * nothing it measures then is the user's experience, so perfwarden waits for activation.
 */
import type { Stop } from '../types.js';
import { listen } from './listen.js';

/** Whether the document is being prerendered (not yet shown to the user). */
export function isPrerendering(): boolean {
  return (
    typeof document !== 'undefined' &&
    (document as Document & { prerendering?: boolean }).prerendering === true
  );
}

/**
 * Calls `listener` once the page is activated: now when it is not prerendered, else on
 * `prerenderingchange`. The returned function cancels a pending call.
 */
export function whenActivated(listener: () => void): Stop {
  if (!isPrerendering()) {
    listener();
    return () => undefined;
  }
  const stop = listen('prerenderingchange', () => {
    stop();
    listener();
  });
  return stop;
}
