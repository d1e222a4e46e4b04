import { describe, expect, it } from 'vitest';
import { useBrowser } from './harness.js';

const browser = useBrowser();

interface Api {
  saveBaseline(baseline: unknown, options: { storage: string; key: string }): Promise<void>;
  loadBaseline(options: { storage: string; key: string }): Promise<unknown>;
  removeBaseline(options: { storage: string; key: string }): Promise<void>;
  createAnalyzer(): {
    add(metric: string, value: number, time: number): void;
    tick(time: number): void;
    captureBaseline(): unknown;
  };
}

describe('baselines in a real page (dist/perfwarden-detect.iife.js)', () => {
  it('round-trip through IndexedDB and localStorage, and reject a corrupt stored value', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/iife.html'));
    const result = await page.evaluate(async () => {
      const api = (window as unknown as { perfwarden: { detect: Api } }).perfwarden.detect;
      const analyzer = api.createAnalyzer();
      // 60 s of steady work: past the warm-up, so the baseline has entries.
      for (let second = 0; second < 60; second++) {
        for (let frame = 0; frame < 60; frame++) {
          analyzer.add('cpu', 8 + ((second * 60 + frame) % 7) * 0.1, second * 1000 + frame * 16);
        }
        analyzer.tick((second + 1) * 1000);
      }
      const baseline = analyzer.captureBaseline();
      const stored: Record<string, unknown> = {};
      for (const storage of ['indexedDB', 'localStorage']) {
        const options = { storage, key: 'test' };
        await api.saveBaseline(baseline, options);
        stored[storage] = await api.loadBaseline(options);
        await api.removeBaseline(options);
        stored[`${storage} removed`] = await api.loadBaseline(options);
      }
      localStorage.setItem('corrupt', '{"format":"perfwarden-baseline"');
      const rejected = await api.loadBaseline({ storage: 'localStorage', key: 'corrupt' }).then(
        () => 'accepted',
        (error: unknown) => (error as Error).message,
      );
      return { baseline, stored, rejected };
    });
    expect((result.baseline as { entries: unknown[] }).entries.length).toBeGreaterThan(0);
    expect(result.stored['indexedDB']).toEqual(result.baseline);
    expect(result.stored['localStorage']).toEqual(result.baseline);
    expect(result.stored['indexedDB removed']).toBeUndefined();
    expect(result.stored['localStorage removed']).toBeUndefined();
    expect(result.rejected).toMatch(/^loadBaseline: baseline is not valid JSON/);
    expect(browser.pageErrors).toEqual([]);
  });
});
