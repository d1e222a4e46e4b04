/**
 * What the browser can measure: its version, the WebGL renderer, whether GPU timer queries
 * exist and whether the renderer is software. Used by `doctor` and to label reports.
 */
import type { Browser } from 'playwright-core';
import { SOFTWARE_RENDERERS } from '../webgl/renderer-info.js';
import { gpuProcessId, hasMainThreadTime } from './run-cpu-time.js';
import { hasThreadCpu } from './thread-cpu.js';

/** The browser's measuring capabilities. */
export interface BrowserProbe {
  /** e.g. `Chromium 156.0.7504.0`. */
  browser: string;
  /** False when the page could not create a WebGL2 context at all. */
  webgl2: boolean;
  renderer: string;
  software: boolean;
  /** `EXT_disjoint_timer_query_webgl2` is exposed: `gpu` can be measured. */
  timerQueries: boolean;
  /** The renderer main thread's CPU time can be read: `cpu.thread` can be measured. */
  mainThreadTime: boolean;
  /**
   * The GPU process's threads' CPU time can be read (Linux) and is the GPU work (software
   * renderer): `cpu.gpu` is measured.
   */
  gpuProcessTime: boolean;
}

/** Probes `browser` in a blank page. */
export async function probeBrowser(browser: Browser): Promise<BrowserProbe> {
  const page = await browser.newPage();
  try {
    const found = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      if (!gl) return { webgl2: false, renderer: '', timerQueries: false };
      const debug = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer: unknown = gl.getParameter(
        debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER,
      );
      return {
        webgl2: true,
        renderer: typeof renderer === 'string' ? renderer : '',
        timerQueries: gl.getExtension('EXT_disjoint_timer_query_webgl2') !== null,
      };
    });
    const software = SOFTWARE_RENDERERS.test(found.renderer);
    return {
      browser: `Chromium ${browser.version()}`,
      ...found,
      software,
      mainThreadTime: await hasMainThreadTime(page),
      gpuProcessTime: software && hasThreadCpu() && (await gpuProcessId(browser)()) !== undefined,
    };
  } finally {
    await page.close();
  }
}
