/**
 * `otlpExporter`: OTLP/HTTP with JSON encoding, to an OpenTelemetry Collector or any backend
 * that speaks OTLP, without an OpenTelemetry SDK in the page. Windows and counters go to
 * `<url>/v1/metrics`, regressions and recoveries to `<url>/v1/logs`.
 */
import { describeError } from '../errors.js';
import type { Exporter, ExportItem, ExportResult } from '../export/exporter.js';
import { sendRequests } from '../export/http-transport.js';
import type { Compression, HttpRequest } from '../export/http-transport.js';
import {
  validateCompression,
  validateEndpoint,
  validateHeaders,
  validateName,
  validateResource,
} from '../export/validate.js';
import { VERSION } from '../version.js';
import { booleanOption, optionsObject, rejectUnknown } from '../validate.js';
import type { Counter } from '../export/exporter.js';
import type { Recovery, Regression } from '../types.js';
import type { ClosedWindow } from '../analysis/windows.js';
import type { AttributeValue, InstrumentationScope, Resource } from './json.js';
import { encodeLogs } from './logs.js';
import { encodeMetrics } from './metrics.js';
import { buildResource } from './resource.js';

export interface OtlpExporterOptions {
  /**
   * Base URL of the OTLP/HTTP endpoint, e.g. `https://collector.example.com:4318`; the signal
   * paths `/v1/metrics` and `/v1/logs` are appended.
   */
  url: string;
  /** Extra request headers (e.g. an API key). CR/LF and transport-owned names are rejected. */
  headers?: Record<string, string>;
  /** Resource attributes, e.g. `{ 'service.name': 'charts', 'service.version': '2.1.0' }`. */
  resource?: Record<string, AttributeValue>;
  /** Add the browser's attributes (`browser.*`, `user_agent.original`) to the resource. Default true. */
  detectBrowser?: boolean;
  /** `gzip` (default; where `CompressionStream` exists, never in the final flush) or `none`. */
  compression?: Compression;
  /** Name in the pipeline (drop counters, persistence). Default `otlp`. */
  name?: string;
}

const SCOPE: InstrumentationScope = { name: 'perfwarden', version: VERSION };
const JSON_TYPE = 'application/json';

/** Creates the OTLP/HTTP JSON exporter. Throws a `TypeError` naming a wrong option. */
/* @__NO_SIDE_EFFECTS__ */
export function otlpExporter(input: OtlpExporterOptions): Exporter {
  const owner = 'otlpExporter';
  const options = optionsObject(owner, input) as Partial<OtlpExporterOptions>;
  rejectUnknown(owner, options, [
    'url',
    'headers',
    'resource',
    'detectBrowser',
    'compression',
    'name',
  ]);
  const base = validateEndpoint(owner, 'url', options.url).replace(/\/+$/, '');
  const headers = validateHeaders(owner, options.headers);
  const compression = validateCompression(owner, options.compression);
  const name = validateName(owner, options.name ?? 'otlp');
  const attributes = validateResource<AttributeValue>(owner, options.resource, true);
  const detectBrowser = booleanOption(owner, 'detectBrowser', options.detectBrowser, true);
  let resource: Resource | undefined;

  return {
    name,
    async export(batch, context) {
      const windows: ClosedWindow[] = [];
      const counters: Counter[] = [];
      const events: ({ regression: Regression } | { recovery: Recovery })[] = [];
      const metricItems: ExportItem[] = [];
      const logItems: ExportItem[] = [];
      for (const item of batch) {
        if (item.kind === 'window') windows.push(item.window);
        else if (item.kind === 'counter') counters.push(item.counter);
        else events.push(item);
        (item.kind === 'window' || item.kind === 'counter' ? metricItems : logItems).push(item);
      }
      const requests: HttpRequest[] = [];
      const parts: ExportItem[][] = [];
      try {
        resource ??= buildResource(attributes, detectBrowser);
        if (metricItems.length > 0) {
          const body = JSON.stringify(encodeMetrics(windows, counters, resource, SCOPE));
          requests.push({ url: `${base}/v1/metrics`, headers, contentType: JSON_TYPE, body });
          parts.push(metricItems);
        }
        if (logItems.length > 0) {
          const body = JSON.stringify(encodeLogs(events, resource, SCOPE));
          requests.push({ url: `${base}/v1/logs`, headers, contentType: JSON_TYPE, body });
          parts.push(logItems);
        }
      } catch (error) {
        return { code: 'failed', reason: `cannot encode the batch: ${describeError(error)}` };
      }
      if (requests.length === 0) return { code: 'ok' };
      return combine(await sendRequests(requests, context, compression), parts);
    },
  };
}

/**
 * One result for the requests of a batch: ok when all were delivered; otherwise a retry of the
 * items whose request asked for one (the delivered ones are not sent twice), or failed.
 */
function combine(results: readonly ExportResult[], parts: readonly ExportItem[][]): ExportResult {
  const retry: ExportItem[] = [];
  const reasons: string[] = [];
  let retryAfterMs: number | undefined;
  results.forEach((result, i) => {
    if (result.code === 'ok') return;
    reasons.push(result.reason);
    if (result.code !== 'retry') return;
    retry.push(...(parts[i] ?? []));
    if (result.retryAfterMs !== undefined) {
      retryAfterMs = Math.max(retryAfterMs ?? 0, result.retryAfterMs);
    }
  });
  if (reasons.length === 0) return { code: 'ok' };
  const reason = reasons.join('; ');
  if (retry.length === 0) return { code: 'failed', reason };
  const all = retry.length === parts.reduce((sum, part) => sum + part.length, 0);
  return {
    code: 'retry',
    reason,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(all ? {} : { items: retry }),
  };
}
