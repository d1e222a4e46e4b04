/**
 * Delivery in real Chromium against the built script-tag bundles and a real local server:
 * the final batch after navigation, batches queued while the server is down, and batches
 * persisted in IndexedDB delivered after a reload.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { HttpPayload } from '../../src/export/http-exporter.js';
import { ExportMetricsServiceRequest, roundTrip } from '../unit/otlp/proto.js';
import { useBrowser } from './harness.js';

interface Received {
  path: string;
  gzip: boolean;
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
  collector.received.push({ path, gzip, json });
  response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  return true;
}

const browser = useBrowser({ handle });

beforeEach(() => {
  collector.up = true;
  collector.received = [];
  collector.refused = 0;
});

/** Starts of the cpu windows that reached /collect, in arrival order. */
function windowStarts(): number[] {
  return collector.received
    .filter((received) => received.path === '/collect')
    .flatMap((received) =>
      (received.json as HttpPayload).items.flatMap((item) =>
        item.kind === 'window' ? [item.window.start] : [],
      ),
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
  it('delivers the final batch after the page navigates away, to every exporter', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/export.html?otlp'));
    await produce(page, 1, 5);
    // The batch delay is a minute: nothing leaves the page until it goes away.
    expect(collector.received).toEqual([]);
    await page.goto(browser.url('/blank.html'));
    await vi.waitFor(
      () => {
        expect(windowStarts()).toEqual(seconds(1, 5));
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
    expect(browser.pageErrors).toEqual([]);
  });

  it('delivers the batches queued while the server was down once it is back', async () => {
    collector.up = false;
    const page = await browser.newPage();
    await page.goto(browser.url('/export.html?batchDelayMs=100&retryDelayMs=300'));
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
    await page.goto(browser.url('/export.html?persist&batchDelayMs=100&retryDelayMs=60000'));
    // The page's first 503 is warned about on the console once it has processed it.
    const failed = page.waitForEvent('console', (message) => message.text().includes('will retry'));
    await produce(page, 1, 4);
    await failed;
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
    // Taken from the store: another reload does not deliver them again.
    await page.reload();
    await page.waitForTimeout(1000);
    expect(windowStarts()).toEqual(seconds(1, 4));
    expect(browser.pageErrors).toEqual([]);
  });
});
