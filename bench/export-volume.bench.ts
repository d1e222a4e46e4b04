/**
 * Data volume per minute at default pipeline settings: what one page sends with the http and
 * the OTLP exporters, compressed (default) and not. The load is the windows a default monitor
 * is expected to close: frame, cpu and gpu at 60 samples/s, memory and perfwarden.overhead at
 * 1 sample/s, one long task every 10 s, all in one context, through the real analyzer (1 s
 * windows). Requests are recorded by a stand-in `fetch`, so nothing leaves the machine.
 *
 * Time is simulated: 5 minutes of samples, with a flush at every 5 s (the default batch delay);
 * the item- and byte-triggered batches happen on their own as items arrive.
 */
import { createAnalyzer } from '../src/detect/create-analyzer.js';
import { exportEvents } from '../src/export/connect.js';
import type { Exporter } from '../src/export/exporter.js';
import { httpExporter } from '../src/export/http-exporter.js';
import { createPipeline } from '../src/export/pipeline.js';
import { otlpExporter } from '../src/otlp/otlp-exporter.js';
import { normalFrom, seededRandom } from '../test/support/random.js';

const MINUTES = 5;
const T0 = 1_700_000_000_000.25;

interface Recorded {
  requests: number;
  bytes: number;
}

/** Runs the simulated session through `exporter` and returns what went over the wire. */
async function run(exporter: Exporter): Promise<Recorded & { items: number }> {
  const recorded: Recorded = { requests: 0, bytes: 0 };
  globalThis.fetch = (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    recorded.requests++;
    recorded.bytes += (init?.body as Uint8Array).byteLength;
    return Promise.resolve(new Response(null, { status: 200 }));
  };
  const pipeline = createPipeline({ exporters: [exporter] });
  const analyzer = createAnalyzer();
  let items = 0;
  exportEvents(analyzer, {
    push: (item) => {
      items++;
      pipeline.push(item);
    },
  });
  const uniform = seededRandom(42);
  const normal = normalFrom(uniform);
  const context = { scene: 'graph-10k' };
  for (let second = 0; second < MINUTES * 60; second++) {
    const start = T0 + second * 1000;
    for (let frame = 0; frame < 60; frame++) {
      const time = start + frame * 16.6;
      const dropped = uniform() < 0.02;
      analyzer.add('frame', dropped ? 33.3 : 16.67 + 0.3 * normal(), time, context);
      analyzer.add('cpu', Math.exp(Math.log(6) + 0.35 * normal()), time, context);
      analyzer.add('gpu', Math.exp(Math.log(3) + 0.25 * normal()), time, context);
    }
    analyzer.add('memory', 50e6 + second * 1000, start + 500, context);
    analyzer.add('perfwarden.overhead', 0.008 + 0.002 * uniform(), start + 999, context);
    if (second % 10 === 0) analyzer.add('longtask', 60 + 40 * uniform(), start + 200, context);
    analyzer.tick(start + 1000);
    if (second % 5 === 4) await pipeline.flush();
  }
  await pipeline.shutdown();
  return { ...recorded, items };
}

const rows: string[][] = [];
for (const [label, exporter] of [
  ['http, gzip (default)', httpExporter({ url: 'https://collect.example.com/perf' })],
  [
    'http, no compression',
    httpExporter({ url: 'https://collect.example.com/perf', compression: 'none' }),
  ],
  ['otlp, gzip (default)', otlpExporter({ url: 'https://otel.example.com:4318' })],
  [
    'otlp, no compression',
    otlpExporter({ url: 'https://otel.example.com:4318', compression: 'none' }),
  ],
] as const) {
  const { requests, bytes, items } = await run(exporter);
  rows.push([
    label,
    (items / MINUTES).toFixed(0),
    (requests / MINUTES).toFixed(1),
    (bytes / MINUTES / 1000).toFixed(1),
    (bytes / requests / 1000).toFixed(2),
  ]);
}

console.log(`export volume per minute, default pipeline settings (${MINUTES} simulated minutes)`);
const header = ['exporter', 'items/min', 'requests/min', 'kB/min', 'kB/request'];
const widths = header.map((title, i) =>
  Math.max(title.length, ...rows.map((row) => row[i]?.length ?? 0)),
);
for (const row of [header, ...rows]) {
  console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
}
