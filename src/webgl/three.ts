/**
 * Opt-in three.js adapter: times every `renderer.render()` of the renderer you hand over as
 * a GPU span. Only that renderer instance's `render` method is wrapped, and the returned
 * function puts it back; nothing global is patched.
 */
import { missingMethod, preview } from '../validate.js';
import type { GpuTimer } from './gpu-timer.js';

/** The part of a three.js `WebGLRenderer` the adapter needs (no dependency on three). */
export interface ThreeRendererLike {
  render: (this: unknown, ...args: never[]) => unknown;
}

/**
 * Wraps `renderer.render` so that each call is measured as the GPU span `name`
 * (default `render`, reported as `gpu.render`; every span of a frame adds up to `gpu`).
 * Returns a function that restores the original method.
 *
 * ```ts
 * const timer = gpuTimer(renderer.getContext(), { monitor });
 * const restore = instrumentThree(renderer, timer);
 * ```
 */
export function instrumentThree(
  renderer: ThreeRendererLike,
  timer: GpuTimer,
  name = 'render',
): () => void {
  if (missingMethod(renderer, ['render']) !== undefined) {
    throw new TypeError(
      `instrumentThree: the first argument must be a three.js WebGLRenderer, got ${preview(renderer)}`,
    );
  }
  if (missingMethod(timer, ['measure']) !== undefined) {
    throw new TypeError(
      `instrumentThree: the second argument must be a timer from gpuTimer(), got ${preview(timer)}`,
    );
  }
  if (typeof name !== 'string' || name === '') {
    throw new TypeError(
      `instrumentThree: the span name must be a non-empty string, got ${preview(name)}`,
    );
  }
  const original = renderer.render;
  const instrumented = function (this: unknown, ...args: never[]): unknown {
    return timer.measure(name, () => original.apply(this, args));
  };
  renderer.render = instrumented;
  return () => {
    // Restore only if nobody wrapped it after us; otherwise their wrapper would be lost.
    if (renderer.render === instrumented) renderer.render = original;
  };
}
