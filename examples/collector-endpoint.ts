/**
 * A tiny collector for the examples: a Vite plugin that accepts perfwarden's http exporter
 * payloads on `POST /collector` (gzip or plain JSON) and prints one line per batch, in the dev
 * server and in `vite preview`. It is what "a backend" looks like at its smallest.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

interface Payload {
  format?: string;
  items?: {
    kind: string;
    window?: { metric: string; p50: number };
    regression?: { metric: string; delta: number };
  }[];
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
}

/** One line per batch: how many windows, which regressions. */
export function describeBatch(payload: Payload): string {
  const items = payload.items ?? [];
  const windows = items.filter((item) => item.kind === 'window').length;
  const events = items
    .filter((item) => item.kind === 'regression' && item.regression)
    .map(
      (item) =>
        `REGRESSION ${item.regression?.metric ?? '?'} +${((item.regression?.delta ?? 0) * 100).toFixed(1)} %`,
    );
  return [`[collector] ${String(items.length)} items, ${String(windows)} windows`, ...events].join(
    ' | ',
  );
}

function handle(request: IncomingMessage, response: ServerResponse, next: () => void): void {
  if (request.method !== 'POST' || !request.url?.startsWith('/collector')) {
    next();
    return;
  }
  body(request)
    .then((buffer) => {
      console.log(describeBatch(JSON.parse(buffer.toString('utf8')) as Payload));
      response.writeHead(204).end();
    })
    .catch((error: unknown) => {
      response.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
    });
}

export function collectorEndpoint(): Plugin {
  return {
    name: 'perfwarden-example-collector',
    configureServer(server) {
      server.middlewares.use(handle);
    },
    configurePreviewServer(server) {
      server.middlewares.use(handle);
    },
  };
}
