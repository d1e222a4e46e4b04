/**
 * `npm run bench export-volume-browser`: the data a real page sends per minute at default
 * settings. Unlike export-volume.bench.ts (a simulated load in Node), this runs the scatter
 * example (`npm run build && npm run build:examples` first) in headless Chromium: a default
 * `createMonitor` with every source on, GPU timing, and its `httpExporter` posting to a local
 * endpoint that counts request bodies as they arrive (compressed, as sent).
 *
 * The first 15 s (page load, web vitals, first windows) are reported apart from the steady
 * state that follows. `MINUTES` (default 2) sets the steady-state length.
 */
import type { IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../src/cli/chromium.js';
import { startStaticServer } from '../src/cli/static-server.js';

const MINUTES = Number(process.env['MINUTES'] ?? 2);
const STARTUP_MS = 15_000;
// Compiled to build/bench/bench/: the repository root is three levels up.
const root = fileURLToPath(new URL('../../../', import.meta.url));

interface Tally {
  requests: number;
  bytes: number;
  gzip: number;
}
const tally: Tally = { requests: 0, bytes: 0, gzip: 0 };

async function bodyLength(request: IncomingMessage): Promise<number> {
  let length = 0;
  for await (const chunk of request) length += (chunk as Buffer).byteLength;
  return length;
}

const server = await startStaticServer({
  routes: { '/': `${root}build/examples/` },
  handle: async (request, response) => {
    if (request.method !== 'POST' || !request.url?.startsWith('/collector')) return false;
    tally.requests++;
    tally.bytes += await bodyLength(request);
    if (request.headers['content-encoding'] === 'gzip') tally.gzip++;
    response.writeHead(204).end();
    return true;
  },
});
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`${server.origin}/scatter/`);
  await page.waitForTimeout(STARTUP_MS);
  const startup = { ...tally };
  await page.waitForTimeout(MINUTES * 60_000);
  const steady = {
    requests: tally.requests - startup.requests,
    bytes: tally.bytes - startup.bytes,
  };
  console.log(
    `\nscatter example, default monitor + httpExporter (Chromium, ${String(MINUTES)} min)`,
  );
  console.log(
    `first ${String(STARTUP_MS / 1000)} s: ${String(startup.requests)} requests, ` +
      `${(startup.bytes / 1000).toFixed(1)} kB`,
  );
  console.log(
    `steady state: ${(steady.requests / MINUTES).toFixed(1)} requests/min, ` +
      `${(steady.bytes / 1000 / MINUTES).toFixed(1)} kB/min, ` +
      `${(steady.bytes / 1000 / Math.max(1, steady.requests)).toFixed(2)} kB/request ` +
      `(${String(tally.gzip)} of ${String(tally.requests)} requests gzip-encoded)`,
  );
} finally {
  await browser.close();
  await server.close();
}
