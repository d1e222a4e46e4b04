/**
 * Sending one batch of the HTTP exporter: the versioned JSON body with compact numbers, through
 * the shared transport. Part of the delivery code that loads after `start()`.
 */
import { describeError } from '../errors.js';
import { VERSION } from '../version.js';
import { compactItem } from './compact.js';
import type { ExportContext, ExportItem, ExportResult } from './exporter.js';
import type { HttpPayload } from './http-exporter.js';
import { HTTP_FORMAT_VERSION } from './http-format.js';
import { sendRequests } from './http-transport.js';
import type { Compression } from './http-transport.js';

/** What an HTTP exporter was configured with (validated by `httpExporter`). */
export interface HttpSettings {
  url: string;
  headers: Readonly<Record<string, string>>;
  compression: Compression;
  resource: Readonly<Record<string, string | number | boolean>>;
}

/** Sends `batch` as one JSON body to the exporter's endpoint. */
export async function sendHttpBatch(
  settings: HttpSettings,
  batch: readonly ExportItem[],
  context: ExportContext,
): Promise<ExportResult> {
  let body: string;
  try {
    const payload: HttpPayload = {
      format: 'perfwarden',
      version: HTTP_FORMAT_VERSION,
      sdk: { name: 'perfwarden', version: VERSION },
      resource: settings.resource,
      sentAt: Date.now(),
      items: batch.map(compactItem),
    };
    body = JSON.stringify(payload);
  } catch (error) {
    return { code: 'failed', reason: `cannot encode the batch: ${describeError(error)}` };
  }
  const request = {
    url: settings.url,
    headers: settings.headers,
    contentType: 'application/json',
    body,
  };
  const [result] = await sendRequests([request], context, settings.compression);
  return result ?? { code: 'failed', reason: 'no request was sent' };
}
