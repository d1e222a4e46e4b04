/**
 * Allocation on the per-frame path: 10⁶ frames per scenario through perfwarden's monitor (the
 * frame loop and its end-of-frame task, the window clock's ticks that read the frame ring into
 * samples, the monitor's sink and the analysis), in Node with a scripted browser event loop
 * (bench/support/scripted-browser.ts: timers by due time, any number of rAF and idle callbacks,
 * 60 Hz frames). V8's sampling heap profiler, told to keep the objects that garbage collection
 * has already freed, attributes every allocated byte to the function that allocated it; bytes
 * allocated by perfwarden's code (build/bench/src/) are reported apart from the harness's.
 *
 * The bench checks that it measured something: it counts the frames whose rAF callbacks ran
 * and the `frame` and `cpu` samples in the monitor's windows, and throws when the samples fall
 * short of the frames the frame loop ran (a harness that never reaches the per-frame code would
 * otherwise report 0 bytes per frame).
 *
 * `npm run bench:overhead` (or `npm run bench overhead-allocation`).
 */
import { Session } from 'node:inspector/promises';
import { createMonitor } from '../src/monitor/create-monitor.js';
import type { FrameSamplingMode } from '../src/monitor/duty-cycle.js';
import { loadDeferred } from '../src/deferred/load.js';
import { allocationOf, SAMPLING_INTERVAL } from './support/allocation.js';
import { ScriptedBrowser } from './support/scripted-browser.js';

const FRAMES = 1_000_000;
const WARM_UP_FRAMES = 50_000;
/** The page's own work per frame (ms). */
const WORK_MS = 2;
/** Samples must cover at least this share of the frames the frame loop ran. */
const MIN_COVERAGE = 0.95;

const onlyFrames = {
  longFrames: false,
  interactions: false,
  measures: false,
  vitals: false,
  memory: false,
} as const;

interface Scenario {
  name: string;
  window: number;
  sampling: FrameSamplingMode;
}

const scenarios: Scenario[] = [
  {
    name: "`sampling: 'full'`, windows never close: the per-frame path and the 1 s ticks that read it",
    window: 1e12,
    sampling: 'full',
  },
  {
    name: "`sampling: 'full'`, 1 s windows (a summary per metric per second, amortized)",
    window: 1000,
    sampling: 'full',
  },
  {
    name: 'default adaptive sampling (bursts), 1 s windows',
    window: 1000,
    sampling: 'adaptive',
  },
];

const realSetTimeout = globalThis.setTimeout;
/** Lets real promises (the deferred code's dynamic import) settle. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => realSetTimeout(resolve, 1));
}

/** Samples per metric in the windows the monitor closed. */
class SampleCounts {
  frame = 0;
  cpu = 0;
}

const browser = new ScriptedBrowser(WORK_MS);
// The deferred code (the analysis) is loaded before the scripted loop takes the timers: its
// dynamic import runs on Node's real event loop.
await loadDeferred();
const session = new Session();
session.connect();
browser.install();
const rows: string[] = [];
try {
  for (const { name, window, sampling } of scenarios) {
    const counts = new SampleCounts();
    const monitor = createMonitor({ window, sources: { ...onlyFrames, frames: { sampling } } });
    monitor.on('window', (closed) => {
      if (closed.metric === 'frame') counts.frame += closed.count;
      else if (closed.metric === 'cpu') counts.cpu += closed.count;
    });
    const start = { ...browser.counters };
    monitor.start();
    browser.runFrames(WARM_UP_FRAMES); // let the JIT optimize the path
    const before = { ...browser.counters };
    const allocation = await allocationOf(session, FRAMES, () => {
      browser.runFrames(FRAMES);
    });
    const measuredInRun = browser.counters.framesWithCallbacks - before.framesWithCallbacks;
    monitor.stop(); // closes the open windows: their samples are counted too
    browser.reset();
    await settle();

    const framesRun = browser.counters.frames - start.frames;
    const measured = browser.counters.framesWithCallbacks - start.framesWithCallbacks;
    const check = `${name}: ${String(measured)} of ${String(framesRun)} frames ran the frame loop; the windows hold ${String(counts.frame)} frame and ${String(counts.cpu)} cpu samples`;
    console.log(check);
    if (
      measured === 0 ||
      counts.frame < MIN_COVERAGE * measured ||
      counts.cpu < MIN_COVERAGE * measured
    ) {
      throw new Error(`The harness did not run the per-frame path. ${check}`);
    }
    if (sampling === 'full' && measured < MIN_COVERAGE * framesRun) {
      throw new Error(`Full sampling left frames unmeasured. ${check}`);
    }
    const { perfwarden, harness, sites } = allocation;
    const where = sites.map(([site, bytes]) => `${site}: ${bytes.toFixed(2)}`).join('; ');
    rows.push(
      `| ${name} | ${((100 * measuredInRun) / FRAMES).toFixed(1)} % | ${perfwarden.toFixed(2)} | ${where || '—'} | ${harness.toFixed(1)} |`,
    );
  }
} finally {
  browser.uninstall();
  session.disconnect();
}
console.log(
  `\nBytes allocated per frame over ${FRAMES.toLocaleString('en')} frames, by allocating code ` +
    `(V8 sampling heap profiler, ${SAMPLING_INTERVAL}, freed objects included; node ${process.version}):\n`,
);
console.log('| path | frames measured | perfwarden B/frame | where (B/frame) | harness B/frame |');
console.log('| --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
