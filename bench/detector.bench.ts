/**
 * `npm run bench:detector`: what the analyzer costs per sample with detection on (windows,
 * blocks, sequential tests, amortized), and how much heap a watched metric holds, after one
 * minute and after an hour (it must not grow with the session), and the bytes a session
 * allocates per `add`. Targets: ≤ 100 ns per `add` in Node 20; constant memory per metric.
 */
import { Session } from 'node:inspector/promises';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { createAnalyzer } from '../src/detect/create-analyzer.js';
import { DEFAULT_WATCHED, FalseAlarmBudget } from '../src/detect/budget.js';
import { MetricDetector } from '../src/detect/metric-detector.js';
import { policyFor } from '../src/detect/policy.js';
import type { Analyzer } from '../src/analysis/analysis.js';
import { normalFrom, seededRandom } from '../test/support/random.js';
import { WorkStream } from './detect/trace-model.js';
import { allocationOf, SAMPLING_INTERVAL } from './support/allocation.js';
import { measure, printTable } from './support/measure.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const FPS = 60;
const SECONDS = 60;
const FRAMES = FPS * SECONDS;
const model = {
  median: 8,
  sigma: 0.09,
  phi: 0.9,
  dof: 4,
  gcRate: 0.005,
  gcFactor: [2, 6] as const,
  resolution: 0.1,
};
const cpu = new WorkStream(model, 1);
const gpu = new WorkStream({ ...model, median: 4 }, 2);
const layout = new WorkStream({ ...model, median: 1.5 }, 3);
const cpuValues = Float64Array.from({ length: FRAMES }, () => cpu.next());
const gpuValues = Float64Array.from({ length: FRAMES }, () => gpu.next());
const spanValues = Float64Array.from({ length: FRAMES }, () => layout.next());

/** One minute of a page: per frame frame, cpu, gpu and a span (4 adds); a tick per second. */
function minute(analyzer: Analyzer, offset: number): number {
  for (let f = 0; f < FRAMES; f++) {
    const time = offset + (f * 1000) / FPS;
    analyzer.add('frame', 16.7, time);
    analyzer.add('cpu', cpuValues[f] ?? 0, time);
    analyzer.add('gpu', gpuValues[f] ?? 0, time);
    analyzer.add('span.layout', spanValues[f] ?? 0, time);
    if (f % FPS === FPS - 1) analyzer.tick(time + 1);
  }
  return offset + SECONDS * 1000;
}

const ADDS = FRAMES * 4;
const SESSION_MINUTES = 10;
const withDetection = measure(
  `add, detector on, amortized over a ${String(SESSION_MINUTES)}-min session`,
  ADDS * SESSION_MINUTES,
  () => {
    // A fresh analyzer per run: warm-up, reference growth and testing all count.
    const analyzer = createAnalyzer();
    let time = 0;
    for (let m = 0; m < SESSION_MINUTES; m++) time = minute(analyzer, time);
    return analyzer.dropped;
  },
  { runs: 9, warmup: 2 },
);
const windowsOnly = measure(
  `add, windows only (detector: false), ${String(SESSION_MINUTES)} min`,
  ADDS * SESSION_MINUTES,
  () => {
    const analyzer = createAnalyzer({ detector: false });
    let time = 0;
    for (let m = 0; m < SESSION_MINUTES; m++) time = minute(analyzer, time);
    return analyzer.dropped;
  },
  { runs: 9, warmup: 2 },
);
// The per-frame path alone: samples that land in an open window (no window closes).
const hot = createAnalyzer();
const hotPath = measure('add, hot path (no window closes)', ADDS, () => {
  for (let f = 0; f < FRAMES; f++) {
    hot.add('frame', 16.7, 10);
    hot.add('cpu', cpuValues[f] ?? 0, 10);
    hot.add('gpu', gpuValues[f] ?? 0, 10);
    hot.add('span.layout', spanValues[f] ?? 0, 10);
  }
  return hot.dropped;
});
// The detector alone, per block of one metric (median and tail channels), past the warm-up
// and the reference's growth: what a tested metric costs per second.
const BLOCKS = 3000;
// Steady blocks (log of an 8 ms median, block CV 5 %): no alarm, the common case.
const normal = normalFrom(seededRandom(4));
const blockValues = Float64Array.from({ length: BLOCKS }, () => Math.log(8) + 0.05 * normal());
const detector = new MetricDetector('cpu', {}, policyFor('cpu'), {
  warmup: 30,
  horizon: 30,
  margin: 0,
  baselineMargin: 0.05,
  storedKind: 'baseline' as const,
  budget: new FalseAlarmBudget(0.001, DEFAULT_WATCHED),
  capacity: 240,
  referenceBlocks: 240,
  spacing: 10,
  lifetime: 240,
  epoch: 600,
});
const input = { start: 0, end: 0, values: [0, 0], p50: 8, p95: 10, mean: 8, weight: 60 };
let blockTime = 0;
const feedBlocks = (): number => {
  for (let b = 0; b < BLOCKS; b++) {
    input.start = blockTime;
    blockTime += 1000;
    input.end = blockTime;
    input.values[0] = blockValues[b] ?? 2;
    input.values[1] = (blockValues[b] ?? 2) + 0.2;
    detector.consume(input);
  }
  return detector.blocks;
};
feedBlocks(); // past the warm-up and the reference's growth to 240 blocks
const perBlock = measure('detector, one block of one metric (2 channels)', BLOCKS, feedBlocks);
printTable('analyzer cost per sample (frame, cpu, gpu, span.layout at 60 fps; tick per second)', [
  withDetection,
  windowsOnly,
  hotPath,
  perBlock,
]);

/** Heap of an analyzer watching `metrics` span metrics besides cpu, gpu and frame. */
function heapPerMetric(metrics: number, minutes: number): { bytes: number; perMetric: number } {
  gc();
  const before = process.memoryUsage().heapUsed;
  const analyzer = createAnalyzer();
  const names = Array.from({ length: metrics }, (_, i) => `span.s${String(i)}`);
  let time = 0;
  for (let m = 0; m < minutes; m++) {
    for (let f = 0; f < FRAMES; f++) {
      const at = time + (f * 1000) / FPS;
      analyzer.add('frame', 16.7, at);
      analyzer.add('cpu', cpuValues[f] ?? 0, at);
      analyzer.add('gpu', gpuValues[f] ?? 0, at);
      for (const name of names) analyzer.add(name, spanValues[f] ?? 0, at);
      if (f % FPS === FPS - 1) analyzer.tick(at + 1);
    }
    time += SECONDS * 1000;
  }
  gc();
  const bytes = process.memoryUsage().heapUsed - before;
  // Keep the analyzer alive until measured.
  if (analyzer.dropped < 0) console.log(analyzer.snapshot());
  return { bytes, perMetric: bytes / (metrics + 3) };
}

console.log('\nheap held by an analyzer (after gc), per tested metric');
console.log(
  `${'metrics'.padEnd(10)} ${'session'.padEnd(10)} ${'heap (KB)'.padStart(12)} ${'per metric (KB)'.padStart(16)}`,
);
for (const [metrics, minutes] of [
  [20, 1],
  [20, 10],
  [20, 60],
] as const) {
  const { bytes, perMetric } = heapPerMetric(metrics, minutes);
  console.log(
    `${String(metrics + 3).padEnd(10)} ${`${String(minutes)} min`.padEnd(10)} ${(bytes / 1024).toFixed(0).padStart(12)} ${(perMetric / 1024).toFixed(1).padStart(16)}`,
  );
}

// What a whole session allocates per sample (windows, blocks, tests, references): garbage the
// page's collector has to clear. Last, so that nothing of the profiler's sits in the heap
// figures above. The loop passes computed doubles, which V8 may box: the harness's share.
const session = new Session();
session.connect();
for (const [name, options] of [
  ['detector on', {}],
  ['windows only', { detector: false }],
] as const) {
  const { perfwarden, harness, sites } = await allocationOf(session, ADDS * SESSION_MINUTES, () => {
    const analyzer = createAnalyzer(options);
    let time = 0;
    for (let m = 0; m < SESSION_MINUTES; m++) time = minute(analyzer, time);
  });
  const where = sites.map(([site, bytes]) => `${site} ${bytes.toFixed(2)}`).join('; ');
  console.log(
    `bytes allocated per add, ${name}, ${String(SESSION_MINUTES)}-min session (${SAMPLING_INTERVAL}): ` +
      `perfwarden ${perfwarden.toFixed(2)} (${where}), harness ${harness.toFixed(2)}`,
  );
}
session.disconnect();
