import { describe, expect, it } from 'vitest';
import type * as Root from '../../src/index.js';
import { useBrowser } from './harness.js';
import type { WebglWindow } from './webgl-fixture.js';

const browser = useBrowser();

describe('a monitor with a GPU timer and an exporter, in real Chromium', () => {
  it('exports gpu windows and says the renderer is software', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/webgl-timer.html'));
    await page.addScriptTag({ url: '/dist/perfwarden.iife.js' });
    const result = await page.evaluate(async () => {
      const w = window as unknown as WebglWindow & { perfwarden: typeof Root };
      const { gl, draw, nextFrame } = w.fixture;
      const exporter = w.perfwarden.memoryExporter();
      const monitor = w.perfwarden.createMonitor({
        // Every frame measured: this test counts the frames that reach the exporter.
        sources: { vitals: false, frames: { sampling: 'full' } },
        exporters: [exporter],
        // Every 1 s window, so that several gpu.scene windows arrive.
        export: { batchDelayMs: 50, windowMs: 1000 },
      });
      monitor.start();
      const timer = w.perfwarden.webgl.gpuTimer(gl, { monitor });
      for (let i = 0; i < 150; i++) {
        await nextFrame();
        timer.measure('scene', () => {
          draw(40);
        });
      }
      for (let i = 0; i < 10; i++) await nextFrame();
      monitor.stop();
      await monitor.flush();
      timer.stop();
      const windows = exporter.items.flatMap((item) =>
        item.kind === 'window' ? [item.window] : [],
      );
      const counters = exporter.items.flatMap((item) =>
        item.kind === 'counter' ? [item.counter] : [],
      );
      return {
        gpuWindows: windows
          .filter((window) => window.metric === 'gpu')
          .map((window) => window.count),
        sceneWindows: windows.filter((window) => window.metric === 'gpu.scene').length,
        renderer: counters.find((counter) => counter.name === 'perfwarden.gpu.renderer')
          ?.attributes,
        software: monitor.gpu?.software,
      };
    });
    expect(result.gpuWindows.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
    expect(result.sceneWindows).toBeGreaterThan(1);
    expect(result.renderer?.['software']).toBe('true');
    expect(result.renderer?.['renderer']).toMatch(/llvmpipe/i);
    expect(browser.pageErrors).toEqual([]);
  });
});
