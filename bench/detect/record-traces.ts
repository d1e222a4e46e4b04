/**
 * Records the real traces under test/fixtures/traces/ from page.html in headless Chromium
 * (`npm run record:traces`; about 11 minutes). It first calibrates the page's CPU and shader
 * work to about 6 ms and 4 ms per frame on this machine, then records 150-second sessions with
 * a change injected at 75 s (none for `null`).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../src/cli/chromium.js';
import { startStaticServer } from '../../src/cli/static-server.js';
import { encodeTrace } from './traces.js';

const directory = fileURLToPath(new URL('../../../test/fixtures/traces/', import.meta.url));
const SECONDS = 150;
const CHANGE = 75;
const TARGET_CPU = 6;
const TARGET_GPU = 4;
const PLANS = [
  { name: 'null', cpu: 1, gpu: 1 },
  { name: 'cpu-10', cpu: 1.1, gpu: 1 },
  { name: 'cpu-25', cpu: 1.25, gpu: 1 },
  { name: 'gpu-30', cpu: 1, gpu: 1.3 },
];

interface Recorded {
  frames: { t: number[]; cpu: number[]; gpu: number[] };
  renderer: string;
}

function median(values: readonly number[]): number {
  const sorted = values.filter((value) => value >= 0).sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? NaN;
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

const server = await startStaticServer({ routes: { '/': directory } });
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  const browserName = `Chromium ${browser.version()}`;
  // Calibrate: work scales linearly with burn iterations and shader steps.
  let burn = 3_000_000;
  let shader = 12;
  for (let round = 0; round < 2; round++) {
    const probe = await record(page, server.origin, `burn=${burn}&shader=${shader}`, 6);
    burn = Math.round((burn * TARGET_CPU) / median(probe.frames.cpu));
    shader = Math.max(1, Math.round((shader * TARGET_GPU) / median(probe.frames.gpu)));
    console.log(`calibration ${round + 1}: burn ${burn} iterations, shader ${shader} steps`);
  }
  for (const plan of PLANS) {
    const change = plan.name === 'null' ? '' : `&change=${CHANGE}&cpu=${plan.cpu}&gpu=${plan.gpu}`;
    const recorded = await record(
      page,
      server.origin,
      `burn=${burn}&shader=${shader}${change}`,
      SECONDS,
    );
    const trace = encodeTrace(
      {
        format: 'perfwarden-trace',
        version: 1,
        name: plan.name,
        recorded: new Date().toISOString(),
        browser: browserName,
        renderer: recorded.renderer,
        seconds: SECONDS,
        change: plan.name === 'null' ? null : { at: CHANGE * 1000, cpu: plan.cpu, gpu: plan.gpu },
      },
      recorded.frames.t,
      recorded.frames.cpu,
      recorded.frames.gpu,
    );
    const path = `${directory}${plan.name}.json.gz`;
    writeFileSync(path, gzipSync(JSON.stringify(trace), { level: 9 }));
    console.log(
      `${plan.name}: ${recorded.frames.t.length} frames, cpu median ${median(recorded.frames.cpu).toFixed(2)} ms, gpu median ${median(recorded.frames.gpu).toFixed(2)} ms → ${path}`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}
