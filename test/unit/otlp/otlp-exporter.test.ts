import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ExportContext } from '../../../src/export/exporter.js';
import { createKeepaliveBudget } from '../../../src/export/keepalive-budget.js';
import { createPipeline } from '../../../src/export/pipeline.js';
import type { ExportLogsServiceRequest as LogsJson } from '../../../src/otlp/json.js';
import { otlpExporter } from '../../../src/otlp/otlp-exporter.js';
import { recoveryItem, regressionItem, windowItem } from '../export/items.js';
import { mockEndpoint } from '../export/recording-server.js';
import type { Answer } from '../export/recording-server.js';
import { ExportLogsServiceRequest, ExportMetricsServiceRequest, roundTrip } from './proto.js';

const server = setupServer();
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllGlobals();
});
afterAll(() => {
  server.close();
});

const BASE = 'https://otel.example.com:4318';

function collector(metrics?: (n: number) => Answer, logs?: (n: number) => Answer) {
  const metricsEndpoint = mockEndpoint(`${BASE}/v1/metrics`, metrics);
  const logsEndpoint = mockEndpoint(`${BASE}/v1/logs`, logs);
  server.use(metricsEndpoint.handler, logsEndpoint.handler);
  return { metrics: metricsEndpoint, logs: logsEndpoint };
}

function context(): ExportContext {
  return {
    signal: new AbortController().signal,
    keepalive: createKeepaliveBudget(60_000),
    final: false,
  };
}

describe('otlpExporter', () => {
  it('rejects a resource attribute that has no OTLP JSON form, at creation', () => {
    // A BigInt would fail the encoding of every batch, silently, in production.
    expect(() =>
      otlpExporter({ url: BASE, resource: { 'service.build': 7n as unknown as number } }),
    ).toThrow(
      /^otlpExporter: option "resource" attribute "service.build" must be a string, a finite number, a boolean or an array of strings, got 7n \(a BigInt\)$/,
    );
    expect(() =>
      otlpExporter({ url: BASE, resource: { tags: ['a', 1] as unknown as string[] } }),
    ).toThrow(/attribute "tags"/);
    expect(() => otlpExporter({ url: BASE, resource: 'charts' as never })).toThrow(
      /option "resource" must be an object of attributes/,
    );
  });

  it('POSTs windows to /v1/metrics and events to /v1/logs as OTLP JSON that protobuf decodes', async () => {
    const { metrics, logs } = collector();
    const exporter = otlpExporter({
      url: `${BASE}/`,
      headers: { authorization: 'Bearer t' },
      resource: { 'service.name': 'charts' },
      detectBrowser: false,
    });
    const result = await exporter.export(
      [windowItem(), regressionItem(), windowItem('gpu'), recoveryItem()],
      context(),
    );
    expect(result).toEqual({ code: 'ok' });
    const [metricsRequest] = metrics.requests;
    const [logsRequest] = logs.requests;
    expect(metricsRequest?.headers['content-type']).toBe('application/json');
    expect(metricsRequest?.headers['authorization']).toBe('Bearer t');
    expect(roundTrip(ExportMetricsServiceRequest, metricsRequest?.json)).toEqual(
      metricsRequest?.json,
    );
    expect(roundTrip(ExportLogsServiceRequest, logsRequest?.json)).toEqual(logsRequest?.json);
    const records = (logsRequest?.json as LogsJson).resourceLogs[0]?.scopeLogs[0]?.logRecords;
    expect(records?.map((record) => record.eventName)).toEqual([
      'perfwarden.regression',
      'perfwarden.recovery',
    ]);
  });

  it('sends only the signals a batch has', async () => {
    const { metrics, logs } = collector();
    await otlpExporter({ url: BASE }).export([windowItem()], context());
    expect(metrics.requests).toHaveLength(1);
    expect(logs.requests).toHaveLength(0);
  });

  it('asks to retry only the items whose request failed, with the longest Retry-After', async () => {
    collector(
      () => 'ok',
      () => ({ status: 503, headers: { 'retry-after': '3' } }),
    );
    const regression = regressionItem();
    const result = await otlpExporter({ url: BASE }).export([windowItem(), regression], context());
    expect(result).toMatchObject({ code: 'retry', retryAfterMs: 3000, items: [regression] });
  });

  it('retries the whole batch when every request failed, and fails on a 400', async () => {
    collector(
      () => 'network-error',
      () => 'network-error',
    );
    const batch = [windowItem(), regressionItem()];
    const retry = await otlpExporter({ url: BASE }).export(batch, context());
    expect(retry).toMatchObject({ code: 'retry' });
    expect(retry).not.toHaveProperty('items');
    server.resetHandlers();
    collector(() => ({ status: 400 }));
    expect(await otlpExporter({ url: BASE }).export([windowItem()], context())).toMatchObject({
      code: 'failed',
    });
  });

  it('describes the browser in the resource unless told not to', async () => {
    vi.stubGlobal('navigator', {
      userAgent: 'Mozilla/5.0 Test',
      language: 'de-CH',
      userAgentData: {
        brands: [{ brand: 'Chromium', version: '156' }],
        mobile: false,
        platform: 'Linux',
      },
    });
    const { metrics } = collector();
    await otlpExporter({ url: BASE }).export([windowItem()], context());
    await otlpExporter({ url: BASE, detectBrowser: false }).export([windowItem()], context());
    const resources = metrics.requests.map(
      (request) =>
        (request.json as { resourceMetrics: { resource: { attributes: { key: string }[] } }[] })
          .resourceMetrics[0]?.resource.attributes,
    );
    expect(resources[0]).toEqual(
      expect.arrayContaining([
        { key: 'service.name', value: { stringValue: 'unknown_service' } },
        {
          key: 'browser.brands',
          value: { arrayValue: { values: [{ stringValue: 'Chromium 156' }] } },
        },
        { key: 'browser.platform', value: { stringValue: 'Linux' } },
        { key: 'browser.mobile', value: { boolValue: false } },
        { key: 'browser.language', value: { stringValue: 'de-CH' } },
        { key: 'user_agent.original', value: { stringValue: 'Mozilla/5.0 Test' } },
        { key: 'telemetry.sdk.name', value: { stringValue: 'perfwarden' } },
        { key: 'telemetry.sdk.language', value: { stringValue: 'webjs' } },
      ]),
    );
    expect(resources[1]?.map((attribute) => attribute.key)).not.toContain('browser.language');
  });

  it('rejects unsafe options naming them', () => {
    expect(() => otlpExporter({ url: 'ftp://otel.example.com' })).toThrow(
      /otlpExporter: option "url"/,
    );
    expect(() => otlpExporter({ url: BASE, headers: { Host: 'evil' } })).toThrow(
      /otlpExporter: option "headers"/,
    );
  });

  it('delivers through the pipeline after the collector recovers, metrics not sent twice', async () => {
    const { metrics, logs } = collector(
      () => 'ok',
      (n) => (n === 1 ? { status: 502 } : 'ok'),
    );
    const pipeline = createPipeline({
      windowMs: 1000,
      exporters: [otlpExporter({ url: BASE })],
      retryDelayMs: 20,
      batchDelayMs: 10,
      onError: () => undefined,
    });
    pipeline.push(windowItem());
    pipeline.push(regressionItem());
    await vi.waitFor(() => {
      expect(logs.delivered).toHaveLength(1);
    });
    expect(metrics.requests).toHaveLength(1);
    await pipeline.shutdown();
  });
});
