/**
 * Viewport and pixel-ratio changes: a bigger canvas or a denser display means more pixels
 * per frame, which is a new workload and not a regression of the old one.
 */
import type { Stop } from '../types.js';
import { listen } from './listen.js';

/**
 * Calls `listener` on every window `resize` and every `devicePixelRatio` change (moving the
 * window to another display, browser zoom). Where there is no window it does nothing.
 */
export function onResize(listener: () => void): Stop {
  const stopResize = listen('resize', listener);
  if (typeof matchMedia !== 'function') return stopResize;
  // A media query matches one ratio; when it stops matching, watch the new ratio.
  let query: MediaQueryList | undefined;
  const watchRatio = (): void => {
    query = matchMedia(`(resolution: ${String(devicePixelRatio)}dppx)`);
    query.addEventListener('change', onRatioChange);
  };
  const onRatioChange = (): void => {
    query?.removeEventListener('change', onRatioChange);
    watchRatio();
    listener();
  };
  watchRatio();
  return () => {
    stopResize();
    query?.removeEventListener('change', onRatioChange);
  };
}
