/**
 * `npm run build && npm run bench remembered-browser`: remembered sessions in Chromium, timed
 * from page load. The page (test/fixtures/pages/remembered.html) burns 4 ms of main-thread
 * work per frame with the monitor and `createDetector({ remember })`, at the default 1-s
 * windows. Per trial, in a fresh browser context (empty storage): 5 unchanged loads, each run
 * until its `cpu` is tested and 2 s more (the first 3 learn their own reference, the next ones
 * are compared with the remembered loads), then a load with more work per frame (`CHANGE`):
 * whether its `cpu` regression came, and how many seconds after load.
 *
 * Environment: TRIALS (default 3), CHANGE (default 0.6, i.e. +60 % work per frame), WINDOW_MS
 * (default 1000).
 */
import { join } from 'node:path';
import { launchChromium } from '../src/cli/chromium.js';
import { startStaticServer } from '../src/cli/static-server.js';
import { median } from '../src/stats/robust.js';

const TRIALS = Number(process.env['TRIALS'] ?? 3);
const CHANGE = Number(process.env['CHANGE'] ?? 0.6);
const WINDOW_MS = Number(process.env['WINDOW_MS'] ?? 1000);
const BURN_MS = 4;
const UNCHANGED_LOADS = 5;
const CAUGHT_WITHIN_MS = 45_000;
const root = process.cwd();

interface Seen {
  regressions: { metric: string; comparedWith?: string; delta: number; sinceLoad: number }[];
  errors: string[];
  testedAt?: number;
}

const server = await startStaticServer({
  routes: { '/dist/': join(root, 'dist/'), '/': join(root, 'test/fixtures/pages/') },
});
const browser = await launchChromium();
const url = (burn: number): string =>
  `${server.origin}/remembered.html?burn=${String(burn)}&window=${String(WINDOW_MS)}`;
const rows: string[] = [];
const times: number[] = [];
let unchangedAlarms = 0;
try {
  for (let trial = 1; trial <= TRIALS; trial++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (let load = 1; load <= UNCHANGED_LOADS; load++) {
      await page.goto(url(BURN_MS));
      await page.waitForFunction(
        () => (window as unknown as { seen: Seen }).seen.testedAt !== undefined,
        undefined,
        { timeout: 120_000, polling: 250 },
      );
      await page.waitForTimeout(2000);
      const seen = await page.evaluate(() => (window as unknown as { seen: Seen }).seen);
      unchangedAlarms += seen.regressions.length;
    }
    await page.goto(url(BURN_MS * (1 + CHANGE)));
    const cpu = await page
      .waitForFunction(
        () =>
          (window as unknown as { seen: Seen }).seen.regressions.find((r) => r.metric === 'cpu'),
        undefined,
        { timeout: CAUGHT_WITHIN_MS, polling: 100 },
      )
      .then((handle) => handle.jsonValue() as Promise<Seen['regressions'][number]>)
      .catch(() => undefined);
    await context.close();
    if (cpu) times.push(cpu.sinceLoad / 1000);
    rows.push(
      cpu
        ? `| ${String(trial)} | caught ${(cpu.sinceLoad / 1000).toFixed(1)} s after load | ${cpu.comparedWith ?? 'session'} | +${(cpu.delta * 100).toFixed(0)} % |`
        : `| ${String(trial)} | not caught within ${String(CAUGHT_WITHIN_MS / 1000)} s | | |`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(
  `${String(TRIALS)} trials: ${String(UNCHANGED_LOADS)} unchanged loads (${String(BURN_MS)} ms of work per frame, ${String(WINDOW_MS)}-ms windows), then +${String(Math.round(CHANGE * 100))} %`,
);
console.log('| trial | slower load | compared with | estimated change |');
console.log('| --- | --- | --- | --- |');
for (const row of rows) console.log(row);
console.log(
  `caught in ${String(times.length)} of ${String(TRIALS)}, median ${median(times).toFixed(1)} s after load; alarms in the ${String(TRIALS * UNCHANGED_LOADS)} unchanged loads: ${String(unchangedAlarms)}`,
);
