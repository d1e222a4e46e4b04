/**
 * `npm run build && npm run bench environment-browser`: what the page sees of a busy machine,
 * in Chromium. The page (test/fixtures/pages/environment.html) does the same JS work in every
 * frame, with the monitor, the detector and its environment probe. Once the detector tests
 * `cpu` and has learned the probe's reference, and after an idle phase, the bench starts busy
 * loops beside the browser (NEIGHBOURS, default two per core, each bounded in time), then ends
 * them. Per phase: the median over 1-s windows of `cpu` p50 and
 * p95, the share of windows in which a probe was cut (lost over 1 ms), and the detector's
 * environment events and regressions.
 *
 * Environment: NEIGHBOURS, IDLE_S (default 15), LOADED_S (default 30), AFTER_S (default 20).
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../src/cli/chromium.js';
import { startStaticServer } from '../src/cli/static-server.js';
import { median } from '../src/stats/robust.js';
import { startBusyNeighbour } from '../test/support/busy-neighbour.js';
import { PROBE_REFERENCE_BLOCKS, PROBE_SETTLE_BLOCKS } from '../src/detect/environment.js';
import { untilCpuTested, untilProbeWindows } from '../test/support/detector-page.js';

const NEIGHBOURS = Number(process.env['NEIGHBOURS'] ?? 2 * cpus().length);
const IDLE_S = Number(process.env['IDLE_S'] ?? 15);
const LOADED_S = Number(process.env['LOADED_S'] ?? 30);
const AFTER_S = Number(process.env['AFTER_S'] ?? 20);
const root = process.cwd();

interface Collected {
  windows: { metric: string; p50: number; p95: number; max: number }[];
  environment: { state: string; change: number }[];
  regressions: { metric: string; statistic?: string; delta: number }[];
}

const server = await startStaticServer({
  routes: { '/dist/': join(root, 'dist/'), '/': join(root, 'test/fixtures/pages/') },
});
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`${server.origin}/environment.html`);
  await page.evaluate(() => {
    const collected: Collected = { windows: [], environment: [], regressions: [] };
    const target = window as unknown as {
      collected: Collected;
      monitor: { on(type: string, listener: (event: never) => void): void };
    };
    target.collected = collected;
    target.monitor.on('window', (w: Collected['windows'][number]) => collected.windows.push(w));
    target.monitor.on('environment', (e: Collected['environment'][number]) =>
      collected.environment.push(e),
    );
    target.monitor.on('regression', (r: Collected['regressions'][number]) =>
      collected.regressions.push(r),
    );
  });
  const take = (): Promise<Collected> =>
    page.evaluate(() => {
      const { collected } = window as unknown as { collected: Collected };
      const taken = { ...collected };
      collected.windows = [];
      collected.environment = [];
      collected.regressions = [];
      return taken;
    });
  await untilCpuTested(page, 60_000);
  // The detector calls the machine busier once it has learned the probe's reference.
  await untilProbeWindows(page, PROBE_SETTLE_BLOCKS + PROBE_REFERENCE_BLOCKS, 90_000);
  await take();
  const phases: [string, number, boolean][] = [
    ['idle, cpu tested', IDLE_S, false],
    [`${String(NEIGHBOURS)} busy loops on ${String(cpus().length)} cores`, LOADED_S, true],
    ['after the loops ended', AFTER_S, false],
  ];
  console.log(
    '| phase | load average | cpu p50 | cpu p95 | windows with a cut probe (over 1 ms lost) | environment events | regressions |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [name, seconds, loaded] of phases) {
    const neighbour = loaded ? startBusyNeighbour((seconds + 5) * 1000, NEIGHBOURS) : undefined;
    await page.waitForTimeout(seconds * 1000);
    neighbour?.stop();
    const { windows, environment, regressions } = await take();
    const cpu = windows.filter((w) => w.metric === 'cpu');
    const probe = windows.filter((w) => w.metric === 'env.probe');
    const slowProbes = probe.filter((w) => w.max > 1).length;
    console.log(
      `| ${name} | ${(loadavg()[0] ?? NaN).toFixed(1)} | ${median(cpu.map((w) => w.p50)).toFixed(2)} ms | ${median(cpu.map((w) => w.p95)).toFixed(2)} ms | ${String(slowProbes)} of ${String(probe.length)} | ${environment.map((e) => `${e.state} ${(e.change * 100).toFixed(0)} %`).join(', ') || 'none'} | ${regressions.map((r) => `${r.metric} ${r.statistic ?? ''} +${(r.delta * 100).toFixed(0)} %`).join(', ') || 'none'} |`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}
