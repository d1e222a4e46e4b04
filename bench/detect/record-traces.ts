/**
 * Records the real traces under test/fixtures/traces/ from page.html in headless Chromium
 * (`npm run record:traces [name…]`; about 11 minutes on a quiet machine). It first calibrates the
 * page's CPU work and shaded area to about 6 ms and 3 ms per frame on this machine, then records 150-second
 * sessions with a change injected at 75 s (none for `null`).
 *
 * Main-thread work is measured in wall time, so on a shared machine other processes' load moves
 * it by several times (seen: 5-second medians from 6 to 33 ms while others ran builds). Before
 * calibrating and before each trace the script waits, up to 3 minutes, for the 1-minute load
 * average to fall below 1.5, and stores the load averages seen in the trace.
 *
 * The traces under load (test/fixtures/traces/load/, `npm run record:traces load-null
 * load-cpu-25 steady-cpu-25`, after `npm run build`) run perfwarden's environment probe in
 * the page too, and start busy loops beside the browser (two per core): from 30 to 60 s and
 * from 90 to 120 s (`changing`), or all along (`steady`); `quiet-gpu-60` runs the probe with a
 * GPU change and no busy loops (does the page's own GPU work, rasterized on the CPUs by a
 * software renderer, read as a busier machine?).
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../src/cli/chromium.js';
import { startStaticServer } from '../../src/cli/static-server.js';
import { tracesDirectory } from './paths.js';
import { startBusyNeighbour, type BusyNeighbour } from '../../test/support/busy-neighbour.js';
import { encodeTrace } from './traces.js';

const directory = tracesDirectory();
const SECONDS = 150;
const CHANGE = 75;
const TARGET_CPU = 6;
const TARGET_GPU = 3;
const QUIET_LOAD = 1.5;
const QUIET_WAIT_MS = 3 * 60_000;
/**
 * `none`: no probe, no busy loops; `quiet`: the probe running, no busy loops; `changing` and
 * `steady`: the probe running, busy loops on and off, or all along.
 */
type Load = 'none' | 'quiet' | 'changing' | 'steady';
const PLANS: { name: string; cpu: number; gpu: number; load: Load }[] = [
  { name: 'null', cpu: 1, gpu: 1, load: 'none' },
  { name: 'cpu-10', cpu: 1.1, gpu: 1, load: 'none' },
  { name: 'cpu-25', cpu: 1.25, gpu: 1, load: 'none' },
  { name: 'gpu-60', cpu: 1, gpu: 1.6, load: 'none' },
  { name: 'load-null', cpu: 1, gpu: 1, load: 'changing' },
  { name: 'load-cpu-25', cpu: 1.25, gpu: 1, load: 'changing' },
  { name: 'steady-cpu-25', cpu: 1.25, gpu: 1, load: 'steady' },
  { name: 'quiet-gpu-60', cpu: 1, gpu: 1.6, load: 'quiet' },
  { name: 'quiet-gpu-100', cpu: 1, gpu: 2, load: 'quiet' },
];
/** When the busy loops start and end (s), alternately. */
const LOAD_STEPS: Record<Load, number[]> = {
  none: [],
  quiet: [],
  changing: [30, 60, 90, 120],
  steady: [0],
};

interface Recorded {
  frames: { t: number[]; cpu: number[]; gpu: number[] };
  probe: { t: number[]; lost: number[] };
  renderer: string;
}

/** Starts and ends busy loops beside the browser at `steps` (s from now), alternately. */
function scheduleLoad(steps: readonly number[], seconds: number): () => void {
  let neighbour: BusyNeighbour | undefined;
  const timers = steps.map((at, i) =>
    setTimeout(() => {
      if (i % 2 === 0) {
        const until = steps[i + 1] ?? seconds;
        neighbour = startBusyNeighbour((until - at + 5) * 1000, 2 * cpus().length);
      } else {
        neighbour?.stop();
        neighbour = undefined;
      }
    }, at * 1000),
  );
  return () => {
    for (const timer of timers) clearTimeout(timer);
    neighbour?.stop();
  };
}

function median(values: readonly number[]): number {
  const sorted = values.filter((value) => value >= 0).sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? NaN;
}

/** Waits until the 1-minute load average is below QUIET_LOAD (or the wait runs out). */
async function quiet(): Promise<number> {
  const until = Date.now() + QUIET_WAIT_MS;
  while ((loadavg()[0] ?? 0) >= QUIET_LOAD && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 10_000));
  }
  return loadavg()[0] ?? NaN;
}

async function record(
  page: Page,
  origin: string,
  query: string,
  seconds: number,
): Promise<Recorded> {
  await page.goto(`${origin}/page.html?seconds=${seconds}&${query}`);
  await page.waitForFunction(() => 'trace' in window, undefined, {
    timeout: (seconds + 60) * 1000,
    polling: 1000,
  });
  return page.evaluate(() => (window as unknown as { trace: Recorded }).trace);
}

const server = await startStaticServer({
  routes: { '/dist/': `${process.cwd()}/dist/`, '/': directory },
});
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  const browserName = `Chromium ${browser.version()}`;
  // Calibrate: work scales linearly with burn iterations and shader steps.
  let burn = 3_000_000;
  let area = 0.5;
  console.log(`load before calibrating: ${(await quiet()).toFixed(2)}`);
  for (let round = 0; round < 2; round++) {
    const probe = await record(page, server.origin, `burn=${burn}&area=${area}`, 6);
    burn = Math.round((burn * TARGET_CPU) / median(probe.frames.cpu));
    area = Math.min(0.7, (area * TARGET_GPU) / median(probe.frames.gpu));
    console.log(
      `calibration ${round + 1}: burn ${burn} iterations, shaded area ${area.toFixed(3)}`,
    );
  }
  // `record-traces.js cpu-25 gpu-30` records only those.
  const wanted = process.argv.slice(2);
  for (const plan of PLANS.filter((each) => wanted.length === 0 || wanted.includes(each.name))) {
    const changed = plan.cpu !== 1 || plan.gpu !== 1;
    const change = changed ? `&change=${CHANGE}&cpu=${plan.cpu}&gpu=${plan.gpu}` : '';
    const loadBefore = await quiet();
    const probe = plan.load === 'none' ? '' : '&probe=1';
    const endLoad = scheduleLoad(LOAD_STEPS[plan.load], SECONDS);
    const recorded = await record(
      page,
      server.origin,
      `burn=${burn}&area=${area}${change}${probe}`,
      SECONDS,
    ).finally(endLoad);
    const load: [number, number] = [loadBefore, loadavg()[0] ?? NaN];
    const trace = encodeTrace(
      {
        format: 'perfwarden-trace',
        version: 1,
        name: plan.name,
        recorded: new Date().toISOString(),
        browser: browserName,
        renderer: recorded.renderer,
        seconds: SECONDS,
        change: changed ? { at: CHANGE * 1000, cpu: plan.cpu, gpu: plan.gpu } : null,
        load,
        ...(plan.load !== 'none' && { loadSteps: LOAD_STEPS[plan.load].map((s) => s * 1000) }),
      },
      recorded.frames.t,
      recorded.frames.cpu,
      recorded.frames.gpu,
      plan.load === 'none' ? undefined : recorded.probe,
    );
    const path = `${directory}${plan.load === 'none' ? '' : 'load/'}${plan.name}.json.gz`;
    writeFileSync(path, gzipSync(JSON.stringify(trace), { level: 9 }));
    console.log(
      `${plan.name}: ${recorded.frames.t.length} frames, cpu median ${median(recorded.frames.cpu).toFixed(2)} ms, gpu median ${median(recorded.frames.gpu).toFixed(2)} ms, load ${load.map((x) => x.toFixed(2)).join(' → ')} → ${path}`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}
