import { describe, expect, it } from 'vitest';
import { useBrowser } from './harness.js';

const browser = useBrowser();

// Later GPU tests rely on real timer queries; this fails loudly instead of letting them skip.
describe('the harness Chromium', () => {
  it('exposes EXT_disjoint_timer_query_webgl2 and measures a real draw', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/blank.html'));
    const result = await page.evaluate(async () => {
      const canvas = document.getElementById('canvas') as HTMLCanvasElement;
      const gl = canvas.getContext('webgl2');
      if (!gl) return { error: 'no webgl2' };
      const ext = gl.getExtension('EXT_disjoint_timer_query_webgl2') as {
        TIME_ELAPSED_EXT: number;
        GPU_DISJOINT_EXT: number;
      } | null;
      if (!ext) return { error: 'no EXT_disjoint_timer_query_webgl2' };
      const query = gl.createQuery();
      gl.beginQuery(ext.TIME_ELAPSED_EXT, query);
      for (let i = 0; i < 50; i++) {
        gl.clearColor(i / 50, 0, 0, 1);
        gl.clear(gl.COLOR_BUFFER_BIT);
      }
      gl.endQuery(ext.TIME_ELAPSED_EXT);
      // Poll once per frame, never forcing a sync, as the library will.
      for (let frame = 0; frame < 120; frame++) {
        await new Promise(requestAnimationFrame);
        if (gl.getQueryParameter(query, gl.QUERY_RESULT_AVAILABLE)) {
          const nanoseconds = gl.getQueryParameter(query, gl.QUERY_RESULT) as number;
          const disjoint = gl.getParameter(ext.GPU_DISJOINT_EXT) as boolean;
          gl.deleteQuery(query);
          return { nanoseconds, disjoint, frames: frame + 1 };
        }
      }
      return { error: 'result never became available' };
    });
    expect(result).not.toHaveProperty('error');
    expect(result.nanoseconds).toBeGreaterThan(0);
    expect(result.disjoint).toBe(false);
  });
});
