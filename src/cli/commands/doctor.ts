/**
 * `perfwarden doctor`: can this machine measure? Checks playwright-core, Chromium, WebGL2, GPU
 * timer queries and whether the renderer is software, and says what to fix.
 */
import { openBrowser } from '../browser-session.js';
import { probeBrowser } from '../browser-probe.js';
import { findChromium } from '../chromium.js';
import type { Output } from '../console-output.js';
import { messageOf } from '../usage-error.js';

/** Prints the checks; returns 0 when runs can be measured, 2 otherwise. */
export async function doctor(output: Output): Promise<number> {
  let path: string;
  try {
    path = findChromium();
    output.line(`✓ Chromium: ${path}`);
  } catch (error) {
    output.line(`✗ Chromium: ${messageOf(error)}`);
    return 2;
  }
  let browser;
  try {
    browser = await openBrowser();
  } catch (error) {
    output.line(`✗ launch: ${messageOf(error)}`);
    return 2;
  }
  try {
    const probe = await probeBrowser(browser);
    output.line(`✓ launch: ${probe.browser}, headless, with ANGLE on GL (EGL)`);
    output.line(
      probe.mainThreadTime
        ? '✓ main-thread CPU time: readable, compare decides on cpu.thread, which a busy machine does not inflate'
        : '✗ main-thread CPU time: this browser does not give it (DevTools Performance.getMetrics ThreadTime), compare decides on wall-clock cpu p10: keep the machine quiet',
    );
    if (!probe.webgl2) {
      output.line(
        '✗ WebGL2: not available, so no gpu metric. On Linux install Mesa: `apt-get install libgl1-mesa-dri libegl-mesa0`.',
      );
      return 0;
    }
    output.line(`✓ WebGL2: ${probe.renderer}`);
    output.line(
      probe.timerQueries
        ? '✓ GPU timer queries: EXT_disjoint_timer_query_webgl2 available, gpu is measured'
        : '✗ GPU timer queries: unavailable, gpu will not be measured. Without a GPU, Mesa llvmpipe through ANGLE GL exposes them: install libgl1-mesa-dri libegl-mesa0 (perfwarden already passes --use-angle=gl-egl).',
    );
    if (probe.gpuProcessTime) {
      output.line(
        "✓ GPU process CPU time: readable (Linux), compare decides the GPU side on cpu.gpu, the CPU time of the software renderer's threads",
      );
    }
    if (probe.software) {
      output.line(
        '! software renderer: gpu times are CPU rasterization times here; reports label GPU verdicts "software". Use a runner with a GPU to judge GPU cost.',
      );
    }
    return 0;
  } finally {
    await browser.close();
  }
}
