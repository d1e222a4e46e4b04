import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURE_ROUTES, useBrowser } from './harness.js';
import type { WebglWindow } from './webgl-fixture.js';

const browser = useBrowser({
  routes: {
    ...FIXTURE_ROUTES,
    '/three/': fileURLToPath(new URL('../../node_modules/three/build/', import.meta.url)),
  },
});

describe('instrumentThree in real Chromium', () => {
  it('times every renderer.render as gpu.render and restores the method', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/webgl-three.html'));
    await page.waitForFunction(() => (window as unknown as { threeReady?: boolean }).threeReady);
    const result = await page.evaluate(async () => {
      interface Three {
        renderer: {
          render(scene: unknown, camera: unknown): void;
          getContext(): WebGL2RenderingContext;
        };
        scene: unknown;
        camera: unknown;
        mesh: { rotation: { y: number } };
      }
      const { renderer, scene, camera, mesh } = (window as unknown as { three: Three }).three;
      const webgl = (window as unknown as WebglWindow).perfwarden.webgl;
      const samples: Record<string, number> = {};
      const timer = webgl.gpuTimer(renderer.getContext(), {
        sink: (metric) => (samples[metric] = (samples[metric] ?? 0) + 1),
      });
      const original = renderer.render; // eslint-disable-line @typescript-eslint/unbound-method -- compared, not called
      const restore = webgl.instrumentThree(renderer, timer);
      const wrapped = renderer.render !== original;
      for (let i = 0; i < 30; i++) {
        await new Promise(requestAnimationFrame);
        mesh.rotation.y += 0.05;
        renderer.render(scene, camera);
      }
      for (let i = 0; i < 10; i++) await new Promise(requestAnimationFrame);
      restore();
      timer.stop();
      return { samples, wrapped, restored: renderer.render === original };
    });
    expect(result.wrapped).toBe(true);
    expect(result.restored).toBe(true);
    expect(result.samples['gpu.render']).toBeGreaterThan(20);
    expect(result.samples['gpu']).toBe(result.samples['gpu.render']);
    expect(browser.pageErrors).toEqual([]);
  });
});
