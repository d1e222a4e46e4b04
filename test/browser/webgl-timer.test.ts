import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findChromium } from '../../src/cli/chromium.js';
import { useBrowser } from './harness.js';
import type { WebglWindow } from './webgl-fixture.js';

const browser = useBrowser();

interface Collected {
  supported: boolean;
  extension: string | undefined;
  software: boolean;
  /** Median ms per metric. */
  p50: Record<string, number>;
  counts: Record<string, number>;
  stats: Record<string, number>;
  queries: { created: number; deleted: number };
  /** Largest |gpu − sum of that frame's spans| over all frames. */
  maxSumError: number;
}

/**
 * Renders `frames` frames in the fixture page; each frame draws the given spans
 * (name → shader iterations) through a gpuTimer, then waits for the results.
 */
async function run(
  page: Page,
  spans: Record<string, number>,
  frames = 60,
  useFrame = false,
): Promise<Collected> {
  return page.evaluate(
    async ({ spans, frames, useFrame }) => {
      const w = window as unknown as WebglWindow;
      const { gl, draw, queryCounts, nextFrame, median } = w.fixture;
      const samples: Record<string, number[]> = {};
      const byFrame = new Map<number, { gpu: number; spans: number }>();
      const timer = w.perfwarden.webgl.gpuTimer(gl, {
        sink: (metric: string, value: number, time: number) => {
          (samples[metric] ??= []).push(value);
          const frame = byFrame.get(time) ?? { gpu: 0, spans: 0 };
          if (metric === 'gpu') frame.gpu = value;
          else frame.spans += value;
          byFrame.set(time, frame);
        },
      });
      for (let i = 0; i < frames; i++) {
        await nextFrame();
        if (useFrame)
          timer.frame(() => {
            Object.values(spans).forEach((n) => {
              draw(n);
            });
          });
        else
          for (const [name, n] of Object.entries(spans))
            timer.measure(name, () => {
              draw(n);
            });
      }
      for (let i = 0; i < 30 && timer.stats().inFlight > 0; i++) await nextFrame();
      const stats = timer.stats();
      const { supported, extension } = timer;
      timer.stop();
      return {
        supported,
        extension,
        software: timer.renderer.software,
        p50: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])),
        counts: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.length])),
        stats: stats as unknown as Record<string, number>,
        queries: { ...queryCounts },
        maxSumError: useFrame
          ? 0
          : Math.max(0, ...[...byFrame.values()].map((f) => Math.abs(f.gpu - f.spans))),
      };
    },
    { spans, frames, useFrame },
  );
}

describe('gpuTimer in real Chromium (Mesa llvmpipe timer queries)', () => {
  it('orders gpu p50 by shader work: 20 < 80 < 320 iterations, 320 ≥ 2.5 × 80', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/webgl-timer.html'));
    const results: Record<number, number> = {};
    for (const iterations of [20, 80, 320]) {
      const collected = await run(page, { scene: iterations }, 40, true);
      expect(collected.stats['disjoint']).toBe(0);
      results[iterations] = collected.p50['gpu'] ?? NaN;
    }
    console.log('gpu p50 ms by iterations', results);
    expect(results[20]).toBeGreaterThan(0);
    expect(results[80]).toBeGreaterThan(results[20] ?? Infinity);
    expect(results[320]).toBeGreaterThanOrEqual(2.5 * (results[80] ?? Infinity));
    expect(browser.pageErrors).toEqual([]);
  });

  it('attributes two named spans of one frame separately, and sums them as gpu', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/webgl-timer.html'));
    // Heavy first: Mesa llvmpipe charges later queries of a frame poorly (docs/webgl.md).
    const collected = await run(page, { heavy: 320, light: 20 }, 40);
    const light = collected.p50['gpu.light'] ?? NaN;
    const heavy = collected.p50['gpu.heavy'] ?? NaN;
    expect(collected.extension).toBe('EXT_disjoint_timer_query_webgl2');
    expect(collected.software).toBe(true); // llvmpipe: labelled as a software renderer
    expect(heavy).toBeGreaterThan(4 * light);
    expect(collected.counts['gpu.light']).toBe(collected.counts['gpu.heavy']);
    expect(collected.counts['gpu']).toBe(collected.counts['gpu.heavy']);
    // Per frame, gpu is exactly the sum of that frame's spans.
    expect(collected.maxSumError).toBeLessThan(1e-9);
  });

  it('agrees with a plain timer query written here, on alternate frames', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/webgl-timer.html'));
    const { perfwarden, plain } = await page.evaluate(() =>
      (window as unknown as WebglWindow).fixture.compareWithPlainQuery(120, 80),
    );
    console.log(
      `gpu p50: perfwarden ${perfwarden.toFixed(3)} ms, plain query ${plain.toFixed(3)} ms`,
    );
    expect(Math.abs(perfwarden - plain) / plain).toBeLessThan(0.25);
  });

  it('works through EXT_disjoint_timer_query on a WebGL1 context', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/webgl-timer.html?gl=webgl'));
    const collected = await run(page, { scene: 80 }, 20);
    expect(collected.counts['gpu']).toBeGreaterThan(10);
    expect(collected.p50['gpu']).toBeGreaterThan(0);
  });

  it('leaks no query object over 600 frames', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/webgl-timer.html'));
    const collected = await run(page, { a: 5, b: 5 }, 600);
    expect(collected.counts['gpu']).toBeGreaterThan(500);
    expect(collected.queries.created).toBeGreaterThan(0);
    expect(collected.queries.created).toBeLessThanOrEqual(32);
    expect(collected.queries.deleted).toBe(collected.queries.created);
  });

  it('reports supported: false and no errors where the browser has no timer extension', async () => {
    // Chromium's default headless renderer (SwiftShader) exposes no timer queries.
    const { chromium } = await import('playwright-core');
    const plain = await chromium.launch({
      executablePath: findChromium(),
      args: ['--headless=new', '--no-sandbox', '--disable-background-networking'],
    });
    try {
      const page = await plain.newPage();
      const errors: Error[] = [];
      page.on('pageerror', (error) => errors.push(error));
      await page.goto(browser.url('/webgl-timer.html'));
      const result = await page.evaluate(async () => {
        const w = window as unknown as WebglWindow;
        const { gl, draw, nextFrame } = w.fixture;
        const timer = w.perfwarden.webgl.gpuTimer(gl, { sink: () => undefined });
        let drawn = 0;
        for (let i = 0; i < 10; i++) {
          await nextFrame();
          timer.measure('scene', () => {
            draw(20);
            drawn++;
          });
        }
        return { supported: timer.supported, drawn, stats: timer.stats() };
      });
      expect(result.supported).toBe(false);
      expect(result.drawn).toBe(10);
      expect(result.stats.created).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});
