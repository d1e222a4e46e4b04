import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './harness.js';

// The examples as `npm test` builds them (build:examples, against dist/).
const browser = useBrowser({
  routes: { '/': fileURLToPath(new URL('../../build/examples/', import.meta.url)) },
});

interface ThreeExample {
  threeExample: {
    monitor: {
      on(event: 'window', listener: (w: { metric: string; count: number }) => void): void;
    };
  };
  seen: string[];
}

describe('examples/three (built examples)', () => {
  it('times three.js renders as gpu.render and shows the HUD', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/three/?count=200&detail=8'));
    await page.waitForFunction(() => 'threeExample' in window);
    await page.evaluate(() => {
      const w = window as unknown as ThreeExample;
      w.seen = [];
      w.threeExample.monitor.on('window', (summary) => {
        if (summary.count > 0) w.seen.push(summary.metric);
      });
    });
    await page.waitForFunction(
      () => {
        const { seen } = window as unknown as ThreeExample;
        return seen.includes('gpu.render') && seen.includes('cpu');
      },
      undefined,
      { timeout: 15_000 },
    );
    const hud = await page.evaluate(
      () =>
        document.querySelector('[data-perfwarden-hud]')?.shadowRoot?.querySelector('header')
          ?.textContent,
    );
    expect(hud).toMatch(/perfwarden/);
    expect(browser.pageErrors).toEqual([]);
  });
});
