/**
 * `npm run bench environment-traces`: the detector with the environment probe on real traces
 * recorded in Chromium with the probe running (test/fixtures/traces/load/, recorded by
 * `npm run record:traces load-null load-cpu-25 steady-cpu-25 quiet-gpu-60 quiet-gpu-100`):
 * three with busy loops beside the browser, two with a GPU change and no busy loops. Frame
 * times, main-thread work, GPU time and the probe's windows are replayed as recorded. Many
 * sessions are stitched from 10-s segments of the three under load drawn at random (a block
 * bootstrap); a session of `load-null` segments meets the load stepping on and off
 * mid-session, where the recording did (at 30, 60, 90 and 120 s) and between segments.
 *
 * First, per recording, how far the main-thread work's and the GPU time's median and p10 move
 * between 5-s stretches (before its change, and after). Then:
 * - null under changing load: 240 s of `load-null` segments; null under steady load: 240 s of
 *   `steady-cpu-25` segments from before its change. Sessions with any regression alarm (any
 *   metric; per metric and statistic, how many of them), and the share of blocks in which `cpu`
 *   was past its warm-up while the machine was not called busier (blocks left out after a
 *   single cut probe still count here);
 * - +25 % main-thread work under steady load: 120 s of `steady-cpu-25` before its change, then
 *   120 s after it; under changing load: the same from `load-cpu-25`. Sessions that caught it
 *   (a `cpu` regression after the switch), sessions with an alarm before, the median delay.
 *
 * Environment: SESSIONS (default 1000 null sessions per row), CHANGE_SESSIONS (default 200),
 * SEGMENT_S (default 10).
 */
import { readdirSync } from 'node:fs';
import { createAnalyzer } from '../src/detect/create-analyzer.js';
import { median } from '../src/stats/robust.js';
import { percent } from './detect/report.js';
import { exactQuantile, seededRandom } from '../test/support/random.js';
import { tracesDirectory } from './detect/paths.js';
import { readTrace, replayTrace, type Trace } from './detect/traces.js';

const SESSIONS = Number(process.env['SESSIONS'] ?? 1000);
const CHANGE_SESSIONS = Number(process.env['CHANGE_SESSIONS'] ?? 200);
const SEGMENT_MS = Number(process.env['SEGMENT_S'] ?? 10) * 1000;
const HALF_MS = 120_000;

const directory = `${tracesDirectory()}load/`;
const traces = new Map(
  readdirSync(directory)
    .filter((file) => file.endsWith('.json.gz'))
    .map((file) => {
      const trace = readTrace(directory + file);
      return [trace.name, trace] as const;
    }),
);

function recorded(name: string): Trace {
  const trace = traces.get(name);
  if (!trace) throw new Error(`missing ${directory}${name}.json.gz: run npm run record:traces`);
  return trace;
}

/** A session being stitched from segments of recorded traces. */
class Stitched {
  readonly time: number[] = [];
  readonly cpu: number[] = [];
  readonly gpu: number[] = [];
  readonly probeTime: number[] = [];
  readonly probeLost: number[] = [];

  /** Appends `durationMs` of `trace` from a random start within [from, to). */
  append(trace: Trace, from: number, to: number, durationMs: number, random: () => number) {
    for (let filled = 0; filled < durationMs; filled += SEGMENT_MS) {
      const start = from + random() * (to - from - SEGMENT_MS);
      const first = trace.time.findIndex((t) => t >= start);
      const last = this.time.at(-1);
      const offset = (last === undefined ? 0 : last + 1000 / 60) - (trace.time[first] ?? 0);
      for (let i = first; i < trace.time.length && (trace.time[i] ?? 0) < start + SEGMENT_MS; i++) {
        this.time.push((trace.time[i] ?? 0) + offset);
        this.cpu.push(trace.cpu[i] ?? NaN);
        this.gpu.push(trace.gpu[i] ?? NaN);
      }
      for (let i = 0; i < trace.probeTime.length; i++) {
        const t = trace.probeTime[i] ?? 0;
        if (t > start && t <= start + SEGMENT_MS) {
          this.probeTime.push(t + offset);
          this.probeLost.push(trace.probeLost[i] ?? 0);
        }
      }
    }
  }

  /** The stitched session as a trace; without the probe's windows when `probe` is false. */
  trace(probe: boolean): Trace {
    return {
      name: 'stitched',
      load: [NaN, NaN],
      change: null,
      seconds: Math.ceil((this.time.at(-1) ?? 0) / 1000),
      time: Float64Array.from(this.time),
      cpu: Float64Array.from(this.cpu),
      gpu: Float64Array.from(this.gpu),
      probeTime: Float64Array.from(probe ? this.probeTime : []),
      probeLost: Float64Array.from(probe ? this.probeLost : []),
      loadSteps: [],
    };
  }
}

interface Outcome {
  /** Regressions: metric, the statistic whose test crossed, and when (ms of the session). */
  alarms: { metric: string; statistic: string; at: number }[];
  testedBlocks: number;
  blocks: number;
}

function replay(session: Stitched, probe: boolean): Outcome {
  const analyzer = createAnalyzer();
  const outcome: Outcome = { alarms: [], testedBlocks: 0, blocks: 0 };
  let environment = 'normal';
  analyzer.on('regression', (r) =>
    outcome.alarms.push({ metric: r.metric, statistic: r.statistic ?? '', at: r.detectedAt }),
  );
  analyzer.on('environment', (e) => {
    environment = e.state;
  });
  replayTrace(session.trace(probe), analyzer, () => {
    outcome.blocks++;
    const state = analyzer.verdict('cpu')?.state;
    if (state !== undefined && state !== 'warming-up' && environment !== 'busier') {
      outcome.testedBlocks++;
    }
  });
  return outcome;
}

// What moves with the machine: per recording, the range of the main-thread work's and the GPU
// time's median and p10 over its 5-s stretches, before its change and after.
const STRETCH_MS = 5000;
function stretchRange(
  trace: Trace,
  values: Float64Array,
  from: number,
  to: number,
  q: number,
): string {
  const levels: number[] = [];
  const start = trace.time[0] ?? 0;
  for (let t = from; t + STRETCH_MS <= to; t += STRETCH_MS) {
    const stretch: number[] = [];
    trace.time.forEach((time, i) => {
      const value = values[i] ?? NaN;
      if (time - start >= t && time - start < t + STRETCH_MS && !Number.isNaN(value)) {
        stretch.push(value);
      }
    });
    levels.push(
      exactQuantile(
        stretch.sort((a, b) => a - b),
        q,
      ),
    );
  }
  return `${Math.min(...levels).toFixed(1)}–${Math.max(...levels).toFixed(1)} ms`;
}
console.log(
  '| trace | 5-s stretches, before → after the change: cpu p50 | cpu p10 | gpu p50 | gpu p10 |',
);
console.log('| --- | --- | --- | --- | --- |');
for (const trace of traces.values()) {
  const at = trace.change?.at ?? trace.seconds * 1000;
  const end = trace.seconds * 1000;
  const range = (values: Float64Array, q: number): string =>
    trace.change
      ? `${stretchRange(trace, values, 0, at, q)} → ${stretchRange(trace, values, at, end, q)}`
      : stretchRange(trace, values, 0, at, q);
  const cells = [
    range(trace.cpu, 0.5),
    range(trace.cpu, 0.1),
    range(trace.gpu, 0.5),
    range(trace.gpu, 0.1),
  ];
  console.log(`| ${trace.name} | ${cells.join(' | ')} |`);
}
console.log();

// Each recording replayed whole, as it was recorded.
console.log(
  '| trace | load | change | with probe: alarms, environment events | without probe: alarms |',
);
console.log('| --- | --- | --- | --- | --- |');
for (const trace of traces.values()) {
  const line = (probe: boolean): string => {
    const analyzer = createAnalyzer();
    const seen: string[] = [];
    analyzer.on('regression', (r) =>
      seen.push(`${r.metric} ${r.statistic ?? ''} at ${(r.detectedAt / 1000).toFixed(0)} s`),
    );
    analyzer.on('environment', (e) => {
      if (probe) seen.push(`${e.state} at ${(e.time / 1000).toFixed(0)} s`);
    });
    replayTrace(
      probe ? trace : { ...trace, probeTime: new Float64Array(), probeLost: new Float64Array() },
      analyzer,
    );
    return seen.join(', ') || 'none';
  };
  const steps = trace.loadSteps.map((t) => String(t / 1000)).join('/');
  const load = steps === '' ? 'none' : steps === '0' ? 'all along' : `steps at ${steps} s`;
  const change = trace.change
    ? `${trace.change.gpu !== 1 ? 'shaded area' : 'CPU work'} +${Math.round((Math.max(trace.change.cpu, trace.change.gpu) - 1) * 100)} % at ${String(trace.change.at / 1000)} s`
    : 'none';
  console.log(`| ${trace.name} | ${load} | ${change} | ${line(true)} | ${line(false)} |`);
}
console.log();

const rows: string[][] = [];
for (const probe of [true, false]) {
  const arm = probe ? 'with probe' : 'without probe';
  const nullCases: [string, Trace, number, number][] = [
    ['changing load', recorded('load-null'), 0, recorded('load-null').seconds * 1000],
    ['steady load', recorded('steady-cpu-25'), 0, recorded('steady-cpu-25').change?.at ?? 0],
  ];
  for (const [load, trace, from, to] of nullCases) {
    const random = seededRandom(load.length);
    const outcomes = Array.from({ length: SESSIONS }, () => {
      const session = new Stitched();
      session.append(trace, from, to, 2 * HALF_MS, random);
      return replay(session, probe);
    });
    const alarmed = outcomes.filter((o) => o.alarms.length > 0);
    // Sessions with an alarm per metric and statistic: `cpu p10 in 6`.
    const tests = new Map<string, number>();
    for (const outcome of alarmed) {
      for (const test of new Set(outcome.alarms.map((a) => `${a.metric} ${a.statistic}`))) {
        tests.set(test, (tests.get(test) ?? 0) + 1);
      }
    }
    const metrics = [...tests].map(([test, sessions]) => `${test} in ${String(sessions)}`);
    rows.push([
      arm,
      `null, ${load}`,
      `sessions with any alarm: ${String(alarmed.length)} of ${String(SESSIONS)} (${percent(alarmed.length / SESSIONS)})${metrics.length ? `, on ${metrics.join(', ')}` : ''}`,
      `cpu tested in ${percent(
        outcomes.reduce((sum, o) => sum + o.testedBlocks, 0) /
          outcomes.reduce((sum, o) => sum + o.blocks, 0),
      )} of the blocks`,
    ]);
  }
  for (const [load, name] of [
    ['steady load', 'steady-cpu-25'],
    ['changing load', 'load-cpu-25'],
  ] as const) {
    const trace = recorded(name);
    const at = trace.change?.at ?? 0;
    const random = seededRandom(name.length);
    const outcomes = Array.from({ length: CHANGE_SESSIONS }, () => {
      const session = new Stitched();
      session.append(trace, 0, at, HALF_MS, random);
      session.append(trace, at, trace.seconds * 1000, HALF_MS, random);
      return replay(session, probe);
    });
    const switchAt = HALF_MS;
    const caught = outcomes.filter((o) =>
      o.alarms.some((a) => a.metric === 'cpu' && a.at >= switchAt),
    );
    const early = outcomes.filter((o) => o.alarms.some((a) => a.at < switchAt));
    const delays = caught.map(
      (o) =>
        ((o.alarms.find((a) => a.metric === 'cpu' && a.at >= switchAt)?.at ?? NaN) - switchAt) /
        1000,
    );
    rows.push([
      arm,
      `+25 % main-thread work, ${load}`,
      `caught: ${percent(caught.length / CHANGE_SESSIONS)} (median ${median(delays).toFixed(0)} s after)`,
      `alarm before the change: ${percent(early.length / CHANGE_SESSIONS)}`,
    ]);
  }
}
console.log(
  `${String(SESSIONS)} null and ${String(CHANGE_SESSIONS)} change sessions of 240 s per row, ${String(SEGMENT_MS / 1000)}-s segments; traces recorded ${[...traces.values()].map((t) => t.name).join(', ')}`,
);
console.log('| arm | sessions | outcome | |');
console.log('| --- | --- | --- | --- |');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
