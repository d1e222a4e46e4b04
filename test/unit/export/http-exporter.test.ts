import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ExportContext, ExportItem } from '../../../src/export/exporter.js';
import { compactItem } from '../../../src/export/compact.js';
import { httpExporter } from '../../../src/export/http-exporter.js';
import type { HttpPayload } from '../../../src/export/http-exporter.js';
import { parseRetryAfter } from '../../../src/export/http-transport.js';
import { createKeepaliveBudget } from '../../../src/export/keepalive-budget.js';
import { createPipeline } from '../../../src/export/pipeline.js';
import { VERSION } from '../../../src/version.js';
import { regressionItem, windowItem } from './items.js';
import { mockEndpoint } from './recording-server.js';
import type { Answer, RecordedRequest } from './recording-server.js';

const server = setupServer();
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  server.resetHandlers();
});
afterAll(() => {
  server.close();
});

const URL_A = 'https://collect.example.com/perf';
const URL_B = 'https://other.example.com/perf';
const quiet = (): void => undefined;
// 1 s windows whose starts are n ms apart: the pipelines here take `windowMs: 1000`, so each
// window is an export window of its own and the tests see the windows they push.
const nth = (n: number): ExportItem => windowItem('cpu', [5, 6, 7], { scene: 'a' }, n);

function endpoint(url: string, answer?: (n: number) => Answer) {
  const mock = mockEndpoint(url, answer);
  server.use(mock.handler);
  return mock;
}

function context(final = false, keepaliveBytes = 60_000): ExportContext {
  return {
    signal: new AbortController().signal,
    keepalive: createKeepaliveBudget(keepaliveBytes),
    final,
  };
}

/** Window starts in the delivered bodies, in order. */
function startsDelivered(requests: readonly RecordedRequest[]): number[] {
  return requests.flatMap((request) =>
    (request.json as HttpPayload).items.flatMap((item) =>
      item.kind === 'window' ? [item.window.start] : [],
    ),
  );
}

function countersDelivered(
  requests: readonly RecordedRequest[],
): { value: number; reason: string }[] {
  return requests.flatMap((request) =>
    (request.json as HttpPayload).items.flatMap((item) =>
      item.kind === 'counter'
        ? [{ value: item.counter.value, reason: item.counter.attributes['reason'] ?? '' }]
        : [],
    ),
  );
}

describe('httpExporter', () => {
  it('POSTs the versioned JSON body, gzip-compressed, with the configured headers', async () => {
    const mock = endpoint(URL_A);
    const exporter = httpExporter({
      url: URL_A,
      headers: { 'x-api-key': 'k1' },
      resource: { 'service.name': 'charts', 'service.version': '2.1.0' },
    });
    const batch = [nth(1), regressionItem()];
    expect(await exporter.export(batch, context())).toEqual({ code: 'ok' });
    const [request] = mock.requests;
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['content-encoding']).toBe('gzip');
    expect(request?.headers['x-api-key']).toBe('k1');
    const payload = request?.json as HttpPayload;
    expect(payload).toMatchObject({
      format: 'perfwarden',
      version: 2,
      sdk: { name: 'perfwarden', version: VERSION },
      resource: { 'service.name': 'charts', 'service.version': '2.1.0' },
    });
    expect(payload.sentAt).toBeTypeOf('number');
    // Windows go out with compact numbers (compact.test.ts), events exactly as they are.
    expect(payload.items).toEqual(JSON.parse(JSON.stringify(batch.map(compactItem))));
    expect(payload.items[1]).toEqual(JSON.parse(JSON.stringify(batch[1])));
  });

  it('sends no Referer: the page URL and its query string stay in the page', async () => {
    endpoint(URL_A);
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    await httpExporter({ url: URL_A }).export([nth(1)], context());
    await httpExporter({ url: URL_A }).export([nth(1)], context(true));
    expect(fetchSpy.mock.calls.map(([, init]) => init?.referrerPolicy)).toEqual([
      'no-referrer',
      'no-referrer',
    ]);
    fetchSpy.mockRestore();
  });

  it('rejects resource attributes that have no JSON form, naming them', () => {
    expect(() =>
      httpExporter({ url: URL_A, resource: { build: 12n as unknown as number } }),
    ).toThrow(
      /^httpExporter: option "resource" attribute "build" must be a string, a finite number or a boolean, got 12n \(a BigInt\)$/,
    );
    expect(() => httpExporter({ url: URL_A, resource: { ratio: NaN } })).toThrow(
      /attribute "ratio" .* got NaN/,
    );
  });

  it('sends uncompressed with compression: none', async () => {
    const mock = endpoint(URL_A);
    await httpExporter({ url: URL_A, compression: 'none' }).export([nth(1)], context());
    expect(mock.requests[0]?.headers['content-encoding']).toBeUndefined();
  });

  it('in a final export, sends uncompressed with keepalive after claiming the bytes', async () => {
    const mock = endpoint(URL_A);
    const exportContext = context(true);
    const sending = httpExporter({ url: URL_A }).export([nth(1)], exportContext);
    expect(await sending).toEqual({ code: 'ok' });
    expect(mock.requests[0]?.keepalive).toBe(true);
    expect(mock.requests[0]?.headers['content-encoding']).toBeUndefined();
  });

  it('in a final export, sends nothing when the keepalive budget refuses the body', async () => {
    const mock = endpoint(URL_A);
    const result = await httpExporter({ url: URL_A }).export([nth(1)], context(true, 100));
    expect(result).toMatchObject({ code: 'retry', reason: 'keepalive budget exhausted' });
    expect(mock.requests).toHaveLength(0);
  });

  it.each([
    [{ status: 503 }, { code: 'retry' }],
    [{ status: 500 }, { code: 'retry' }],
    [{ status: 408 }, { code: 'retry' }],
    [
      { status: 429, headers: { 'retry-after': '2' } },
      { code: 'retry', retryAfterMs: 2000 },
    ],
    [{ status: 400 }, { code: 'failed' }],
    [{ status: 413 }, { code: 'failed' }],
    ['network-error', { code: 'retry' }],
  ] as const)('turns %j into %j', async (answer, expected) => {
    endpoint(URL_A, () => answer);
    const result = await httpExporter({ url: URL_A }).export([nth(1)], context());
    expect(result).toMatchObject(expected);
  });

  it('rejects options that would inject headers or send elsewhere than http(s)', () => {
    expect(() => httpExporter({ url: 'javascript:alert(1)' })).toThrow(
      /httpExporter: option "url"/,
    );
    expect(() => httpExporter({ url: URL_A, headers: { 'x-k': 'a\r\nb: c' } })).toThrow(
      /httpExporter: option "headers"/,
    );
    expect(() => httpExporter({ url: URL_A, compression: 'br' as 'gzip' })).toThrow(
      /option "compression"/,
    );
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('pipeline + httpExporter over a mock endpoint', () => {
  const fast = {
    windowMs: 1000,
    retryDelayMs: 20,
    maxRetryDelayMs: 50,
    batchDelayMs: 10,
    onError: quiet,
  };

  it('delivers after a 5xx, with the same items', async () => {
    const mock = endpoint(URL_A, (n) => (n === 1 ? { status: 503 } : 'ok'));
    const pipeline = createPipeline({ exporters: [httpExporter({ url: URL_A })], ...fast });
    for (let n = 1; n <= 3; n++) pipeline.push(nth(n));
    await vi.waitFor(() => {
      expect(mock.delivered).toHaveLength(1);
    });
    expect(startsDelivered(mock.requests)).toEqual([1, 2, 3, 1, 2, 3]);
    expect(startsDelivered(mock.delivered)).toEqual([1, 2, 3]);
    await pipeline.shutdown();
  });

  it('delivers after a 429 with Retry-After', async () => {
    const mock = endpoint(URL_A, (n) =>
      n === 1 ? { status: 429, headers: { 'retry-after': '0' } } : 'ok',
    );
    const pipeline = createPipeline({ exporters: [httpExporter({ url: URL_A })], ...fast });
    pipeline.push(nth(1));
    await vi.waitFor(() => {
      expect(startsDelivered(mock.delivered)).toEqual([1]);
    });
    expect(mock.requests).toHaveLength(2);
    await pipeline.shutdown();
  });

  it('delivers after a network error', async () => {
    const mock = endpoint(URL_A, (n) => (n <= 2 ? 'network-error' : 'ok'));
    const pipeline = createPipeline({ exporters: [httpExporter({ url: URL_A })], ...fast });
    pipeline.push(nth(1));
    await vi.waitFor(() => {
      expect(startsDelivered(mock.delivered)).toEqual([1]);
    });
    expect(mock.requests).toHaveLength(3);
    await pipeline.shutdown();
  });

  it('aborts a request that times out and delivers on the next attempt', async () => {
    const mock = endpoint(URL_A, (n) => (n === 1 ? 'hang' : 'ok'));
    const pipeline = createPipeline({
      exporters: [httpExporter({ url: URL_A })],
      ...fast,
      exportTimeoutMs: 100,
    });
    pipeline.push(nth(1));
    await vi.waitFor(() => {
      expect(startsDelivered(mock.delivered)).toEqual([1]);
    });
    expect(mock.requests).toHaveLength(2);
    await pipeline.shutdown();
  });

  it('does not retry a 400, and exports the failed count with the next batch', async () => {
    const mock = endpoint(URL_A, (n) => (n === 1 ? { status: 400 } : 'ok'));
    const pipeline = createPipeline({ exporters: [httpExporter({ url: URL_A })], ...fast });
    pipeline.push(nth(1));
    pipeline.push(nth(2));
    await pipeline.flush();
    pipeline.push(nth(3));
    await pipeline.flush();
    expect(mock.requests).toHaveLength(2);
    expect(startsDelivered(mock.delivered)).toEqual([3]);
    expect(countersDelivered(mock.delivered)).toEqual([{ value: 2, reason: 'failed' }]);
    await pipeline.shutdown();
  });

  it('counts what overflowed the queue while the endpoint was down, and says so when it is back', async () => {
    let down = true;
    const mock = endpoint(URL_A, () => (down ? { status: 503 } : 'ok'));
    const pipeline = createPipeline({
      exporters: [httpExporter({ url: URL_A })],
      ...fast,
      maxQueueItems: 10,
      maxBatchItems: 50,
    });
    for (let n = 1; n <= 25; n++) pipeline.push(nth(n));
    await pipeline.flush();
    down = false;
    await vi.waitFor(() => {
      expect(mock.delivered).toHaveLength(1);
    });
    expect(startsDelivered(mock.delivered)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect(countersDelivered(mock.delivered)).toEqual([{ value: 15, reason: 'overflow' }]);
    expect(pipeline.dropped()).toEqual({ http: { overflow: 15, failed: 0 } });
    await pipeline.shutdown();
  });

  it('keeps delivering to a healthy endpoint beside one that keeps failing', async () => {
    const failing = endpoint(URL_A, () => ({ status: 500 }));
    const healthy = endpoint(URL_B);
    const pipeline = createPipeline({
      exporters: [httpExporter({ url: URL_A, name: 'a' }), httpExporter({ url: URL_B, name: 'b' })],
      ...fast,
      maxBatchItems: 2,
    });
    for (let n = 1; n <= 6; n++) pipeline.push(nth(n));
    await vi.waitFor(() => {
      // Batches go out concurrently, so they may arrive in any order: all of them must.
      expect(startsDelivered(healthy.delivered).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    });
    expect(failing.delivered).toHaveLength(0);
    expect(failing.requests.length).toBeGreaterThan(0);
    await pipeline.shutdown();
  });
});
