/**
 * POSTs request bodies for the HTTP-based exporters and turns every outcome into an
 * `ExportResult`: 2xx is delivered; 408, 429 and 5xx are worth a retry (honouring
 * `Retry-After`); other statuses failed for good; a network error or an abort is a retry.
 * Normal exports are gzip-compressed where `CompressionStream` exists and use `keepalive` when
 * the shared budget allows, so that they survive the page; final exports start synchronously,
 * uncompressed, with `keepalive` (or `sendBeacon` where fetch lacks it) within the budget.
 */
import { describeError } from '../errors.js';
import type { ExportContext, ExportResult } from './exporter.js';

/** One request to send. */
export interface HttpRequest {
  url: string;
  headers: Readonly<Record<string, string>>;
  contentType: string;
  body: string;
}

/** Request body compression: gzip where the browser can (default), or none. */
export type Compression = 'gzip' | 'none';

const OK: ExportResult = { code: 'ok' };

/**
 * Sends `requests` (one export may need several, e.g. OTLP metrics and logs) and resolves
 * one result per request. In a final export the bodies claim the keepalive budget together:
 * either all are sent or none is.
 */
export function sendRequests(
  requests: readonly HttpRequest[],
  context: ExportContext,
  compression: Compression,
): Promise<ExportResult[]> {
  const encoder = new TextEncoder();
  const bodies = requests.map((request) => encoder.encode(request.body));
  if (context.final) {
    const release = context.keepalive.claim(bodies.reduce((sum, body) => sum + body.byteLength, 0));
    if (!release) {
      const refused: ExportResult = { code: 'retry', reason: 'keepalive budget exhausted' };
      return Promise.resolve(requests.map(() => refused));
    }
    // transmit() calls fetch before its first await: every request starts in this task.
    const sending = requests.map((request, i) =>
      transmit(request, bodies[i] ?? new Uint8Array(), undefined, true, context.signal),
    );
    return Promise.all(sending).finally(release);
  }
  return Promise.all(
    requests.map(async (request, i) => {
      let body: Uint8Array = bodies[i] ?? new Uint8Array();
      let encoding: string | undefined;
      if (compression === 'gzip' && typeof CompressionStream === 'function') {
        try {
          body = await gzip(body);
          encoding = 'gzip';
        } catch {
          // Send it uncompressed rather than not at all.
        }
      }
      const release = context.keepalive.claim(body.byteLength);
      try {
        return await transmit(request, body, encoding, release !== undefined, context.signal);
      } finally {
        release?.();
      }
    }),
  );
}

/** Whether `fetch` honours `keepalive` (Firefox before 133 does not). */
function fetchKeepsAlive(): boolean {
  return typeof Request === 'function' && 'keepalive' in Request.prototype;
}

async function transmit(
  request: HttpRequest,
  body: Uint8Array,
  encoding: string | undefined,
  keepalive: boolean,
  signal: AbortSignal,
): Promise<ExportResult> {
  const headers: Record<string, string> = {
    ...request.headers,
    'content-type': request.contentType,
  };
  if (encoding !== undefined) headers['content-encoding'] = encoding;
  if (
    keepalive &&
    !fetchKeepsAlive() &&
    Object.keys(request.headers).length === 0 &&
    typeof navigator !== 'undefined' &&
    typeof navigator.sendBeacon === 'function'
  ) {
    // A beacon cannot carry custom headers: used only for endpoints that need none.
    const queued = navigator.sendBeacon(
      request.url,
      new Blob([body as BlobPart], { type: request.contentType }),
    );
    return queued ? OK : { code: 'retry', reason: 'sendBeacon refused the body' };
  }
  if (typeof fetch !== 'function') return { code: 'failed', reason: 'fetch is not available' };
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers,
      body: body as BodyInit,
      keepalive: keepalive && fetchKeepsAlive(),
      // Telemetry carries no cookies: nothing that identifies the user leaves with it.
      credentials: 'omit',
      // Nor the page's URL: a Referer would carry its path and query string (tokens, ids).
      referrerPolicy: 'no-referrer',
      signal,
    });
    return resultOf(response);
  } catch (error) {
    const reason = signal.aborted
      ? 'request aborted (timeout or shutdown)'
      : `network error: ${describeError(error)}`;
    return { code: 'retry', reason };
  }
}

function resultOf(response: Response): ExportResult {
  const { status } = response;
  if (response.ok) return OK;
  const reason = `HTTP ${status} from ${response.url || 'the endpoint'}`;
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
    return retryAfterMs === undefined
      ? { code: 'retry', reason }
      : { code: 'retry', reason, retryAfterMs };
  }
  return { code: 'failed', reason };
}

/**
 * `Retry-After` in ms: delta-seconds or an HTTP date; undefined when absent or unreadable.
 * (Cross-origin, browsers expose it only if the server lists it in
 * `Access-Control-Expose-Headers`; without it the pipeline's backoff applies.)
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
