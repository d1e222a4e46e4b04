/**
 * `httpExporter`: perfwarden's own JSON format (documented in docs/exporters.md) POSTed to any
 * endpoint, so that a backend without OpenTelemetry can ingest it with a few lines of code.
 */
import { describeError } from '../errors.js';
import { optionsObject, rejectUnknown } from '../validate.js';
import {
  validateCompression,
  validateEndpoint,
  validateHeaders,
  validateName,
  validateResource,
} from './validate.js';
import type { ExportItem, Exporter } from './exporter.js';
import type { HTTP_FORMAT_VERSION } from './http-format.js';
import type { HttpSettings } from './http-send.js';
import type { Compression } from './http-transport.js';
import { loadDeferred, loadedDeferred } from '../deferred/load.js';

export { HTTP_FORMAT_VERSION } from './http-format.js';

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
  const settings: HttpSettings = { url, headers, compression, resource };
  return {
    name: validateName(owner, options.name ?? 'http'),
    export(batch, context) {
      // The sending code is part of the delivery code (a monitor loads it after start()). A
      // final export must start its request in this task, so it cannot wait for it.
      const delivery = loadedDeferred();
      if (delivery) return delivery.sendHttpBatch(settings, batch, context);
      if (context.final) {
        return Promise.resolve({ code: 'retry', reason: 'the deferred code is still loading' });
      }
      return loadDeferred().then(
        (loaded) => loaded.sendHttpBatch(settings, batch, context),
        (error: unknown) => ({
          code: 'retry',
          reason: `the deferred code could not be loaded: ${describeError(error)}`,
        }),
      );
    },
  };
}
