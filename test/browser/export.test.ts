/**
 * Delivery in real Chromium against the built script-tag bundles and a real local server:
 * the final batch after navigation, batches queued while the server is down, batches
 * persisted in IndexedDB delivered after a reload, what the requests carry, and hostile
 * exporters and stores that must not break the page.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { HttpPayload } from '../../src/export/http-exporter.js';
import type { Pipeline } from '../../src/export/pipeline.js';
import type * as PerfwardenApi from '../../src/index.js';
import { ExportMetricsServiceRequest, roundTrip } from '../unit/otlp/proto.js';
import { useBrowser } from './harness.js';

interface Received {
  path: string;
  gzip: boolean;
  /** The request's Referer header, if any. */
  referer: string | undefined;
  json: unknown;
}

/** What the collector endpoints received and answered 200 to, and whether they are up. */
const collector = { up: true, received: [] as Received[], refused: 0 };

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (request.method !== 'POST' || !(path === '/collect' || path.startsWith('/otlp/'))) {
    return false;
  }
  const body = await readBody(request);
  if (!collector.up) {
    collector.refused++;
    response.writeHead(503, { 'retry-after': '0' }).end();
    return true;
  }
  const gzip = request.headers['content-encoding'] === 'gzip';
  const json: unknown = JSON.parse((gzip ? gunzipSync(body) : body).toString('utf8'));
  collector.received.push({ path, gzip, referer: request.headers.referer, json });
  response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  return true;
}

const browser = useBrowser({ handle });

beforeEach(() => {
  collector.up = true;
  collector.received = [];
  collector.refused = 0;
});

/** The cpu windows that reached /collect, in arrival order. */
function windowsReceived(): { start: number; end: number; count: number }[] {
  return collector.received
    .filter((received) => received.path === '/collect')
    .flatMap((received) =>
      (received.json as HttpPayload).items.flatMap((item) =>
        item.kind === 'window' ? [item.window] : [],
      ),
    );
}

/** Starts of the cpu windows that reached /collect, in arrival order. */
function windowStarts(): number[] {
  return windowsReceived().map((window) => window.start);
}

/** How many snapshots the page's IndexedDB store holds (the fixture's database). */
function storedSnapshots(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const request = indexedDB.open('perfwarden-test', 1);
        request.onupgradeneeded = () => {
          request.result.createObjectStore('snapshots', { keyPath: 'id' });
        };
        request.onerror = () => {
          reject(request.error ?? new Error('open failed'));
        };
        request.onsuccess = () => {
          const database = request.result;
          const count = database.transaction('snapshots').objectStore('snapshots').count();
          count.onsuccess = () => {
            database.close();
            resolve(count.result);
          };
          count.onerror = () => {
            database.close();
            reject(count.error ?? new Error('count failed'));
          };
        };
      }),
  );
}

const seconds = (first: number, count: number): number[] =>
  Array.from({ length: count }, (_, i) => (first + i) * 1000);

async function produce(page: Page, first: number, count: number): Promise<void> {
  await page.evaluate(
    ([from, n]) => {
      (window as unknown as { produceWindows(a: number, b: number): void }).produceWindows(from, n);
    },
    [first, count] as const,
  );
}

describe('export pipeline in Chromium (dist/perfwarden.iife.js)', () => {
  it('delivers the partial export window after the page navigates away, to every exporter', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/export.html?otlp'));
    await produce(page, 1, 5);
    // Five 1 s windows of the first minute, merged into its export window, which has not
    // ended; and the batch delay is a minute: nothing leaves the page until it goes away.
    expect(collector.received).toEqual([]);
    await page.goto(browser.url('/blank.html'));
    await vi.waitFor(
      () => {
        expect(windowsReceived()).toMatchObject([{ start: 1000, end: 6000, count: 300 }]);
      },
      { timeout: 10_000 },
    );
    const http = collector.received.find((received) => received.path === '/collect');
    expect(http?.gzip).toBe(false);
    await vi.waitFor(() => {
      expect(collector.received.map((received) => received.path)).toContain('/otlp/v1/metrics');
    });
    const otlp = collector.received.find((received) => received.path === '/otlp/v1/metrics');
    expect(roundTrip(ExportMetricsServiceRequest, otlp?.json)).toEqual(otlp?.json);
    expect(JSON.stringify(otlp?.json)).toContain('"count":"300"');
    expect(browser.pageErrors).toEqual([]);
  });

  it('delivers the batches queued while the server was down once it is back', async () => {
    collector.up = false;
    const page = await browser.newPage();
    await page.goto(browser.url('/export.html?windowMs=1000&batchDelayMs=100&retryDelayMs=300'));
    await produce(page, 1, 3);
    await vi.waitFor(() => {
      expect(collector.refused).toBeGreaterThan(0);
    });
    await produce(page, 5, 3);
    collector.up = true;
    await vi.waitFor(
      () => {
        expect(windowStarts()).toEqual(seconds(1, 7));
      },
      { timeout: 10_000 },
    );
    expect(browser.pageErrors).toEqual([]);
  });

  it('delivers batches persisted in IndexedDB after a reload', async () => {
    collector.up = false;
    const page = await browser.newPage();
    // A long backoff: the page keeps its items until it is reloaded.
    await page.goto(
      browser.url('/export.html?windowMs=1000&persist&batchDelayMs=100&retryDelayMs=60000'),
    );
    // The page's first 503 is warned about on the console once it has processed it.
    const failed = page.waitForEvent('console', (message) => message.text().includes('will retry'));
    await produce(page, 1, 4);
    await failed;
    // The copy written ahead after the 503 is what the next load delivers: wait until it is
    // committed, rather than hoping the reload comes after the commit.
    await vi.waitFor(async () => {
      expect(await storedSnapshots(page)).toBe(1);
    });
    const unloadedPage = await page.evaluate(
      () => (window as unknown as { loadId: string }).loadId,
    );
    collector.up = true;
    await page.reload();
    const reloadedPage = await page.evaluate(
      () => (window as unknown as { loadId: string }).loadId,
    );
    await vi.waitFor(
      () => {
        expect(windowStarts()).toEqual(seconds(1, 4));
      },
      { timeout: 10_000 },
    );
    // The unloading page kept its items for the failing endpoint; the reloaded page sent them.
    const senders = collector.received.map(
      (received) => (received.json as HttpPayload).resource['page.load'],
    );
    expect(senders).not.toContain(unloadedPage);
    expect(senders).toContain(reloadedPage);
    // Delivery is at least once: an export still in flight when a page goes away may be sent
    // again by the next load. What is guaranteed is that an acknowledged export is never sent
    // again, so wait until this page's pipeline has its answer before leaving it.
    await page.evaluate(() => (window as unknown as { pipeline: Pipeline }).pipeline.flush());
    expect(await storedSnapshots(page)).toBe(0);
    // Taken from the store and acknowledged: another reload does not deliver them again.
    await page.reload();
    await page.waitForTimeout(1000);
    expect(windowStarts()).toEqual(seconds(1, 4));
    expect(browser.pageErrors).toEqual([]);
  });

  it('sends no Referer, so the page URL and its query string stay in the page', async () => {
    const page = await browser.newPage();
    await page.goto(
      browser.url('/export.html?windowMs=1000&batchDelayMs=100&token=secret#section'),
    );
    await produce(page, 1, 2);
    await vi.waitFor(() => {
      expect(windowStarts()).toEqual(seconds(1, 2));
    });
    expect(collector.received.map((received) => received.referer)).toEqual([undefined]);
    expect(browser.pageErrors).toEqual([]);
  });

  it('never throws into the page, whatever the exporter or the store does', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/export.html'));
    const outcome = await page.evaluate(async () => {
      const { createMonitor, indexedDBStore } = (
        window as unknown as { perfwarden: typeof PerfwardenApi }
      ).perfwarden;
      const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 100));
      // The factory instead of the store it makes: refused at creation, with the fix.
      let refused = '';
      try {
        createMonitor({ export: { persist: indexedDBStore as never } });
      } catch (error) {
        refused = (error as Error).message;
      }
      const reported: string[] = [];
      const broken = (what: string) => () => {
        throw new Error(`${what} is broken`);
      };
      const monitor = createMonitor({
        sources: { frames: false, longFrames: false, vitals: false, memory: false },
        // An exporter that forgets to return its result.
        exporters: [{ name: 'forgetful', export: (() => undefined) as never }],
        export: {
          batchDelayMs: 60_000,
          persist: {
            maxBytes: 100_000,
            save: broken('save'),
            remove: broken('remove'),
            takeAll: broken('takeAll'),
          },
        },
        onError: (_error, kind) => reported.push(kind),
      });
      monitor.start();
      const now = performance.timeOrigin + performance.now();
      monitor.record('custom', 1, now);
      monitor.record('custom', 2, now + 2000); // closes the first window: it is queued
      // The final flush calls the exporter from the pagehide listener.
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      await settle();
      monitor.stop();
      // Stopped: the pipeline's listeners are gone, these reach nothing of perfwarden's.
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      document.dispatchEvent(new Event('visibilitychange'));
      await settle();
      await monitor.shutdown();
      return { refused, reported: [...new Set(reported)].sort() };
    });
    expect(outcome.refused).toMatch(
      /^createMonitor: option "export.persist" must be a store .*: did you mean indexedDBStore\(\)\?$/,
    );
    expect(outcome.reported).toEqual(['export.forgetful', 'export.persist']);
    expect(browser.pageErrors).toEqual([]);
  });
});
