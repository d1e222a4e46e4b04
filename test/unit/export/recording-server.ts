/** msw helpers: a mock endpoint whose answers a test scripts, recording decoded request bodies. */
import { gunzipSync } from 'node:zlib';
import { delay, http, HttpResponse } from 'msw';
import type { HttpHandler } from 'msw';

export interface RecordedRequest {
  url: string;
  headers: Record<string, string>;
  keepalive: boolean;
  /** The body, gunzipped when it was gzip-encoded, parsed as JSON. */
  json: unknown;
}

/** What the endpoint does for the n-th request (1-based). */
export type Answer =
  'ok' | 'network-error' | 'hang' | { status: number; headers?: Record<string, string> };

export interface MockEndpoint {
  handler: HttpHandler;
  /** Every request, answered or not. */
  requests: RecordedRequest[];
  /** The requests answered with a 2xx. */
  delivered: RecordedRequest[];
}

export function mockEndpoint(
  url: string,
  answer: (n: number) => Answer = () => 'ok',
): MockEndpoint {
  const requests: RecordedRequest[] = [];
  const delivered: RecordedRequest[] = [];
  const handler = http.post(url, async ({ request }) => {
    const raw = Buffer.from(await request.arrayBuffer());
    const gzipped = request.headers.get('content-encoding') === 'gzip';
    const recorded: RecordedRequest = {
      url: request.url,
      headers: Object.fromEntries(request.headers.entries()),
      keepalive: request.keepalive,
      json: JSON.parse((gzipped ? gunzipSync(raw) : raw).toString('utf8')),
    };
    requests.push(recorded);
    const reply = answer(requests.length);
    if (reply === 'network-error') return HttpResponse.error();
    if (reply === 'hang') {
      await delay('infinite');
      return new HttpResponse(null, { status: 200 });
    }
    if (reply === 'ok') {
      delivered.push(recorded);
      return new HttpResponse('{}', {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }
    return new HttpResponse(null, { status: reply.status, headers: reply.headers ?? {} });
  });
  return { handler, requests, delivered };
}
