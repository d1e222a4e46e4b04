/**
 * Delivery in Node over real sockets: a local HTTP server that answers exactly as slowly as the
 * export timeout, and an endpoint that refuses connections, whose retries must not keep the
 * process alive.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExportItem } from '../../../src/export/exporter.js';
import { httpExporter } from '../../../src/export/http-exporter.js';
import type { HttpPayload } from '../../../src/export/http-exporter.js';
import { createPipeline } from '../../../src/export/pipeline.js';
import { createMonitor } from '../../../src/monitor/create-monitor.js';
import { windowItem } from './items.js';

// 1 s windows whose starts are n ms apart: the pipelines here take `windowMs: 1000`, so each
// window is an export window of its own and the tests see the windows they push.
const nth = (n: number): ExportItem => windowItem('cpu', [5, 6, 7], { scene: 'a' }, n);
const quiet = (): void => undefined;

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A server on 127.0.0.1 that records the window starts of each body, then answers `delay` ms later. */
async function slowServer(delay: number): Promise<{ url: string; copies: Map<number, number> }> {
  const copies = new Map<number, number>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body = Buffer.concat(chunks);
      if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const payload = JSON.parse(body.toString('utf8')) as HttpPayload;
      for (const item of payload.items) {
        if (item.kind === 'window') {
          copies.set(item.window.start, (copies.get(item.window.start) ?? 0) + 1);
        }
      }
      setTimeout(() => {
        response.writeHead(200).end();
      }, delay);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${String(port)}/collect`, copies };
}

/** A URL on 127.0.0.1 where nothing listens: every request fails with ECONNREFUSED. */
async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${String(port)}/collect`;
}

/** Timers that keep this process alive (unreferenced ones are not listed). */
function liveTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

describe('a real server exactly as slow as exportTimeoutMs', () => {
  it('gets every window, each at most twice, and the lane keeps up', async () => {
    const timeout = 300;
    const { url, copies } = await slowServer(timeout);
    const pipeline = createPipeline({
      windowMs: 1000,
      exporters: [httpExporter({ url })],
      exportTimeoutMs: timeout,
      batchDelayMs: 50,
      retryDelayMs: 50,
      maxRetryDelayMs: 400,
      onError: quiet,
    });
    const windows = 30;
    for (let n = 1; n <= windows; n++) {
      pipeline.push(nth(n));
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await vi.waitFor(
      () => {
        expect(copies.size).toBe(windows);
      },
      { timeout: 8000, interval: 50 },
    );
    await pipeline.shutdown();
    expect(Math.max(...copies.values())).toBeLessThanOrEqual(2);
  }, 20_000);
});

describe('a failing endpoint in Node', () => {
  it('leaves no timer that keeps the process alive after stop() and flush()', async () => {
    const before = liveTimers();
    const errors: string[] = [];
    const monitor = createMonitor({
      sources: {
        frames: false,
        longFrames: false,
        interactions: false,
        measures: false,
        vitals: false,
        memory: false,
      },
      exporters: [httpExporter({ url: await refusingUrl() })],
      export: { retryDelayMs: 30_000, batchDelayMs: 30_000 },
      onError: (error) => errors.push((error as Error).message),
    });
    monitor.start();
    monitor.record('custom', 1);
    monitor.record('custom', 2, Date.now() + 5000);
    monitor.stop();
    await monitor.flush();
    // The refused request now waits on a backoff timer for its retry: it must not hold Node.
    expect(errors).toContainEqual(expect.stringMatching(/^network error: .* \(will retry\)$/));
    // No more than before (a timer of the previous test's server may end meanwhile).
    expect(liveTimers()).toBeLessThanOrEqual(before);
    await monitor.shutdown();
    expect(liveTimers()).toBeLessThanOrEqual(before);
  });
});
