/**
 * Which GPU renders: GPU times from a software rasterizer (SwiftShader, llvmpipe) say
 * nothing about a user's GPU, so reports must say when that is what they measured.
 */
import type { AnyGL } from './query-api.js';

/** The renderer behind a WebGL context. */
export interface RendererInfo {
  /** Unmasked vendor and renderer when the browser reveals them, else the masked strings. */
  vendor: string;
  renderer: string;
  /** True for software rasterizers: their GPU times are CPU times in disguise. */
  software: boolean;
}

const UNMASKED_VENDOR_WEBGL = 0x9245;
const UNMASKED_RENDERER_WEBGL = 0x9246;
/** Renderer names of software rasterizers (also used by the CLI to label GPU verdicts). */
export const SOFTWARE_RENDERERS =
  /swiftshader|llvmpipe|softpipe|lavapipe|software|microsoft basic render/i;

function readString(gl: AnyGL, parameter: number): string {
  const value: unknown = gl.getParameter(parameter);
  return typeof value === 'string' ? value : '';
}

/** Reads the renderer of `gl` (via `WEBGL_debug_renderer_info` where available). */
export function getRendererInfo(gl: AnyGL): RendererInfo {
  const unmasked = gl.getExtension('WEBGL_debug_renderer_info') !== null;
  const vendor = readString(gl, unmasked ? UNMASKED_VENDOR_WEBGL : gl.VENDOR);
  const renderer = readString(gl, unmasked ? UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  return { vendor, renderer, software: SOFTWARE_RENDERERS.test(`${vendor} ${renderer}`) };
}
