/**
 * `npm run bench export-volume`: data volume per minute at default pipeline settings, with the
 * default 60 s export windows and with `windowMs: 1000` (every 1 s window sent), for the http
 * and the OTLP exporters, compressed (default) and not. The load is the windows a default
 * monitor is expected to close: frame, cpu and gpu at 60 samples/s, memory every 5 s,
 * perfwarden.overhead every 10 s, one long task every 10 s, all in one context, through
 * the real analyzer (1 s windows), which is ticked every second like the monitor ticks it.
 * Requests are recorded by a stand-in `fetch`, so nothing leaves the machine.
 *
 * Time is simulated with a virtual clock (support/virtual-clock.ts): the pipeline's own timers
 * (batch delay, export windows) fire as they would in a page. The session starts 20 s past a
 * minute of the clock. The first 15 s are reported apart; the steady state is `MINUTES`
 * (default 5) whole minutes from 10 s past the next minute of the clock, so that it holds
 * exactly one send of each 60 s export window; what `shutdown()` sends at the end is left out.
 */
import { createAnalyzer } from '../src/detect/create-analyzer.js';
import { exportEvents } from '../src/export/connect.js';
import type { Exporter } from '../src/export/exporter.js';
import { httpExporter } from '../src/export/http-exporter.js';
import { createPipeline } from '../src/export/pipeline.js';
import { otlpExporter } from '../src/otlp/otlp-exporter.js';
import { normalFrom, seededRandom } from '../test/support/random.js';
import { installVirtualClock } from './support/virtual-clock.js';

const MINUTES = Number(process.env['MINUTES'] ?? 5);
const STARTUP_S = 15;
/** 20.25 s past a minute of the clock: the export windows do not start with the session. */
const T0 = 1_700_000_000_000.25;
/** The steady state starts 10 s past a minute: after the send of the export window that ended. */
const STEADY_START = Math.ceil((T0 + STARTUP_S * 1000) / 60_000) * 60_000 + 10_000;
const STEADY_END = STEADY_START + MINUTES * 60_000;

interface Tally {
  requests: number;
  bytes: number;
  /** Items handed to the exporter. */
  items: number;
}

interface Run {
  startup: Tally;
  steady: Tally;
}

const minus = (a: Tally, b: Tally): Tally => ({
  requests: a.requests - b.requests,
  bytes: a.bytes - b.bytes,
  items: a.items - b.items,
});

/** Runs the simulated session through `exporter` and returns what went over the wire. */
async function run(exporter: Exporter, windowMs: number): Promise<Run> {
  const tally: Tally = { requests: 0, bytes: 0, items: 0 };
  const realFetch = globalThis.fetch;
  globalThis.fetch = (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    tally.requests++;
    tally.bytes += (init?.body as Uint8Array).byteLength;
    return Promise.resolve(new Response(null, { status: 200 }));
  };
  const clock = installVirtualClock(T0);
  const errors: string[] = [];
  try {
    const counting: Exporter = {
      name: exporter.name,
      export(batch, context) {
        tally.items += batch.length;
        return exporter.export(batch, context);
      },
    };
    const pipeline = createPipeline({
      exporters: [counting],
      windowMs,
      onError: (error, kind) => errors.push(`${kind}: ${String(error)}`),
    });
    const analyzer = createAnalyzer();
    exportEvents(analyzer, pipeline);
    const uniform = seededRandom(42);
    const normal = normalFrom(uniform);
    const context = { scene: 'graph-10k' };
    let startup: Tally | undefined;
    let steadyFrom: Tally | undefined;
    let steadyTo: Tally | undefined;
    for (let start = T0; start < STEADY_END; start += 1000) {
      const second = (start - T0) / 1000;
      for (let frame = 0; frame < 60; frame++) {
        const time = start + frame * 16.6;
        const dropped = uniform() < 0.02;
        analyzer.add('frame', dropped ? 33.3 : 16.67 + 0.3 * normal(), time, context);
        analyzer.add('cpu', Math.exp(Math.log(6) + 0.35 * normal()), time, context);
        analyzer.add('gpu', Math.exp(Math.log(3) + 0.25 * normal()), time, context);
      }
      // The monitor's defaults: memory every 5 s, its own overhead every 10 s.
      if (second % 5 === 0) analyzer.add('memory', 50e6 + second * 1000, start + 500, context);
      if (second % 10 === 0) {
        analyzer.add('perfwarden.overhead', 0.008 + 0.002 * uniform(), start + 999, context);
      }
      if (second % 10 === 0) analyzer.add('longtask', 60 + 40 * uniform(), start + 200, context);
      // The snapshots at the steady state's bounds, at their moment on the virtual clock.
      if (STEADY_START > start && STEADY_START <= start + 1000) {
        await clock.advanceTo(STEADY_START);
        steadyFrom = { ...tally };
      }
      if (STEADY_END > start && STEADY_END <= start + 1000) {
        await clock.advanceTo(STEADY_END);
        steadyTo = { ...tally };
      }
      // Then the pipeline's timers up to the end of the second, and the tick that closes its
      // windows, as in a page.
      await clock.advanceTo(start + 1000);
      analyzer.tick(start + 1000);
      if (second === STARTUP_S - 1) startup = { ...tally };
    }
    await pipeline.shutdown();
    if (errors.length > 0) throw new Error(`the pipeline reported: ${errors.join('; ')}`);
    if (!startup || !steadyFrom || !steadyTo) throw new Error('the simulation ended early');
    return { startup, steady: minus(steadyTo, steadyFrom) };
  } finally {
    clock.restore();
    globalThis.fetch = realFetch;
  }
}

const exporters: [string, () => Exporter][] = [
  ['http, gzip (default)', () => httpExporter({ url: 'https://collect.example.com/perf' })],
  [
    'http, no compression',
    () => httpExporter({ url: 'https://collect.example.com/perf', compression: 'none' }),
  ],
  ['otlp, gzip (default)', () => otlpExporter({ url: 'https://otel.example.com:4318' })],
  [
    'otlp, no compression',
    () => otlpExporter({ url: 'https://otel.example.com:4318', compression: 'none' }),
  ],
];

const rows: string[][] = [];
for (const [label, make] of exporters) {
  for (const windowMs of [60_000, 1000]) {
    const { startup, steady } = await run(make(), windowMs);
    rows.push([
      label,
      windowMs === 60_000 ? '60000 (default)' : String(windowMs),
      (steady.items / MINUTES).toFixed(1),
      (steady.requests / MINUTES).toFixed(1),
      (steady.bytes / MINUTES / 1000).toFixed(2),
      (steady.bytes / Math.max(1, steady.requests) / 1000).toFixed(2),
      `${String(startup.requests)} / ${(startup.bytes / 1000).toFixed(1)}`,
    ]);
  }
}

console.log(
  `export volume per minute, default pipeline settings (${String(MINUTES)} simulated minutes ` +
    `of steady state; the first ${String(STARTUP_S)} s apart)`,
);
const header = [
  'exporter',
  'windowMs',
  'items/min',
  'requests/min',
  'kB/min',
  'kB/request',
  `first ${String(STARTUP_S)} s: requests / kB`,
];
const widths = header.map((title, i) =>
  Math.max(title.length, ...rows.map((row) => row[i]?.length ?? 0)),
);
for (const row of [header, ...rows]) {
  console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
}
