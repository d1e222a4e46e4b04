import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ClosedWindow } from '../../src/analysis/windows.js';
import { FIXTURE_ROUTES, useBrowser } from './harness.js';

const browser = useBrowser({
  routes: {
    ...FIXTURE_ROUTES,
    '/web-vitals/': fileURLToPath(new URL('../../node_modules/web-vitals/dist/', import.meta.url)),
  },
});

interface Live {
  observers: number;
  frames: number;
  timeouts: number;
  intervals: number;
  idle: number;
  listeners: string[];
}

/** The page's API surface as seen through the perfwarden global. */
interface PageApi {
  live(): Live;
  monitor: { start(): void; stop(): void; overhead(): number };
  perfwarden: {
    createMonitor(options?: unknown): PageApi['monitor'];
    vitals: { webVitals: unknown };
  };
  collect(monitor: PageApi['monitor']): PageApi['monitor'];
  onMonitorError: unknown;
  collected: { windows: ClosedWindow[]; sheds: { level: number }[]; errors: string[] };
}

const live = (page: Page) => page.evaluate(() => (window as unknown as PageApi).live());

/**
 * Starts a monitor in the page with `options` (a JSON-able object), Web Vitals on unless
 * `sources.vitals` is false, and reports to collected.
 */
async function startMonitor(
  page: Page,
  options: { sources?: object } & Record<string, unknown>,
): Promise<void> {
  await page.evaluate((options) => {
    const api = window as unknown as PageApi;
    const sources = { vitals: api.perfwarden.vitals.webVitals, ...options.sources };
    api.monitor = api.collect(
      api.perfwarden.createMonitor({ ...options, sources, onError: api.onMonitorError }),
    );
    api.monitor.start();
  }, options);
}

const stopMonitor = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as PageApi).monitor.stop();
  });

/** Some activity that makes every source and gate allocate something. */
async function exercise(page: Page): Promise<void> {
  await page.waitForTimeout(1200);
  await page.mouse.click(10, 10);
  await page.evaluate(() => {
    performance.measure('fixture');
    dispatchEvent(new Event('resize'));
  });
  await page.waitForTimeout(100);
}

describe('monitor lifecycle in Chromium (dist/perfwarden.iife.js)', () => {
  it('stop() leaves no observer, frame request, timer or listener behind', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/monitor-lifecycle.html'));
    await page.waitForTimeout(300);
    const before = await live(page);
    // Every frame measured, so that the frame loop runs at the moment it is counted.
    await startMonitor(page, { sources: { vitals: false, frames: { sampling: 'full' } } });
    await page.waitForTimeout(300);
    const running = await live(page);
    expect(running.observers).toBeGreaterThanOrEqual(3); // long frames, interactions, measures
    expect(running.frames).toBe(1);
    expect(running.intervals).toBe(1); // memory
    // The window clock: a timer until the next window, or an idle callback just after it.
    expect(running.timeouts + running.idle).toBeGreaterThanOrEqual(1);
    expect(running.listeners.length).toBeGreaterThan(before.listeners.length);
    await exercise(page);
    await stopMonitor(page);
    expect(await live(page)).toEqual(before);
    expect(browser.pageErrors).toEqual([]);
  });

  it('with Web Vitals, leaves only what web-vitals alone leaves, and never more', async () => {
    const alone = await browser.newPage();
    await alone.goto(browser.url('/web-vitals-alone.html'));
    await alone.waitForTimeout(300);
    const aloneBefore = await live(alone);
    await alone.evaluate(() => {
      type On = (callback: () => void, options: object) => void;
      const vitals = (window as unknown as { webVitals: Record<string, On> }).webVitals;
      for (const name of ['onTTFB', 'onFCP', 'onLCP', 'onCLS', 'onINP']) {
        vitals[name]?.(() => undefined, { reportAllChanges: true });
      }
    });
    await exercise(alone);
    const aloneAfter = await live(alone);

    const page = await browser.newPage();
    await page.goto(browser.url('/monitor-lifecycle.html'));
    await page.waitForTimeout(300);
    const before = await live(page);
    await startMonitor(page, {});
    await exercise(page);
    await stopMonitor(page);
    const first = await live(page);
    await page.evaluate(() => {
      (window as unknown as PageApi).monitor.start();
    });
    await exercise(page);
    await stopMonitor(page);
    const second = await live(page);

    const residue = (after: Live, start: Live) => ({
      observers: after.observers - start.observers,
      frames: after.frames - start.frames,
      timeouts: after.timeouts - start.timeouts,
      intervals: after.intervals - start.intervals,
      listeners: after.listeners.length - start.listeners.length,
    });
    console.log('web-vitals alone leaves', residue(aloneAfter, aloneBefore), aloneAfter.listeners);
    expect(residue(first, before)).toEqual(residue(aloneAfter, aloneBefore));
    expect(second).toEqual(first);
    expect(browser.pageErrors).toEqual([]);
  });

  it('samples no frames while the page is hidden, and resumes after it is visible again', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/monitor-cpu.html'));
    await page.waitForTimeout(1500);
    // Headless Chromium keeps pages visible: emulate hiding as web-vitals' tests do.
    const setHidden = (hidden: boolean) =>
      page.evaluate((hidden) => {
        Object.defineProperty(document, 'visibilityState', {
          value: hidden ? 'hidden' : 'visible',
          configurable: true,
        });
        document.dispatchEvent(new Event('visibilitychange'));
        return performance.timeOrigin + performance.now();
      }, hidden);
    const hiddenAt = await setHidden(true);
    await page.waitForTimeout(2000);
    const visibleAt = await setHidden(false);
    await page.waitForTimeout(4000);
    const frames = (
      await page.evaluate(() => (window as unknown as PageApi).collected.windows)
    ).filter((w) => w.metric === 'frame' || w.metric === 'cpu');
    const during = frames.filter((w) => w.end > hiddenAt + 1 && w.start <= visibleAt);
    expect(during).toEqual([]);
    expect(frames.some((w) => w.end <= hiddenAt + 1)).toBe(true);
    // After the 2 s settling time, frames are sampled again.
    expect(frames.some((w) => w.start > visibleAt && w.metric === 'frame')).toBe(true);
    expect(browser.pageErrors).toEqual([]);
  });

  it('keeps its errors from the page: missing APIs and throwing listeners', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/monitor-lifecycle.html'));
    const result = await page.evaluate(async () => {
      const api = window as unknown as PageApi & Record<string, unknown>;
      const errors: string[] = [];
      const received: string[] = [];
      // A page without PerformanceObserver, matchMedia and the memory API.
      api['PerformanceObserver'] = undefined;
      api['matchMedia'] = undefined;
      const monitor = api.perfwarden.createMonitor({
        sources: { frames: { sampling: 'full' } },
        onError: (_error: unknown, kind: string) => errors.push(kind),
      }) as PageApi['monitor'] & {
        on(event: string, listener: (w: { metric: string }) => void): () => void;
      };
      monitor.on('window', () => {
        throw new Error('listener bug');
      });
      monitor.on('window', (w) => received.push(w.metric));
      monitor.start();
      await new Promise((done) => setTimeout(done, 2500));
      monitor.stop();
      return { errors, received };
    });
    expect(result.received).toContain('frame');
    expect(result.errors).toContain('listener.window');
    expect(browser.pageErrors).toEqual([]);
  });

  it('rejects bad options with a TypeError naming the option', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/monitor-lifecycle.html'));
    const messages = await page.evaluate(() => {
      const { perfwarden } = window as unknown as PageApi;
      const wrong: object[] = [
        { sampleRate: 2 },
        { overheadBudget: -1 },
        { window: 'fast' },
        { context: { scene: 1 } },
        { sources: { frames: 'yes' } },
        { sources: { interactions: { threshold: 1 } } },
        { colour: 'red' },
      ];
      return wrong.map((options) => {
        try {
          perfwarden.createMonitor(options);
          return 'accepted';
        } catch (error) {
          return `${(error as Error).name}: ${(error as Error).message}`;
        }
      });
    });
    const names = [
      'sampleRate',
      'overheadBudget',
      'window',
      'context',
      'sources.frames',
      'sources.interactions.threshold',
      'colour',
    ];
    messages.forEach((message, i) => {
      expect(message).toMatch(/^TypeError: /);
      expect(message).toContain(`"${names[i] ?? ''}"`);
    });
  });

  it('measures its own overhead and sheds work when over budget', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/monitor-lifecycle.html'));
    await startMonitor(page, { overheadBudget: 1e-6 });
    await page.waitForTimeout(11_500);
    const { overhead, sheds, windows } = await page.evaluate(() => {
      const api = window as unknown as PageApi;
      return {
        overhead: api.monitor.overhead(),
        sheds: api.collected.sheds,
        windows: api.collected.windows,
      };
    });
    await stopMonitor(page);
    console.log(`overhead on a blank page: ${(overhead * 100).toFixed(3)} %`);
    expect(overhead).toBeGreaterThan(0);
    expect(overhead).toBeLessThan(0.1);
    expect(sheds[0]).toMatchObject({ level: 1, budget: 1e-6 });
    expect(windows.some((w) => w.metric === 'perfwarden.overhead' && w.max > 0)).toBe(true);
  });
});
