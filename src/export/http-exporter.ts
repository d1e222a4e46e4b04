/**
 * `httpExporter`: perfwarden's own JSON format (documented in docs/exporters.md) POSTed to any
 * endpoint, so that a backend without OpenTelemetry can ingest it with a few lines of code.
 */
import { describeError } from '../errors.js';
import { VERSION } from '../version.js';
import { optionsObject, rejectUnknown } from '../validate.js';
import {
  validateCompression,
  validateEndpoint,
  validateHeaders,
  validateName,
  validateResource,
} from './validate.js';
import { compactItem } from './compact.js';
import type { ExportItem, Exporter } from './exporter.js';
import { sendRequests } from './http-transport.js';
import type { Compression } from './http-transport.js';

/**
 * Version of the JSON body; bumped on any change a reader could notice. Version 2: windows are
 * export windows (`windowMs`, 60 s by default, rather than 1 s) and their numbers are compact
 * (levels to 4 significant digits, times to the millisecond).
 */
export const HTTP_FORMAT_VERSION = 2;

/** The JSON body that `httpExporter` POSTs (`content-type: application/json`). */
export interface HttpPayload {
  format: 'perfwarden';
  version: typeof HTTP_FORMAT_VERSION;
  sdk: { name: 'perfwarden'; version: string };
  /** What the app said about itself (`resource` option), e.g. `service.name`. */
  resource: Readonly<Record<string, string | number | boolean>>;
  /** `Date.now()` when the body was built. */
  sentAt: number;
  /** The batch, windows and counters with compact numbers (`compact.ts`). */
  items: readonly ExportItem[];
}

export interface HttpExporterOptions {
  /** Endpoint: an http(s) URL, absolute or relative to the page. */
  url: string;
  /** Extra request headers (e.g. an API key). CR/LF and transport-owned names are rejected. */
  headers?: Record<string, string>;
  /** Attributes sent with every body, e.g. `{ 'service.name': 'charts', 'service.version': '2.1.0' }`. */
  resource?: Record<string, string | number | boolean>;
  /** `gzip` (default; only where `CompressionStream` exists, never in the final flush) or `none`. */
  compression?: Compression;
  /** Name in the pipeline (drop counters, persistence). Default `http`. */
  name?: string;
}

/** Creates the JSON-over-HTTP exporter. Throws a `TypeError` naming a wrong option. */
/* @__NO_SIDE_EFFECTS__ */
export function httpExporter(input: HttpExporterOptions): Exporter {
  const owner = 'httpExporter';
  const options = optionsObject(owner, input) as Partial<HttpExporterOptions>;
  rejectUnknown(owner, options, ['url', 'headers', 'resource', 'compression', 'name']);
  const url = validateEndpoint(owner, 'url', options.url);
  const headers = validateHeaders(owner, options.headers);
  const compression = validateCompression(owner, options.compression);
  const resource = validateResource<string | number | boolean>(owner, options.resource, false);
  return {
    name: validateName(owner, options.name ?? 'http'),
    async export(batch, context) {
      let body: string;
      try {
        const payload: HttpPayload = {
          format: 'perfwarden',
          version: HTTP_FORMAT_VERSION,
          sdk: { name: 'perfwarden', version: VERSION },
          resource,
          sentAt: Date.now(),
          items: batch.map(compactItem),
        };
        body = JSON.stringify(payload);
      } catch (error) {
        return { code: 'failed', reason: `cannot encode the batch: ${describeError(error)}` };
      }
      const request = { url, headers, contentType: 'application/json', body };
      const [result] = await sendRequests([request], context, compression);
      return result ?? { code: 'failed', reason: 'no request was sent' };
    },
  };
}
