/**
 * `perfwarden/webgl`: GPU time per frame and per span from WebGL timer queries.
 *
 * @packageDocumentation
 */
export { gpuTimer } from './gpu-timer.js';
export type { GpuTimer, GpuTimerOptions, GpuTimerStats } from './gpu-timer.js';
export { getRendererInfo } from './renderer-info.js';
export type { RendererInfo } from './renderer-info.js';
export { instrumentThree } from './three.js';
export type { ThreeRendererLike } from './three.js';
export type { AnyGL, TimerExtension } from './query-api.js';
