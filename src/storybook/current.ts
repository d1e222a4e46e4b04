/**
 * The monitor of the story being measured, shared between the preview's decorator (which
 * creates it) and the stories (which attach GPU timers or spans to it).
 */
import type { Monitor } from '../monitor/monitor.js';

let current: Monitor | undefined;

/**
 * The monitor measuring the story that is rendering now, or `undefined` outside a measured
 * story. Attach a GPU timer to it to get `gpu` levels:
 *
 * @example
 * ```ts
 * import { storyMonitor } from 'perfwarden/storybook';
 * import { gpuTimer } from 'perfwarden/webgl';
 *
 * export const Scatter = {
 *   render: () => {
 *     const canvas = document.createElement('canvas');
 *     const gl = canvas.getContext('webgl2');
 *     const monitor = storyMonitor();
 *     const timer = gl && monitor ? gpuTimer(gl, { monitor }) : undefined;
 *     // every frame: timer ? timer.frame(draw) : draw();
 *     return canvas;
 *   },
 * };
 * ```
 */
export function storyMonitor(): Monitor | undefined {
  return current;
}

/** Sets the monitor {@link storyMonitor} returns (the preview's decorator only). */
export function setStoryMonitor(monitor: Monitor | undefined): void {
  current = monitor;
}
