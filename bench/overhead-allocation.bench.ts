/**
 * Allocation on the per-frame path: 10⁶ frames through perfwarden's frame source, the
 * monitor's sink and the analyzer, in Node with a scripted requestAnimationFrame, timer and
 * clock. V8's sampling heap profiler, told to keep the objects that garbage collection has
 * already freed, attributes every allocated byte to the function that allocated it; bytes
 * allocated by perfwarden's code (build/bench/src/) are reported apart from the harness's.
 * The second scenario, with 1 s windows, shows the method sees perfwarden's allocations:
 * each closed window allocates its summary.
 *
 * `npm run bench:overhead` (or `npm run bench overhead-allocation`).
 */
import { Session } from 'node:inspector/promises';
import { createMonitor } from '../src/monitor/create-monitor.js';
import { allocationOf, SAMPLING_INTERVAL } from './support/allocation.js';
import type { Allocation } from './support/allocation.js';

const FRAMES = 1_000_000;
const FRAME_MS = 1000 / 60;
const WORK_MS = 2;

// A scripted browser: one pending frame callback, one pending task, a settable clock.
const time = new Float64Array(2); // [clock, frame timestamp]
let frameCallback: FrameRequestCallback | undefined;
let task: (() => void) | undefined;
const scripted = {
  requestAnimationFrame: (callback: FrameRequestCallback) => {
    frameCallback = callback;
    return 1;
  },
  cancelAnimationFrame: () => {
    frameCallback = undefined;
  },
  setTimeout: (callback: () => void) => {
    task = callback;
    return 1;
  },
  clearTimeout: () => {
    task = undefined;
  },
};

/** Runs `count` frames: rAF callback, 2 ms of work, then the task it posted. */
function runFrames(count: number): void {
  for (let i = 0; i < count; i++) {
    const timestamp = (time[1] = (time[1] ?? 0) + FRAME_MS);
    time[0] = timestamp + 0.5;
    const callback = frameCallback;
    frameCallback = undefined;
    callback?.(timestamp);
    time[0] += WORK_MS;
    const posted = task;
    task = undefined;
    posted?.();
  }
}

/** Bytes allocated per frame while running `FRAMES` frames, by who allocated them. */
async function profileFrames(session: Session): Promise<Allocation> {
  runFrames(50_000); // warm up: let the JIT optimize the path
  return allocationOf(session, FRAMES, () => {
    runFrames(FRAMES);
  });
}

const onlyFrames = {
  longFrames: false,
  interactions: false,
  measures: false,
  vitals: false,
  memory: false,
} as const;
const scenarios: [string, number][] = [
  ['frame source → monitor sink → analyzer, windows never close (the per-frame path)', 1e12],
  ['the same with 1 s windows (a summary per metric per second, amortized)', 1000],
];

const globals = globalThis as unknown as Record<string, unknown>;
const saved = Object.fromEntries(Object.keys(scripted).map((name) => [name, globals[name]]));
const realNow = performance.now.bind(performance);
const session = new Session();
session.connect();
Object.assign(globals, scripted);
performance.now = () => time[0] ?? 0;
const rows: string[] = [];
try {
  for (const [name, window] of scenarios) {
    const monitor = createMonitor({ window, sources: onlyFrames });
    monitor.start();
    const { perfwarden, harness, sites } = await profileFrames(session);
    monitor.stop();
    const where = sites.map(([site, bytes]) => `${site}: ${bytes.toFixed(2)}`).join('; ');
    rows.push(`| ${name} | ${perfwarden.toFixed(2)} | ${where || '—'} | ${harness.toFixed(1)} |`);
  }
} finally {
  Object.assign(globals, saved);
  performance.now = realNow;
  session.disconnect();
}
console.log(
  `\nBytes allocated per frame over ${FRAMES.toLocaleString('en')} frames, by allocating code ` +
    `(V8 sampling heap profiler, ${SAMPLING_INTERVAL}, freed objects included; node ${process.version}):\n`,
);
console.log('| path | perfwarden B/frame | where (B/frame) | harness B/frame |');
console.log('| --- | --- | --- | --- |');
for (const row of rows) console.log(row);
