/**
 * A small static file server on loopback for pages under test, the demo and the CLI.
 * Node-only. Routes map URL prefixes to directories; `handle` can answer a request first
 * (for example to record beacons) by returning true.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.wasm': 'application/wasm',
};

export interface StaticServerOptions {
  /** URL prefix (starting and ending with `/`) → directory on disk. */
  routes: Record<string, string>;
  /** Answers a request before the static routes; return true when it did. */
  handle?: (request: IncomingMessage, response: ServerResponse) => boolean | Promise<boolean>;
  /**
   * Extra headers on static responses: one record for every file (e.g. cross-origin isolation),
   * or a function of the URL path for headers that belong to some files only (e.g. a
   * Content-Security-Policy for one page).
   */
  headers?: Record<string, string> | ((pathname: string) => Record<string, string> | undefined);
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
}

export interface StaticServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly origin: string;
  close(): Promise<void>;
}

/** Resolves `urlPath` under `root`, or undefined when it would escape it. */
function fileUnder(root: string, urlPath: string): string | undefined {
  const base = resolve(root);
  const path = normalize(join(base, decodeURIComponent(urlPath)));
  return path === base || path.startsWith(base + sep) ? path : undefined;
}

function serveFile(
  path: string,
  response: ServerResponse,
  headers: Record<string, string>,
): boolean {
  let file = path;
  try {
    if (statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!statSync(file).isFile()) return false;
  } catch {
    return false;
  }
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
    ...headers,
  });
  createReadStream(file).pipe(response);
  return true;
}

/** Starts a static server on 127.0.0.1 and resolves once it listens. */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const prefixes = Object.keys(options.routes).sort((a, b) => b.length - a.length);
  const headersFor = (pathname: string): Record<string, string> => {
    const { headers = {} } = options;
    return (typeof headers === 'function' ? headers(pathname) : headers) ?? {};
  };
  const server = createServer((request, response) => {
    void (async () => {
      try {
        if (options.handle && (await options.handle(request, response))) return;
        const { pathname } = new URL(request.url ?? '/', 'http://localhost');
        const prefix = prefixes.find((candidate) => pathname.startsWith(candidate));
        const root = prefix === undefined ? undefined : options.routes[prefix];
        const file =
          root === undefined || prefix === undefined
            ? undefined
            : fileUnder(root, pathname.slice(prefix.length));
        if (file !== undefined && serveFile(file, response, headersFor(pathname))) return;
        response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${pathname}`);
      } catch (error) {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error));
      }
    })();
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', done);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => {
          done();
        });
      }),
  };
}
