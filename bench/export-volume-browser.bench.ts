/**
 * `npm run bench export-volume-browser`: the data a real page sends per minute at default
 * settings, and with `windowMs: 1000` (every 1 s window sent). Unlike export-volume.bench.ts
 * (a simulated load in Node), this runs the scatter example (`npm run build && npm run
 * build:examples` first) in headless Chromium: a default `createMonitor` with every source on,
 * GPU timing, and its `httpExporter` posting to a local endpoint that counts request bodies as
 * they arrive (compressed, as sent) and the items in them.
 *
 * Each setting gets its own page, one after the other. The first 15 s (page load, web vitals,
 * first windows) are reported apart. The steady state is `MINUTES` (default 2) whole minutes
 * from 10 s past the next minute of the clock, so that it holds exactly one send of each 60 s
 * export window. The final flush when the page then navigates away is reported apart too.
 */
import type { IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { launchChromium } from '../src/cli/chromium.js';
import { startStaticServer } from '../src/cli/static-server.js';
import type { HttpPayload } from '../src/export/http-exporter.js';

const MINUTES = Number(process.env['MINUTES'] ?? 2);
const STARTUP_MS = 15_000;
/** Time the page gets to send its final flush after it navigated away. */
const EXIT_MS = 3000;
// Compiled to build/bench/bench/: the repository root is three levels up.
const root = fileURLToPath(new URL('../../../', import.meta.url));

interface Tally {
  requests: number;
  bytes: number;
  gzip: number;
  /** Items by kind; counters by name (`counter perfwarden.samples.dropped`). */
  items: Map<string, number>;
}

const newTally = (): Tally => ({ requests: 0, bytes: 0, gzip: 0, items: new Map() });
const copy = (tally: Tally): Tally => ({ ...tally, items: new Map(tally.items) });
const minus = (a: Tally, b: Tally): Tally => ({
  requests: a.requests - b.requests,
  bytes: a.bytes - b.bytes,
  gzip: a.gzip - b.gzip,
  items: new Map([...a.items].map(([key, n]) => [key, n - (b.items.get(key) ?? 0)])),
});

/** What each run's collector path received so far. */
const tallies = new Map<string, Tally>();

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function countItems(tally: Tally, body: Buffer, gzip: boolean): void {
  const payload = JSON.parse((gzip ? gunzipSync(body) : body).toString('utf8')) as HttpPayload;
  for (const item of payload.items) {
    const key = item.kind === 'counter' ? `counter ${item.counter.name}` : item.kind;
    tally.items.set(key, (tally.items.get(key) ?? 0) + 1);
  }
}

const server = await startStaticServer({
  routes: { '/': `${root}build/examples/` },
  handle: async (request, response) => {
    if (request.method !== 'POST' || !request.url?.startsWith('/collector/')) return false;
    const tally = tallies.get(request.url) ?? newTally();
    tallies.set(request.url, tally);
    const body = await readBody(request);
    const gzip = request.headers['content-encoding'] === 'gzip';
    tally.requests++;
    tally.bytes += body.byteLength;
    if (gzip) tally.gzip++;
    countItems(tally, body, gzip);
    response.writeHead(204).end();
    return true;
  },
});

const perMinute = (n: number): string => (n / MINUTES).toFixed(1);

/** Milliseconds until the clock is next 10 s past a minute (export windows end on minutes). */
const untilSteadyStart = (): number => (60_000 - ((Date.now() - 10_000) % 60_000)) % 60_000;

/** `kind n, kind n` for the items of a tally, most frequent first, `n` scaled by `scale`. */
function itemList(tally: Tally, scale: (n: number) => string): string {
  return [...tally.items]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key} ${scale(n)}`)
    .join(', ');
}

function describe(label: string, startup: Tally, steady: Tally, exit: Tally): void {
  console.log(`\n${label}`);
  console.log(
    `  first ${String(STARTUP_MS / 1000)} s: ${String(startup.requests)} requests, ` +
      `${(startup.bytes / 1000).toFixed(1)} kB (${itemList(startup, String)})`,
  );
  console.log(
    `  steady state: ${perMinute(steady.requests)} requests/min, ` +
      `${(steady.bytes / 1000 / MINUTES).toFixed(2)} kB/min, ` +
      `${(steady.bytes / 1000 / Math.max(1, steady.requests)).toFixed(2)} kB/request ` +
      `(${String(steady.gzip)} of ${String(steady.requests)} gzip-encoded)`,
  );
  console.log(`  items/min: ${itemList(steady, perMinute)}`);
  console.log(
    `  final flush on navigation: ${String(exit.requests)} requests, ` +
      `${(exit.bytes / 1000).toFixed(1)} kB, ${String(exit.items.get('window') ?? 0)} windows`,
  );
}

const browser = await launchChromium();
try {
  console.log(
    `scatter example, default monitor + httpExporter (Chromium, ${String(MINUTES)} min steady state)`,
  );
  for (const windowMs of [undefined, 1000]) {
    const path = `/collector/${windowMs === undefined ? 'default' : String(windowMs)}`;
    const query = new URLSearchParams({ collector: path });
    if (windowMs !== undefined) query.set('windowMs', String(windowMs));
    const page = await browser.newPage();
    await page.goto(`${server.origin}/scatter/?${query.toString()}`);
    const tally = (): Tally => copy(tallies.get(path) ?? newTally());
    await page.waitForTimeout(STARTUP_MS);
    const startup = tally();
    await page.waitForTimeout(untilSteadyStart());
    const steadyStart = tally();
    await page.waitForTimeout(MINUTES * 60_000);
    const steady = tally();
    await page.goto('about:blank');
    await new Promise((resolve) => setTimeout(resolve, EXIT_MS));
    const end = tally();
    await page.close();
    describe(
      windowMs === undefined ? 'windowMs 60000 (default)' : `windowMs ${String(windowMs)}`,
      startup,
      minus(steady, steadyStart),
      minus(end, steady),
    );
  }
} finally {
  await browser.close();
  await server.close();
}
