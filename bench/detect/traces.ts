/**
 * Real traces recorded in Chromium from test/fixtures/traces/page.html (see record-traces.ts):
 * per frame its rAF time, main-thread work and GPU time, stored compactly (integers, deltas,
 * gzip). `replayTrace` feeds one to an analyzer as the collector would.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Analyzer } from '../../src/analysis/analysis.js';

/** A recorded trace as stored (`*.json.gz`). */
export interface StoredTrace {
  format: 'perfwarden-trace';
  version: 1;
  name: string;
  recorded: string;
  browser: string;
  renderer: string;
  seconds: number;
  /** When the injected change started (ms from the first frame) and its factors. */
  change: { at: number; cpu: number; gpu: number } | null;
  /** The machine's 1-minute load average before and after recording. */
  load: [number, number];
  /** Frame times: the first in 0.01 ms, then deltas in 0.01 ms. */
  t: number[];
  /** Main-thread work per frame in 0.01 ms. */
  cpu: number[];
  /** GPU time per frame in µs, −1 when the timer query gave none. */
  gpu: number[];
  /**
   * Traces recorded under load only: the environment probe's 1-s windows (end time in 0.01 ms,
   * as `t` but not as deltas; the longest time a probe lost, in µs), and when the busy loops
   * beside the browser started and ended (ms from the first frame, alternately).
   */
  probe?: { t: number[]; lost: number[] };
  loadSteps?: number[];
}

/** A trace decoded to milliseconds. */
export interface Trace {
  name: string;
  load: [number, number];
  change: StoredTrace['change'];
  seconds: number;
  time: Float64Array;
  cpu: Float64Array;
  /** NaN when missing. */
  gpu: Float64Array;
  /** The environment probe's windows (end time, longest time lost; ms), empty without one. */
  probeTime: Float64Array;
  probeLost: Float64Array;
  /** When the load started and ended (ms), alternately; empty for a quiet trace. */
  loadSteps: number[];
}

/** Encodes per-frame arrays (ms) into the stored form. */
export function encodeTrace(
  header: Omit<StoredTrace, 't' | 'cpu' | 'gpu' | 'probe'>,
  time: readonly number[],
  cpu: readonly number[],
  gpu: readonly number[],
  probe?: { t: readonly number[]; lost: readonly number[] },
): StoredTrace {
  let previous = 0;
  const t = time.map((value) => {
    const ticks = Math.round(value * 100);
    const delta = ticks - previous;
    previous = ticks;
    return delta;
  });
  return {
    ...header,
    t,
    cpu: cpu.map((value) => Math.round(value * 100)),
    gpu: gpu.map((value) => (value >= 0 ? Math.round(value * 1000) : -1)),
    ...(probe && {
      probe: {
        t: probe.t.map((value) => Math.round(value * 100)),
        lost: probe.lost.map((value) => Math.round(value * 1000)),
      },
    }),
  };
}

/** Reads a `*.json.gz` trace. */
export function readTrace(path: string): Trace {
  const parsed = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as Record<
    string,
    unknown
  >;
  if (parsed['format'] !== 'perfwarden-trace' || parsed['version'] !== 1) {
    throw new TypeError(`${path} is not a perfwarden trace (version 1)`);
  }
  const stored = parsed as unknown as StoredTrace;
  const time = new Float64Array(stored.t.length);
  let ticks = 0;
  stored.t.forEach((delta, i) => {
    ticks += delta;
    time[i] = ticks / 100;
  });
  return {
    name: stored.name,
    load: stored.load,
    change: stored.change,
    seconds: stored.seconds,
    time,
    cpu: Float64Array.from(stored.cpu, (value) => value / 100),
    gpu: Float64Array.from(stored.gpu, (value) => (value >= 0 ? value / 1000 : NaN)),
    probeTime: Float64Array.from(stored.probe?.t ?? [], (value) => value / 100),
    probeLost: Float64Array.from(stored.probe?.lost ?? [], (value) => value / 1000),
    loadSteps: stored.loadSteps ?? [],
  };
}

/**
 * Feeds a trace to an analyzer: `frame` (interval), `cpu`, `gpu` when measured, and
 * `frame.dropped` for intervals over 1.5 × the refresh interval (the median interval), as the
 * collector reports them, and `env.probe` where the trace has it (one sample per recorded
 * window, at its end: the window's longest, which is what the detector reads); ticks once per
 * second, and calls `afterTick` after each.
 */
export function replayTrace(
  trace: Trace,
  analyzer: Analyzer,
  afterTick?: (time: number) => void,
): void {
  const intervals = Float64Array.from(trace.time.subarray(1), (t, i) => t - (trace.time[i] ?? 0));
  const refresh = intervals.slice().sort()[intervals.length >> 1] ?? 1000 / 60;
  let nextTick = 1000;
  let probe = 0;
  for (let i = 0; i < trace.time.length; i++) {
    const time = trace.time[i] ?? 0;
    for (; probe < trace.probeTime.length && (trace.probeTime[probe] ?? 0) <= time; probe++) {
      analyzer.add('env.probe', trace.probeLost[probe] ?? 0, (trace.probeTime[probe] ?? 0) - 1);
    }
    while (time >= nextTick) {
      analyzer.tick(nextTick);
      afterTick?.(nextTick);
      nextTick += 1000;
    }
    if (i > 0) {
      const interval = intervals[i - 1] ?? 0;
      analyzer.add('frame', interval, time);
      if (interval > 1.5 * refresh) analyzer.add('frame.dropped', interval, time);
    }
    analyzer.add('cpu', trace.cpu[i] ?? NaN, time);
    const gpu = trace.gpu[i] ?? NaN;
    if (!Number.isNaN(gpu)) analyzer.add('gpu', gpu, time);
  }
  analyzer.tick(nextTick);
  afterTick?.(nextTick);
}
